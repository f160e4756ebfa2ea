using FalconX.ThreatQ;

namespace FalconX.Workflows;

/// <summary>What a <see cref="ThreatQConversion"/> hands out, and when.</summary>
public sealed class ThreatQConversionOptions
{
    /// <summary>Hand out ThreatQ bulk-consume bodies instead of entity objects.</summary>
    public bool AsConsumePayloads { get; set; }

    /// <summary>With <see cref="AsConsumePayloads"/>: the most objects per body (1 to 500).</summary>
    public int BatchSize { get; set; } = ThreatQConsumePayload.MaxBatchSize;

    /// <summary>Hand out each report's entities as it arrives instead of merging all reports at the end.</summary>
    public bool Stream { get; set; }
}
