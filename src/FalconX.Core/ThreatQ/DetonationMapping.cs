using FalconX.Models;

namespace FalconX.ThreatQ;

/// <summary>
/// What one detonation of a report adds beyond the guide's table, as <see cref="ThreatQMappingOptions.Include"/> asks:
/// the network indicators it contacted (less private addresses and sandbox noise unless
/// <see cref="ThreatQMappingOptions.IncludeNoise"/>), the hashes of the files it dropped at or above the minimum threat
/// level, and the ATT&amp;CK techniques with malicious or suspicious evidence.
/// </summary>
internal readonly struct DetonationMapping
{
    private readonly ReportMapping _report;
    private readonly SandboxResult _detonation;
    private readonly ThreatQEntity? _sample;

    /// <param name="report">The report being mapped (entities are added through it).</param>
    /// <param name="detonation">A detonation without an error.</param>
    /// <param name="sample">Its sample's SHA-256 indicator; null for a URL, or when the source object is the sample.</param>
    internal DetonationMapping(ReportMapping report, SandboxResult detonation, ThreatQEntity? sample)
    {
        _report = report;
        _detonation = detonation;
        _sample = sample;
    }

    internal void Map()
    {
        var include = _report.Options.Include;
        if ((include & ThreatQMappings.Network) != 0)
        {
            AddNetwork();
        }

        if ((include & ThreatQMappings.ExtractedFiles) != 0)
        {
            AddExtractedFiles();
        }

        if ((include & ThreatQMappings.MitreAttack) != 0)
        {
            AddAttackPatterns();
        }
    }

    private void AddNetwork()
    {
        var keepNoise = _report.Options.IncludeNoise;
        foreach (var request in _detonation.DnsRequests)
        {
            var domain = IndicatorValues.NormalizeDomain(request.Domain);
            if (domain is not null && !keepNoise && IndicatorValues.IsNoiseDomain(domain))
            {
                // What a noise name resolved to is noise too.
                continue;
            }

            if (domain is not null)
            {
                _report.Relate(_report.Indicator(ThreatQIndicatorTypes.Fqdn, domain), _sample, ThreatQRelationshipKinds.RelatedTo);
            }

            AddAddress(request.Address, null);
        }

        foreach (var host in _detonation.ContactedHosts)
        {
            AddAddress(host.Address, host.Port);
        }

        foreach (var request in _detonation.HttpRequests)
        {
            var url = IndicatorValues.BuildUrl(request.Host, request.HostPort, request.Url);
            if (url is null)
            {
                continue;
            }

            if (!keepNoise)
            {
                var host = IndicatorValues.HostOf(url);
                if (host is null ||
                    (IndicatorValues.TryNormalizeAddress(host, out _, out _, out var reserved) ? reserved : IndicatorValues.IsNoiseDomain(host)))
                {
                    continue;
                }
            }

            _report.Relate(_report.Indicator(ThreatQIndicatorTypes.Url, url), _sample, ThreatQRelationshipKinds.RelatedTo);
        }
    }

    private void AddAddress(string? text, int? port)
    {
        if (!IndicatorValues.TryNormalizeAddress(text, out var address, out var type, out var reserved))
        {
            return;
        }

        if (!_report.Options.IncludeNoise && (reserved || IndicatorValues.IsResolverTraffic(address, port)))
        {
            return;
        }

        _report.Relate(_report.Indicator(type, address), _sample, ThreatQRelationshipKinds.RelatedTo);
    }

    private void AddExtractedFiles()
    {
        var minimum = (int)_report.Options.MinimumThreatLevel;
        foreach (var file in _detonation.ExtractedFiles)
        {
            // An unrated file counts as "no specific threat": kept only when everything is asked for.
            if ((file.EffectiveThreatLevel ?? 0) < minimum)
            {
                continue;
            }

            AddExtractedHash(file, file.Sha256, 0);
            AddExtractedHash(file, file.Sha1, 1);
            AddExtractedHash(file, file.Md5, 2);
        }
    }

    private void AddExtractedHash(ExtractedFile file, string? hash, int kind)
    {
        var (length, type) = ReportMapping.HashKinds[kind];
        var value = IndicatorValues.NormalizeHash(hash, length);
        if (value is null || (_sample is not null && type == _sample.Type && value == _sample.Value))
        {
            return;
        }

        var entity = _report.Indicator(type, value);
        _report.Set.AddAttribute(entity, ThreatQAttributeNames.FileName, file.Name);
        _report.Set.AddAttribute(entity, ThreatQAttributeNames.FilePath, file.FilePath);
        _report.Relate(entity, _sample, ThreatQRelationshipKinds.DroppedBy);
    }

    private void AddAttackPatterns()
    {
        foreach (var attack in _detonation.MitreAttacks)
        {
            if (!attack.IsMaliciousOrSuspicious || string.IsNullOrWhiteSpace(attack.AttackId))
            {
                continue;
            }

            var id = attack.AttackId!.Trim().ToUpperInvariant();
            var name = string.IsNullOrWhiteSpace(attack.Technique) ? id : id + " - " + attack.Technique!.Trim();
            var entity = _report.AttackPattern(id, name);
            _report.Set.AddAttribute(entity, ThreatQAttributeNames.Tactic, attack.Tactic);
            _report.Set.AddAttribute(entity, ThreatQAttributeNames.Technique, attack.Technique);
            _report.Relate(entity, _sample, ThreatQRelationshipKinds.RelatedTo);
        }
    }
}
