namespace FalconX.Client;

/// <summary>One page of ids from a query endpoint, with the total the API reported.</summary>
public sealed class IdPage
{
    internal IdPage(System.Collections.Generic.IReadOnlyList<string> ids, int offset, long? total)
    {
        Ids = ids;
        Offset = offset;
        Total = total;
    }

    /// <summary>The ids of this page, in the order the API gave them.</summary>
    public System.Collections.Generic.IReadOnlyList<string> Ids { get; }

    /// <summary>The offset this page starts at.</summary>
    public int Offset { get; }

    /// <summary>How many ids match the filter in all (<c>meta.pagination.total</c>), when the API said.</summary>
    public long? Total { get; }
}
