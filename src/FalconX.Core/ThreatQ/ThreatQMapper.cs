using System;
using System.Collections.Generic;
using System.Globalization;
using FalconX.Models;

namespace FalconX.ThreatQ;

/// <summary>
/// Turns Falcon X reports into ThreatQ entities. The default mapping is the ThreatQ "CrowdStrike Falcon X Sandbox
/// Operation" guide's table: a Report with the console link, Origin, Tag, Verdict and File Type attributes; the
/// sample's SHA-256 (file submissions); and the MalQuery SHA-256, SHA-1 and MD5 hashes, related to the report and
/// the sample. <see cref="ThreatQMappingOptions.Include"/> adds network, extracted-file, ATT&amp;CK and report-detail
/// mappings. Pure: no I/O, no state besides the options.
/// </summary>
public sealed class ThreatQMapper
{
    /// <summary>The prefix of every Report entity's value; the report id follows.</summary>
    public const string ReportValuePrefix = "Falcon X Sandbox Report ";

    private static readonly (int Length, string Type)[] HashKinds =
    {
        (64, ThreatQIndicatorTypes.Sha256),
        (40, ThreatQIndicatorTypes.Sha1),
        (32, ThreatQIndicatorTypes.Md5),
    };

    /// <summary>A mapper with the default options.</summary>
    public ThreatQMapper()
        : this(new ThreatQMappingOptions())
    {
    }

    /// <summary>A mapper with these options.</summary>
    public ThreatQMapper(ThreatQMappingOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>The options in use.</summary>
    public ThreatQMappingOptions Options { get; }

    /// <summary>
    /// The entities of one report (a full report, or a summary, which has no MalQuery or detonation details to map):
    /// the Report first, then indicators and attack patterns in report order.
    /// </summary>
    /// <exception cref="ArgumentException">The report has no id.</exception>
    public IReadOnlyList<ThreatQEntity> Map(FalconXReportBase report)
    {
        var set = new ThreatQEntitySet();
        MapInto(report, set);
        return set.Entities;
    }

    /// <summary>Adds the entities of a report to a set, merging those already there (deduplication across reports).</summary>
    /// <exception cref="ArgumentException">The report has no id.</exception>
    public void MapInto(FalconXReportBase report, ThreatQEntitySet entities)
    {
        if (report is null)
        {
            throw new ArgumentNullException(nameof(report));
        }

        if (entities is null)
        {
            throw new ArgumentNullException(nameof(entities));
        }

        if (string.IsNullOrWhiteSpace(report.ReportId))
        {
            throw new ArgumentException("The report has no id: ThreatQ needs it to name the Report entity and to link to the report in the Falcon console.", nameof(report));
        }

        new ReportMapping(this, report, entities).Map();
    }

    /// <summary>The console link of a report under these options.</summary>
    internal string ReportLink(FalconXReportBase report)
    {
        if (!string.IsNullOrWhiteSpace(Options.ConsoleHost))
        {
            return FalconXReport.BuildConsoleUrl(report.ReportId!, Options.ConsoleHost!);
        }

        return string.IsNullOrWhiteSpace(report.ConsoleUrl)
            ? FalconXReport.BuildConsoleUrl(report.ReportId!, FalconXReport.DefaultConsoleHost)
            : report.ConsoleUrl!;
    }

    /// <summary>One report being mapped: the state shared by its steps.</summary>
    private readonly struct ReportMapping
    {
        private readonly ThreatQMapper _mapper;
        private readonly ThreatQMappingOptions _options;
        private readonly FalconXReportBase _report;
        private readonly ThreatQEntitySet _set;
        private readonly ThreatQEntity _reportEntity;

        internal ReportMapping(ThreatQMapper mapper, FalconXReportBase report, ThreatQEntitySet set)
        {
            _mapper = mapper;
            _options = mapper.Options;
            _report = report;
            _set = set;
            _reportEntity = set.GetOrAdd(ThreatQObjectTypes.Report, null, ReportValuePrefix + report.ReportId!.Trim(), _options.IndicatorStatus, report.CreatedAt, _options.SourceName);
            set.AddTags(_reportEntity, _options.Tags);
            _source = report.ThreatQSource;
            _reportEntity.AddLink(_source);
        }

        // The ThreatQ object the action ran on (an indicator or an attachment): every entity of this report is related
        // to it. On a SHA-256 indicator the sample is that indicator, so it is not mapped again (the guide maps the
        // sample's SHA-256 "only if the action is executed on a file object").
        private readonly Api.ThreatQObjectRef? _source;

        private bool SourceIsSample => _source is not null && !_source.IsFileObject;

        internal void Map()
        {
            AddReportAttributes();

            // A detonation that failed yields no indicators: what it holds is not evidence of the sample.
            var usable = 0;
            foreach (var detonation in _report.Sandbox)
            {
                if (!detonation.HasError)
                {
                    usable++;
                }
            }

            if (_report.Sandbox.Count > 0 && usable == 0)
            {
                return;
            }

            var samples = new List<ThreatQEntity>(1);
            var sampleOfDetonation = new ThreatQEntity?[_report.Sandbox.Count];
            for (var i = 0; i < _report.Sandbox.Count; i++)
            {
                var detonation = _report.Sandbox[i];
                if (detonation.HasError || !IsOfFile(detonation))
                {
                    continue;
                }

                var sha256 = IndicatorValues.NormalizeHash(detonation.Sha256, 64);
                if (sha256 is null)
                {
                    continue;
                }

                if (SourceIsSample)
                {
                    continue;
                }

                var sample = Indicator(ThreatQIndicatorTypes.Sha256, sha256);
                sample.AddRelationship(_reportEntity, ThreatQRelationshipKinds.RelatedTo);
                sampleOfDetonation[i] = sample;
                if (!samples.Contains(sample))
                {
                    samples.Add(sample);
                }
            }

            if (_options.IncludeMalQuery)
            {
                AddMalQuery(samples);
            }

            var include = _options.Include;
            if (include == ThreatQMappings.None)
            {
                return;
            }

            for (var i = 0; i < _report.Sandbox.Count; i++)
            {
                var detonation = _report.Sandbox[i];
                if (detonation.HasError)
                {
                    continue;
                }

                if ((include & ThreatQMappings.Network) != 0)
                {
                    AddNetwork(detonation, sampleOfDetonation[i]);
                }

                if ((include & ThreatQMappings.ExtractedFiles) != 0)
                {
                    AddExtractedFiles(detonation, sampleOfDetonation[i]);
                }

                if ((include & ThreatQMappings.MitreAttack) != 0)
                {
                    AddAttackPatterns(detonation, sampleOfDetonation[i]);
                }
            }
        }

        /// <summary>
        /// A detonation of a file: a file submission, or a file URL whose download the sandbox hashed. A page URL's
        /// sha256 is not a file anyone has, so it is not an indicator.
        /// </summary>
        private static bool IsOfFile(SandboxResult detonation) =>
            !detonation.IsUrlSubmission || string.Equals(detonation.SubmissionType, "file_url", StringComparison.OrdinalIgnoreCase);

        private void AddReportAttributes()
        {
            var entity = _reportEntity;
            if (_options.IncludeReportLink)
            {
                _set.AddAttribute(entity, ThreatQAttributeNames.ReportLink, _mapper.ReportLink(_report));
            }

            _set.AddAttribute(entity, ThreatQAttributeNames.Origin, _report.Origin);
            foreach (var detonation in _report.Sandbox)
            {
                foreach (var tag in detonation.ClassificationTags)
                {
                    _set.AddAttribute(entity, ThreatQAttributeNames.Tag, tag);
                }
            }

            var verdicts = 0;
            foreach (var detonation in _report.Sandbox)
            {
                if (!string.IsNullOrWhiteSpace(detonation.Verdict))
                {
                    _set.AddAttribute(entity, ThreatQAttributeNames.Verdict, detonation.Verdict);
                    verdicts++;
                }
            }

            if (verdicts == 0)
            {
                // Summaries and trimmed reports may carry the verdict at the top only.
                _set.AddAttribute(entity, ThreatQAttributeNames.Verdict, _report.Verdict);
            }

            foreach (var detonation in _report.Sandbox)
            {
                _set.AddAttribute(entity, ThreatQAttributeNames.FileType, detonation.FileType);
            }

            foreach (var detonation in _report.Sandbox)
            {
                if (detonation.HasError)
                {
                    _set.AddAttribute(entity, ThreatQAttributeNames.ErrorType, detonation.ErrorType);
                    _set.AddAttribute(entity, ThreatQAttributeNames.ErrorMessage, detonation.ErrorMessage);
                    _set.AddAttribute(entity, ThreatQAttributeNames.ErrorOrigin, detonation.ErrorOrigin);
                }
            }

            if ((_options.Include & ThreatQMappings.ReportDetails) == 0)
            {
                return;
            }

            foreach (var detonation in _report.Sandbox)
            {
                if (detonation.ThreatScore is not null)
                {
                    _set.AddAttribute(entity, ThreatQAttributeNames.ThreatScore, detonation.ThreatScore.Value.ToString(CultureInfo.InvariantCulture));
                }
            }

            foreach (var detonation in _report.Sandbox)
            {
                var environment = !string.IsNullOrWhiteSpace(detonation.EnvironmentDescription)
                    ? detonation.EnvironmentDescription
                    : detonation.EnvironmentId?.ToString(CultureInfo.InvariantCulture);
                _set.AddAttribute(entity, ThreatQAttributeNames.Environment, environment);
            }

            foreach (var detonation in _report.Sandbox)
            {
                _set.AddAttribute(entity, ThreatQAttributeNames.SubmitName, detonation.SubmitName);
            }

            foreach (var detonation in _report.Sandbox)
            {
                _set.AddAttribute(entity, ThreatQAttributeNames.SubmitUrl, detonation.SubmitUrl);
            }

            foreach (var tag in _report.ReportTags)
            {
                _set.AddAttribute(entity, ThreatQAttributeNames.SandboxTags, tag);
            }
        }

        private void AddMalQuery(List<ThreatQEntity> samples)
        {
            // Summaries carry no MalQuery section; only full reports do.
            if (_report is not FalconXReport full)
            {
                return;
            }

            foreach (var query in full.MalQuery)
            {
                foreach (var resource in query.Resources)
                {
                    AddMalQueryHash(resource.Sha256, 0, query.Verdict, samples);
                    AddMalQueryHash(resource.Sha1, 1, query.Verdict, samples);
                    AddMalQueryHash(resource.Md5, 2, query.Verdict, samples);
                }
            }
        }

        private void AddMalQueryHash(string? hash, int kind, string? verdict, List<ThreatQEntity> samples)
        {
            var (length, type) = HashKinds[kind];
            var value = IndicatorValues.NormalizeHash(hash, length);
            if (value is null || IsSample(type, value, samples) || (SourceIsSample && string.Equals(value, IndicatorValues.NormalizeHash(_source!.Value, length), StringComparison.Ordinal)))
            {
                // The sample's own hash in MalQuery says nothing new, and its MalQuery verdict must not land on it.
                return;
            }

            // The status is always the configured one: a "whitelisted" MalQuery verdict is only an attribute.
            var entity = Indicator(type, value);
            _set.AddAttribute(entity, ThreatQAttributeNames.MalQueryVerdict, verdict);
            Relate(entity, samples, ThreatQRelationshipKinds.RelatedTo);
        }

        private void AddNetwork(SandboxResult detonation, ThreatQEntity? sample)
        {
            var keepNoise = _options.IncludeNoise;
            foreach (var request in detonation.DnsRequests)
            {
                var domain = IndicatorValues.NormalizeDomain(request.Domain);
                if (domain is not null && !keepNoise && IndicatorValues.IsNoiseDomain(domain))
                {
                    // What a noise name resolved to is noise too.
                    continue;
                }

                if (domain is not null)
                {
                    Relate(Indicator(ThreatQIndicatorTypes.Fqdn, domain), sample, ThreatQRelationshipKinds.RelatedTo);
                }

                AddAddress(request.Address, null, sample);
            }

            foreach (var host in detonation.ContactedHosts)
            {
                AddAddress(host.Address, host.Port, sample);
            }

            foreach (var request in detonation.HttpRequests)
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

                Relate(Indicator(ThreatQIndicatorTypes.Url, url), sample, ThreatQRelationshipKinds.RelatedTo);
            }
        }

        private void AddAddress(string? text, int? port, ThreatQEntity? sample)
        {
            if (!IndicatorValues.TryNormalizeAddress(text, out var address, out var type, out var reserved))
            {
                return;
            }

            if (!_options.IncludeNoise && (reserved || IndicatorValues.IsResolverTraffic(address, port)))
            {
                return;
            }

            Relate(Indicator(type, address), sample, ThreatQRelationshipKinds.RelatedTo);
        }

        private void AddExtractedFiles(SandboxResult detonation, ThreatQEntity? sample)
        {
            var minimum = (int)_options.MinimumThreatLevel;
            foreach (var file in detonation.ExtractedFiles)
            {
                // An unrated file counts as "no specific threat": kept only when everything is asked for.
                if ((file.EffectiveThreatLevel ?? 0) < minimum)
                {
                    continue;
                }

                AddExtractedHash(file, file.Sha256, 0, sample);
                AddExtractedHash(file, file.Sha1, 1, sample);
                AddExtractedHash(file, file.Md5, 2, sample);
            }
        }

        private void AddExtractedHash(ExtractedFile file, string? hash, int kind, ThreatQEntity? sample)
        {
            var (length, type) = HashKinds[kind];
            var value = IndicatorValues.NormalizeHash(hash, length);
            if (value is null || (sample is not null && type == sample.Type && value == sample.Value))
            {
                return;
            }

            var entity = Indicator(type, value);
            _set.AddAttribute(entity, ThreatQAttributeNames.FileName, file.Name);
            _set.AddAttribute(entity, ThreatQAttributeNames.FilePath, file.FilePath);
            entity.AddRelationship(_reportEntity, ThreatQRelationshipKinds.RelatedTo);
            if (sample is not null)
            {
                entity.AddRelationship(sample, ThreatQRelationshipKinds.DroppedBy);
            }
        }

        private void AddAttackPatterns(SandboxResult detonation, ThreatQEntity? sample)
        {
            foreach (var attack in detonation.MitreAttacks)
            {
                if (!attack.IsMaliciousOrSuspicious || string.IsNullOrWhiteSpace(attack.AttackId))
                {
                    continue;
                }

                var id = attack.AttackId!.Trim().ToUpperInvariant();
                var name = string.IsNullOrWhiteSpace(attack.Technique) ? id : id + " - " + attack.Technique!.Trim();
                var entity = _set.GetOrAdd(ThreatQObjectTypes.AttackPattern, null, name, _options.IndicatorStatus, _report.CreatedAt, _options.SourceName, identity: id);
                entity.AddLink(_source);
                _set.AddTags(entity, _options.Tags);
                _set.AddAttribute(entity, ThreatQAttributeNames.Tactic, attack.Tactic);
                _set.AddAttribute(entity, ThreatQAttributeNames.Technique, attack.Technique);
                Relate(entity, sample, ThreatQRelationshipKinds.RelatedTo);
            }
        }

        private ThreatQEntity Indicator(string type, string value)
        {
            var entity = _set.GetOrAdd(ThreatQObjectTypes.Indicator, type, value, _options.IndicatorStatus, _report.CreatedAt, _options.SourceName);
            entity.AddLink(_source);
            if (_options.Tags.Count > 0)
            {
                _set.AddTags(entity, _options.Tags);
            }

            return entity;
        }

        private void Relate(ThreatQEntity entity, ThreatQEntity? sample, string kind)
        {
            entity.AddRelationship(_reportEntity, ThreatQRelationshipKinds.RelatedTo);
            if (sample is not null)
            {
                entity.AddRelationship(sample, kind);
            }
        }

        private void Relate(ThreatQEntity entity, List<ThreatQEntity> samples, string kind)
        {
            entity.AddRelationship(_reportEntity, ThreatQRelationshipKinds.RelatedTo);
            foreach (var sample in samples)
            {
                entity.AddRelationship(sample, kind);
            }
        }

        private static bool IsSample(string type, string value, List<ThreatQEntity> samples)
        {
            foreach (var sample in samples)
            {
                if (sample.Type == type && sample.Value == value)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
