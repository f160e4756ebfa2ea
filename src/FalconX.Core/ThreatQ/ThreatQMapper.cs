using System;
using System.Collections.Generic;
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
}
