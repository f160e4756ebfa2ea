using System.Collections.Generic;

namespace FalconX.ThreatQ.Api;

/// <summary>What to read from ThreatQ's attachments: every criterion given must match.</summary>
public sealed class ThreatQAttachmentQuery
{
    /// <summary>Attachment ids.</summary>
    public IList<long> Ids { get; } = new List<long>();

    /// <summary>The file name (exact, case-insensitive).</summary>
    public string? Name { get; set; }

    /// <summary>The attachment type, e.g. <c>Malware Sample</c>.</summary>
    public string? Type { get; set; }

    /// <summary>A tag name.</summary>
    public string? Tag { get; set; }

    /// <summary>Most attachments to return; 0 for all.</summary>
    public int First { get; set; }

    /// <summary>Attachments per request (default 500).</summary>
    public int PageSize { get; set; } = 500;
}
