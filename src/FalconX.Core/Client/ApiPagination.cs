namespace FalconX.Client;

/// <summary><c>meta.pagination</c>: offset/limit/total, plus the cursor some endpoints use.</summary>
internal sealed class ApiPagination
{
    public int Offset { get; init; }

    public int Limit { get; init; }

    public long Total { get; init; }

    /// <summary>The <c>after</c> or <c>next_token</c> cursor, when the endpoint pages that way.</summary>
    public string? After { get; init; }
}
