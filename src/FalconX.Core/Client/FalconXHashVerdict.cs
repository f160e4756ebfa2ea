using System;
using System.Collections.Generic;

namespace FalconX.Client;

/// <summary>The worst verdict and highest threat score the tenant's reports give one SHA-256, across environments.</summary>
public sealed class FalconXHashVerdict
{
    internal FalconXHashVerdict(string sha256)
    {
        Sha256 = sha256;
    }

    /// <summary>The SHA-256 (lower case).</summary>
    public string Sha256 { get; }

    /// <summary>
    /// The worst verdict of its reports: malicious, then suspicious, then no specific threat, then no verdict, then
    /// whitelisted; null when it has no report with a verdict (none at all, or only failed detonations).
    /// </summary>
    public string? Verdict { get; internal set; }

    /// <summary>The highest threat score of its reports (0 to 100), or null when none has one.</summary>
    public int? ThreatScore { get; internal set; }

    /// <summary>The environments it was detonated in (ids, ascending).</summary>
    public IReadOnlyList<int> EnvironmentIds { get; internal set; } = Array.Empty<int>();

    /// <summary>How many reports were read (failed detonations included).</summary>
    public int ReportCount { get; internal set; }

    /// <summary>How many of them are failed detonations (no verdict of their own).</summary>
    public int FailedCount { get; internal set; }

    /// <summary>When the newest report was made.</summary>
    public DateTimeOffset? LatestAt { get; internal set; }

    /// <summary>The report that gave <see cref="Verdict"/> (the newest among equals).</summary>
    public string? WorstReportId { get; internal set; }

    /// <summary>Every report id read, newest first.</summary>
    public IReadOnlyList<string> ReportIds { get; internal set; } = Array.Empty<string>();

    /// <summary>True when at least one report exists.</summary>
    public bool HasReport => ReportCount > 0;

    /// <inheritdoc />
    public override string ToString() => $"{Sha256} {Verdict ?? "(no report)"} {ThreatScore}";
}
