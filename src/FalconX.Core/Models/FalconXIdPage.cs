using System;
using System.Collections.Generic;

namespace FalconX.Models;

/// <summary>One page of ids from a query endpoint, with the paging figures the API sent.</summary>
public sealed class FalconXIdPage
{
    /// <summary>Creates a page.</summary>
    public FalconXIdPage(IReadOnlyList<string> ids, int offset, int limit, long total)
    {
        Ids = ids ?? Array.Empty<string>();
        Offset = offset;
        Limit = limit;
        Total = total;
    }

    /// <summary>The ids on this page, in the order the API sorted them.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>Where this page starts among all matches.</summary>
    public int Offset { get; }

    /// <summary>The page size that was asked for.</summary>
    public int Limit { get; }

    /// <summary>How many ids match the query in all.</summary>
    public long Total { get; }

    /// <summary>The offset of the next page, or null when this is the last one.</summary>
    public int? NextOffset => Ids.Count > 0 && Offset + Ids.Count < Total ? Offset + Ids.Count : null;
}
