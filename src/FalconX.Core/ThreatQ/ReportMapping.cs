using System;
using System.Collections.Generic;
using System.Globalization;
using FalconX.Models;
using FalconX.ThreatQ.Api;

namespace FalconX.ThreatQ;

/// <summary>
/// One report being mapped by <see cref="ThreatQMapper"/>: the Report entity and its attributes, the sample of each
/// detonation and the MalQuery hashes (the guide's table), then, per detonation, the opt-in mappings of
/// <see cref="DetonationMapping"/>. Holds the state its steps share and the two ways they add an entity.
/// </summary>
internal readonly struct ReportMapping
{
    /// <summary>The hex length of each hash type, in the order reports list them.</summary>
    internal static readonly (int Length, string Type)[] HashKinds =
    {
        (64, ThreatQIndicatorTypes.Sha256),
        (40, ThreatQIndicatorTypes.Sha1),
        (32, ThreatQIndicatorTypes.Md5),
    };

    private readonly ThreatQMapper _mapper;

    // The ThreatQ object the action ran on (an indicator or an attachment): every entity of this report is related
    // to it. On a SHA-256 indicator the sample is that indicator, so it is not mapped again (the guide maps the
    // sample's SHA-256 "only if the action is executed on a file object").
    private readonly ThreatQObjectRef? _source;

    internal ReportMapping(ThreatQMapper mapper, FalconXReportBase report, ThreatQEntitySet set)
    {
        _mapper = mapper;
        Options = mapper.Options;
        Report = report;
        Set = set;
        ReportEntity = set.GetOrAdd(ThreatQObjectTypes.Report, null, ThreatQMapper.ReportValuePrefix + report.ReportId!.Trim(), Options.IndicatorStatus, report.CreatedAt, Options.SourceName);
        set.AddTags(ReportEntity, Options.Tags);
        _source = report.ThreatQSource;
        ReportEntity.AddLink(_source);
    }

    /// <summary>The mapping options.</summary>
    internal ThreatQMappingOptions Options { get; }

    /// <summary>The report being mapped.</summary>
    internal FalconXReportBase Report { get; }

    /// <summary>The Report entity: everything found in the report is related to it.</summary>
    internal ThreatQEntity ReportEntity { get; }

    /// <summary>The entities mapped so far (of this report and of the reports mapped before it into the same set).</summary>
    internal ThreatQEntitySet Set { get; }

    private bool SourceIsSample => _source is not null && !_source.IsFileObject;

    internal void Map()
    {
        AddReportAttributes();

        // A detonation that failed yields no indicators: what it holds is not evidence of the sample.
        var usable = 0;
        foreach (var detonation in Report.Sandbox)
        {
            if (!detonation.HasError)
            {
                usable++;
            }
        }

        if (Report.Sandbox.Count > 0 && usable == 0)
        {
            return;
        }

        var samples = new List<ThreatQEntity>(1);
        var sampleOfDetonation = new ThreatQEntity?[Report.Sandbox.Count];
        for (var i = 0; i < Report.Sandbox.Count; i++)
        {
            var detonation = Report.Sandbox[i];
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
            sample.AddRelationship(ReportEntity, ThreatQRelationshipKinds.RelatedTo);
            sampleOfDetonation[i] = sample;
            if (!samples.Contains(sample))
            {
                samples.Add(sample);
            }
        }

        if (Options.IncludeMalQuery)
        {
            AddMalQuery(samples);
        }

        if (Options.Include == ThreatQMappings.None)
        {
            return;
        }

        for (var i = 0; i < Report.Sandbox.Count; i++)
        {
            var detonation = Report.Sandbox[i];
            if (!detonation.HasError)
            {
                new DetonationMapping(this, detonation, sampleOfDetonation[i]).Map();
            }
        }
    }

    /// <summary>The indicator of this type and value, created once per set, linked to the source, tagged.</summary>
    internal ThreatQEntity Indicator(string type, string value)
    {
        var entity = Set.GetOrAdd(ThreatQObjectTypes.Indicator, type, value, Options.IndicatorStatus, Report.CreatedAt, Options.SourceName);
        entity.AddLink(_source);
        if (Options.Tags.Count > 0)
        {
            Set.AddTags(entity, Options.Tags);
        }

        return entity;
    }

    /// <summary>An attack pattern named after its technique, created once per set, linked to the source, tagged.</summary>
    internal ThreatQEntity AttackPattern(string id, string name)
    {
        var entity = Set.GetOrAdd(ThreatQObjectTypes.AttackPattern, null, name, Options.IndicatorStatus, Report.CreatedAt, Options.SourceName, identity: id);
        entity.AddLink(_source);
        Set.AddTags(entity, Options.Tags);
        return entity;
    }

    /// <summary>Relates the entity to the report, and to the sample (when there is one) as <paramref name="kind"/>.</summary>
    internal void Relate(ThreatQEntity entity, ThreatQEntity? sample, string kind)
    {
        entity.AddRelationship(ReportEntity, ThreatQRelationshipKinds.RelatedTo);
        if (sample is not null)
        {
            entity.AddRelationship(sample, kind);
        }
    }

    /// <summary>
    /// A detonation of a file: a file submission, or a file URL whose download the sandbox hashed. A page URL's
    /// sha256 is not a file anyone has, so it is not an indicator.
    /// </summary>
    private static bool IsOfFile(SandboxResult detonation) =>
        !detonation.IsUrlSubmission || string.Equals(detonation.SubmissionType, "file_url", StringComparison.OrdinalIgnoreCase);

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

    private void AddReportAttributes()
    {
        var entity = ReportEntity;
        if (Options.IncludeReportLink)
        {
            Set.AddAttribute(entity, ThreatQAttributeNames.ReportLink, _mapper.ReportLink(Report));
        }

        Set.AddAttribute(entity, ThreatQAttributeNames.Origin, Report.Origin);
        foreach (var detonation in Report.Sandbox)
        {
            foreach (var tag in detonation.ClassificationTags)
            {
                Set.AddAttribute(entity, ThreatQAttributeNames.Tag, tag);
            }
        }

        var verdicts = 0;
        foreach (var detonation in Report.Sandbox)
        {
            if (!string.IsNullOrWhiteSpace(detonation.Verdict))
            {
                Set.AddAttribute(entity, ThreatQAttributeNames.Verdict, detonation.Verdict);
                verdicts++;
            }
        }

        if (verdicts == 0)
        {
            // Summaries and trimmed reports may carry the verdict at the top only.
            Set.AddAttribute(entity, ThreatQAttributeNames.Verdict, Report.Verdict);
        }

        foreach (var detonation in Report.Sandbox)
        {
            Set.AddAttribute(entity, ThreatQAttributeNames.FileType, detonation.FileType);
        }

        foreach (var detonation in Report.Sandbox)
        {
            if (detonation.HasError)
            {
                Set.AddAttribute(entity, ThreatQAttributeNames.ErrorType, detonation.ErrorType);
                Set.AddAttribute(entity, ThreatQAttributeNames.ErrorMessage, detonation.ErrorMessage);
                Set.AddAttribute(entity, ThreatQAttributeNames.ErrorOrigin, detonation.ErrorOrigin);
            }
        }

        if ((Options.Include & ThreatQMappings.ReportDetails) == 0)
        {
            return;
        }

        foreach (var detonation in Report.Sandbox)
        {
            if (detonation.ThreatScore is not null)
            {
                Set.AddAttribute(entity, ThreatQAttributeNames.ThreatScore, detonation.ThreatScore.Value.ToString(CultureInfo.InvariantCulture));
            }
        }

        foreach (var detonation in Report.Sandbox)
        {
            var environment = !string.IsNullOrWhiteSpace(detonation.EnvironmentDescription)
                ? detonation.EnvironmentDescription
                : detonation.EnvironmentId?.ToString(CultureInfo.InvariantCulture);
            Set.AddAttribute(entity, ThreatQAttributeNames.Environment, environment);
        }

        foreach (var detonation in Report.Sandbox)
        {
            Set.AddAttribute(entity, ThreatQAttributeNames.SubmitName, detonation.SubmitName);
        }

        foreach (var detonation in Report.Sandbox)
        {
            Set.AddAttribute(entity, ThreatQAttributeNames.SubmitUrl, detonation.SubmitUrl);
        }

        foreach (var tag in Report.ReportTags)
        {
            Set.AddAttribute(entity, ThreatQAttributeNames.SandboxTags, tag);
        }
    }

    private void AddMalQuery(List<ThreatQEntity> samples)
    {
        // Summaries carry no MalQuery section; only full reports do.
        if (Report is not FalconXReport full)
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
        Set.AddAttribute(entity, ThreatQAttributeNames.MalQueryVerdict, verdict);
        entity.AddRelationship(ReportEntity, ThreatQRelationshipKinds.RelatedTo);
        foreach (var sample in samples)
        {
            entity.AddRelationship(sample, ThreatQRelationshipKinds.RelatedTo);
        }
    }
}
