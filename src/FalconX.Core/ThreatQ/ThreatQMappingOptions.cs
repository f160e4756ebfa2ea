using System;
using System.Collections.Generic;

namespace FalconX.ThreatQ;

/// <summary>How reports are turned into ThreatQ entities.</summary>
public sealed class ThreatQMappingOptions
{
    /// <summary>The source every entity carries unless told otherwise.</summary>
    public const string DefaultSourceName = "CrowdStrike Falcon X Sandbox";

    /// <summary>The status every entity carries unless told otherwise.</summary>
    public const string DefaultIndicatorStatus = "Review";

    private string _sourceName = DefaultSourceName;
    private string _indicatorStatus = DefaultIndicatorStatus;

    /// <summary>The ThreatQ source of every entity (default <c>CrowdStrike Falcon X Sandbox</c>).</summary>
    public string SourceName
    {
        get => _sourceName;
        set => _sourceName = string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("The source name cannot be empty.", nameof(value)) : value.Trim();
    }

    /// <summary>The ThreatQ status of every entity (default <c>Review</c>); never changed by a verdict.</summary>
    public string IndicatorStatus
    {
        get => _indicatorStatus;
        set => _indicatorStatus = string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("The status cannot be empty.", nameof(value)) : value.Trim();
    }

    /// <summary>ThreatQ tags to put on every entity, e.g. a case number; none by default.</summary>
    public IList<string> Tags { get; } = new List<string>();

    /// <summary>The opt-in mappings to apply on top of the default.</summary>
    public ThreatQMappings Include { get; set; }

    /// <summary>With <see cref="ThreatQMappings.ExtractedFiles"/>: the lowest threat level mapped (default Suspicious).</summary>
    public ExtractedFileThreatLevel MinimumThreatLevel { get; set; } = ExtractedFileThreatLevel.Suspicious;

    /// <summary>
    /// The console host for the report link, e.g. <c>falcon.us-2.crowdstrike.com</c>. Null: the report's own
    /// <see cref="Models.FalconXReportBase.ConsoleUrl"/> when it has one, else US-1.
    /// </summary>
    public string? ConsoleHost { get; set; }

    /// <summary>The guide's optional report link attribute ("Falcon X Sandbox Report Summary Link"); on by default.</summary>
    public bool IncludeReportLink { get; set; } = true;

    /// <summary>The guide's optional MalQuery hashes as related indicators; on by default.</summary>
    public bool IncludeMalQuery { get; set; } = true;

    /// <summary>
    /// Keep private and reserved addresses and the sandbox's own traffic (see <see cref="IndicatorValues"/>) as
    /// indicators too. Off by default.
    /// </summary>
    public bool IncludeNoise { get; set; }
}
