using System;
using System.Collections.Generic;

namespace FalconX.ThreatQ;

/// <summary>The opt-in mappings, beyond the ThreatQ guide's default table.</summary>
[Flags]
public enum ThreatQMappings
{
    /// <summary>The guide's default mapping only.</summary>
    None = 0,

    /// <summary>DNS domains as FQDN, DNS and contacted-host addresses as IP Address / IPv6 Address, HTTP requests as URL.</summary>
    Network = 1,

    /// <summary>Extracted files as SHA-256, SHA-1 and MD5 indicators with File Name and File Path, "dropped by" the sample.</summary>
    ExtractedFiles = 2,

    /// <summary>One Attack Pattern per MITRE ATT&amp;CK technique with malicious or suspicious evidence.</summary>
    MitreAttack = 4,

    /// <summary>Threat Score, Environment, Submit Name, Submit URL and Sandbox Tags attributes on the report.</summary>
    ReportDetails = 8,

    /// <summary>Every opt-in mapping.</summary>
    All = Network | ExtractedFiles | MitreAttack | ReportDetails,
}

/// <summary>The lowest threat level of an extracted file that still becomes an indicator.</summary>
public enum ExtractedFileThreatLevel
{
    /// <summary>Every extracted file, including those rated "no specific threat" or not rated.</summary>
    NoSpecificThreat = 0,

    /// <summary>Files rated suspicious or malicious (the default).</summary>
    Suspicious = 1,

    /// <summary>Files rated malicious only.</summary>
    Malicious = 2,
}

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
