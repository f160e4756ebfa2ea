namespace FalconX.ThreatQ;

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
