using System.Collections.Generic;

namespace FalconX.ThreatQ.Api;

/// <summary>What to read from ThreatQ's indicators: every criterion given must match.</summary>
public sealed class ThreatQIndicatorQuery
{
    /// <summary>Exact values (any of them).</summary>
    public IList<string> Values { get; } = new List<string>();

    /// <summary>The indicator type, e.g. <c>SHA-256</c>.</summary>
    public string? Type { get; set; }

    /// <summary>The status, e.g. <c>Review</c>.</summary>
    public string? Status { get; set; }

    /// <summary>A tag name.</summary>
    public string? Tag { get; set; }

    /// <summary>Most indicators to return; 0 for all.</summary>
    public int First { get; set; }

    /// <summary>Indicators per request (1 to 1000; default 500, the page size ThreatQ's own integrations use).</summary>
    public int PageSize { get; set; } = 500;
}
