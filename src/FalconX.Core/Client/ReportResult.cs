using System;
using FalconX.Models;

namespace FalconX.Client;

/// <summary>
/// The outcome for one requested id of a batched lookup: the report (or summary), or why there is none. Lookups
/// of many ids never throw for one bad id; each id gets its own result, in the order the ids were given.
/// </summary>
/// <typeparam name="T"><see cref="FalconXReport"/> or <see cref="FalconXReportSummary"/>.</typeparam>
public sealed class ReportResult<T>
    where T : FalconXReportBase
{
    internal ReportResult(string id, int index, T? report, FalconXApiException? error)
    {
        Id = id;
        Index = index;
        Report = report;
        Error = error;
    }

    /// <summary>The id as it was asked for.</summary>
    public string Id { get; }

    /// <summary>Its position in the input (0-based).</summary>
    public int Index { get; }

    /// <summary>The report, or null when <see cref="Error"/> says why there is none.</summary>
    public T? Report { get; }

    /// <summary>
    /// Why there is no report: <see cref="FalconXErrorKind.NotFound"/> (unknown, deleted or not finished yet),
    /// <see cref="FalconXErrorKind.InvalidRequest"/> (not an id), <see cref="FalconXErrorKind.InvalidResponse"/> (the
    /// API's answer could not be read), or whatever made the request for its batch fail.
    /// </summary>
    public FalconXApiException? Error { get; }

    /// <summary>True when there is a report.</summary>
    public bool Succeeded => Report is not null;

    /// <inheritdoc />
    public override string ToString() => Report is not null ? Id : $"{Id}: {Error?.Message}";

    internal static ReportResult<T> Failed(string id, int index, FalconXApiException error) =>
        new(id, index, null, error ?? throw new ArgumentNullException(nameof(error)));
}
