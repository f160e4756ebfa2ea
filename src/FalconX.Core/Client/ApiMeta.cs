using FalconX.Models;

namespace FalconX.Client;

/// <summary>The standard envelope's <c>meta</c>.</summary>
internal sealed class ApiMeta
{
    public static ApiMeta Empty { get; } = new();

    public double? QueryTime { get; init; }

    public string? TraceId { get; init; }

    public string? PoweredBy { get; init; }

    public ApiPagination? Pagination { get; init; }

    public FalconXQuota? Quota { get; init; }

    /// <summary>Number of objects a write changed (<c>meta.writes.resources_affected</c>).</summary>
    public int? ResourcesAffected { get; init; }
}
