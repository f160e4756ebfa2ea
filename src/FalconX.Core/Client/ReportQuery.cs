namespace FalconX.Client;

/// <summary>What to ask the report query endpoint (<c>GET /falconx/queries/reports/v1</c>) for.</summary>
public sealed class ReportQuery
{
    /// <summary>An FQL filter, e.g. <c>verdict:'malicious'+sandbox.environment_id:160</c>; null for every report.</summary>
    public string? Filter { get; set; }

    /// <summary>The API's sort, e.g. <c>created_timestamp.desc</c> (the default when null), <c>asc</c> or <c>desc</c>.</summary>
    public string? Sort { get; set; }

    /// <summary>The most ids to return in all; null for every match (paged through).</summary>
    public int? Limit { get; set; }

    /// <summary>How many matches to skip first.</summary>
    public int Offset { get; set; }

    /// <summary>Ids asked for per request, 1 to 5000 (the API's maximum). Default 5000.</summary>
    public int PageSize { get; set; } = FalconXClient.MaxQueryPageSize;
}
