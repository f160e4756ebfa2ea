namespace FalconX.Models;

/// <summary>What a read is for, passed down the whole read instead of kept in a thread-wide switch.</summary>
internal enum ReadPurpose
{
    /// <summary>Everything, with unknown fields kept in AdditionalProperties.</summary>
    Full,

    /// <summary>
    /// Only what ThreatQ mapping reads (ConvertTo-ThreatQEntity maps the reports and lets them go): fields marked
    /// not mapped and unknown fields are passed over without their values being read, which halves the work.
    /// </summary>
    Mapping,
}
