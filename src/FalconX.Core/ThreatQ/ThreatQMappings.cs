using System;

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
