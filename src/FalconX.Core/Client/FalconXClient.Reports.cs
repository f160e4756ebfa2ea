using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Models;

namespace FalconX.Client;

public sealed partial class FalconXClient
{
    /// <summary>The most ids the query endpoints return per request.</summary>
    public const int MaxQueryPageSize = 5000;

    private const string ReportQueryPath = "falconx/queries/reports/v1";
    private const string ReportsPath = "falconx/entities/reports/v1";
    private const string SummariesPath = "falconx/entities/report-summaries/v1";

    /// <summary>True for a report or submission id: <c>&lt;32 hex&gt;_&lt;32 hex&gt;</c> (same as <see cref="FalconXIds.IsReportId"/>).</summary>
    public static bool IsReportId(string? id) => FalconXIds.IsReportId(id);

    /// <summary>True for 64 hexadecimal characters (same as <see cref="FalconXIds.IsSha256"/>).</summary>
    public static bool IsSha256(string? sha256) => FalconXIds.IsSha256(sha256);

    /// <summary>Trims and lower-cases a SHA-256; throws when it is not one.</summary>
    /// <exception cref="ArgumentException">Not 64 hexadecimal characters.</exception>
    public static string NormalizeSha256(string sha256)
    {
        if (sha256 is null || !IsSha256(sha256))
        {
            throw new ArgumentException($"'{sha256}' is not a SHA-256: expected 64 hexadecimal characters.", nameof(sha256));
        }

        return sha256.Trim().ToLowerInvariant();
    }

    /// <summary>One page of report ids matching a filter (<c>GET /falconx/queries/reports/v1</c>).</summary>
    /// <param name="filter">FQL, or null for all reports.</param>
    /// <param name="offset">Matches to skip.</param>
    /// <param name="limit">Ids to return, 1 to 5000.</param>
    /// <param name="sort">e.g. <c>created_timestamp.desc</c>; null for the API's default.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="FalconXApiException">The call failed (e.g. an FQL syntax error is <see cref="FalconXErrorKind.InvalidRequest"/>).</exception>
    public Task<IdPage> QueryReportIdsPageAsync(string? filter, int offset = 0, int limit = 100, string? sort = null, CancellationToken cancellationToken = default) =>
        QueryIdsPageAsync(ReportQueryPath, filter, offset, limit, sort, cancellationToken);

    /// <summary>
    /// Every report id matching the query, newest first by default, fetched page by page as the enumeration goes
    /// (stops at <see cref="ReportQuery.Limit"/>, or when the API's total is reached).
    /// </summary>
    /// <exception cref="FalconXApiException">A page could not be fetched.</exception>
    public IAsyncEnumerable<string> QueryReportIdsAsync(ReportQuery query, CancellationToken cancellationToken = default) =>
        QueryIdsAsync(ReportQueryPath, query ?? throw new ArgumentNullException(nameof(query)), cancellationToken);

    /// <summary>
    /// The ids of every report of the given samples (optionally in one environment), newest first. Many hashes are
    /// asked for in few requests (<c>sandbox.sha256:['a','b',…]</c>, as many as the URL allows).
    /// </summary>
    /// <exception cref="ArgumentException">One of the hashes is not a SHA-256.</exception>
    /// <exception cref="FalconXApiException">A query failed.</exception>
    public async Task<IReadOnlyList<string>> FindReportIdsBySha256Async(IEnumerable<string> sha256, int? environmentId = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var hashes = (sha256 ?? throw new ArgumentNullException(nameof(sha256))).Select(NormalizeSha256).Distinct(StringComparer.Ordinal).ToList();
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in SplitHashesForFilter(hashes, environmentId))
        {
            var query = new ReportQuery { Filter = FalconXFql.Sha256(group, environmentId), Sort = "created_timestamp.desc" };
            await foreach (var id in QueryReportIdsAsync(query, cancellationToken).ConfigureAwait(false))
            {
                if (seen.Add(id))
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    /// <summary>
    /// Full reports by id (<c>GET /falconx/entities/reports/v1</c>): one result per id, in the order given (repeats
    /// included), yielded as soon as it and every earlier one are known. Ids are sent as many per request as
    /// <see cref="FalconXClientOptions.MaxUrlLength"/> allows and <see cref="FalconXClientOptions.MaxParallelRequests"/>
    /// requests at a time. An unknown id, a malformed id or an unreadable report is an error in its result, not an exception.
    /// </summary>
    public IAsyncEnumerable<ReportResult<FalconXReport>> GetReportsAsync(IEnumerable<string> ids, CancellationToken cancellationToken = default) =>
        GetManyAsync(ids, ReportsPath, "report", ReportParser.ParseReport, cancellationToken);

    /// <summary>
    /// Like <see cref="GetReportsAsync(IEnumerable{string}, CancellationToken)"/>; with <paramref name="keepRawJson"/>
    /// each report's <see cref="FalconXReportBase.RawJson"/> holds the report exactly as the API sent it.
    /// </summary>
    public IAsyncEnumerable<ReportResult<FalconXReport>> GetReportsAsync(IEnumerable<string> ids, bool keepRawJson, CancellationToken cancellationToken = default) =>
        GetManyAsync(ids, ReportsPath, "report", keepRawJson ? ReportParser.KeepingRawJson<FalconXReport>(ReportParser.ParseReport) : ReportParser.ParseReport, cancellationToken);

    /// <summary>Report summaries by id (<c>GET /falconx/entities/report-summaries/v1</c>), batched and ordered like <see cref="GetReportsAsync(IEnumerable{string}, CancellationToken)"/>.</summary>
    public IAsyncEnumerable<ReportResult<FalconXReportSummary>> GetReportSummariesAsync(IEnumerable<string> ids, CancellationToken cancellationToken = default) =>
        GetManyAsync(ids, SummariesPath, "report summary", ReportParser.ParseSummary, cancellationToken);

    /// <summary>Like <see cref="GetReportSummariesAsync(IEnumerable{string}, CancellationToken)"/>, keeping each summary's JSON in <see cref="FalconXReportBase.RawJson"/> when asked.</summary>
    public IAsyncEnumerable<ReportResult<FalconXReportSummary>> GetReportSummariesAsync(IEnumerable<string> ids, bool keepRawJson, CancellationToken cancellationToken = default) =>
        GetManyAsync(ids, SummariesPath, "report summary", keepRawJson ? ReportParser.KeepingRawJson<FalconXReportSummary>(ReportParser.ParseSummary) : ReportParser.ParseSummary, cancellationToken);

    /// <summary>One full report.</summary>
    /// <exception cref="FalconXApiException">No such report (<see cref="FalconXErrorKind.NotFound"/>), or the call failed.</exception>
    public async Task<FalconXReport> GetReportAsync(string id, CancellationToken cancellationToken = default)
    {
        await foreach (var result in GetReportsAsync(new[] { id }, cancellationToken).ConfigureAwait(false))
        {
            return result.Report ?? throw result.Error!;
        }

        throw new InvalidOperationException("No result for the report id.");
    }

    /// <summary>
    /// Deletes a report (<c>DELETE /falconx/entities/reports/v1</c>). The API deletes asynchronously: the report may
    /// still be returned for a short while.
    /// </summary>
    /// <exception cref="FalconXApiException">No such report (<see cref="FalconXErrorKind.NotFound"/>), or the call failed.</exception>
    public async Task DeleteReportAsync(string id, CancellationToken cancellationToken = default)
    {
        if (id is null || !IsReportId(id))
        {
            throw new ArgumentException($"'{id}' is not a report id: report ids look like <32 hex>_<32 hex>.", nameof(id));
        }

        await SendAsync(new ApiRequest(HttpMethod.Delete, ReportsPath).AddQuery("ids", id.Trim()), cancellationToken).ConfigureAwait(false);
    }

    internal async Task<IdPage> QueryIdsPageAsync(string path, string? filter, int offset, int limit, string? sort, CancellationToken cancellationToken)
    {
        if (limit < 1 || limit > MaxQueryPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"The limit must be between 1 and {MaxQueryPageSize}.");
        }

        if (offset < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "The offset cannot be negative.");
        }

        var request = new ApiRequest(HttpMethod.Get, path)
            .AddQuery("filter", string.IsNullOrWhiteSpace(filter) ? null : filter)
            .AddQuery("offset", offset == 0 ? null : offset.ToString(CultureInfo.InvariantCulture))
            .AddQuery("limit", limit)
            .AddQuery("sort", string.IsNullOrWhiteSpace(sort) ? null : sort);
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return new IdPage(response.GetResourceStrings(), offset, response.Meta.Pagination?.Total);
    }

    internal async IAsyncEnumerable<string> QueryIdsAsync(string path, ReportQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        if (query.PageSize < 1 || query.PageSize > MaxQueryPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.PageSize, $"PageSize must be between 1 and {MaxQueryPageSize}.");
        }

        if (query.Limit is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, "Limit cannot be negative.");
        }

        var offset = Math.Max(0, query.Offset);
        var returned = 0;
        while (query.Limit is not int cap || returned < cap)
        {
            var size = query.Limit is int limit ? Math.Min(query.PageSize, limit - returned) : query.PageSize;
            var page = await QueryIdsPageAsync(path, query.Filter, offset, size, query.Sort, cancellationToken).ConfigureAwait(false);
            foreach (var id in page.Ids)
            {
                yield return id;
            }

            returned += page.Ids.Count;
            offset += page.Ids.Count;
            if (page.Ids.Count == 0 || page.Ids.Count < size || (page.Total is long total && offset >= total))
            {
                yield break;
            }
        }
    }

    /// <summary>Groups hashes so that each <c>sandbox.sha256:[…]</c> filter keeps the query URL within the budget.</summary>
    private IEnumerable<List<string>> SplitHashesForFilter(IReadOnlyList<string> hashes, int? environmentId)
    {
        // Query text other than the hash list: path, offset/limit/sort, the environment term and the brackets.
        var overhead = BaseUrl.AbsoluteUri.Length + ReportQueryPath.Length + 120 + (environmentId is null ? 0 : 40);
        var group = new List<string>();
        var length = overhead;
        foreach (var hash in hashes)
        {
            var cost = Uri.EscapeDataString(FalconXFql.Quote(hash) + ",").Length;
            if (group.Count > 0 && (length + cost > _options.MaxUrlLength || group.Count >= BatchedIdLookup.MaxIdsPerRequest))
            {
                yield return group;
                group = new List<string>();
                length = overhead;
            }

            group.Add(hash);
            length += cost;
        }

        if (group.Count > 0)
        {
            yield return group;
        }
    }

    private async IAsyncEnumerable<ReportResult<T>> GetManyAsync<T>(
        IEnumerable<string> ids,
        string path,
        string what,
        Func<JsonElement, T> parse,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : FalconXReportBase
    {
        ThrowIfDisposed();
        var input = (ids ?? throw new ArgumentNullException(nameof(ids))).Select(id => id?.Trim() ?? string.Empty).ToList();

        // Each distinct valid id is asked for once; later repeats reuse its result. Malformed ids never reach the
        // API, where one of them would make the whole batch fail with 400.
        var remaining = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var distinct = new List<string>();
        foreach (var id in input)
        {
            if (!IsReportId(id))
            {
                continue;
            }

            if (remaining.TryGetValue(id, out var count))
            {
                remaining[id] = count + 1;
            }
            else
            {
                remaining[id] = 1;
                distinct.Add(id);
            }
        }

        var known = new Dictionary<string, (T? Report, FalconXApiException? Error)>(StringComparer.OrdinalIgnoreCase);
        var position = 0;

        IEnumerable<ReportResult<T>> Drain()
        {
            while (position < input.Count)
            {
                var id = input[position];
                if (!IsReportId(id))
                {
                    yield return ReportResult<T>.Failed(id, position++, new FalconXApiException(
                        FalconXErrorKind.InvalidRequest,
                        $"'{id}' is not a {what} id: ids look like <32 hex>_<32 hex> (the submission id of the detonation). Nothing was asked of the API for it.",
                        method: "GET",
                        path: "/" + path));
                    continue;
                }

                if (!known.TryGetValue(id, out var outcome))
                {
                    yield break;
                }

                if (--remaining[id] == 0)
                {
                    // Nothing later needs it: let the report go as soon as the caller does.
                    known.Remove(id);
                }

                yield return new ReportResult<T>(id, position++, outcome.Report, outcome.Error);
            }
        }

        foreach (var result in Drain())
        {
            yield return result;
        }

        var batches = BatchedIdLookup.Split(distinct, BaseUrl, path, "ids", _options.MaxUrlLength);
        await foreach (var batch in BatchedIdLookup.FetchInOrderAsync(batches, (b, ct) => FetchBatchAsync(b, path, what, parse, ct), _options.MaxParallelRequests, cancellationToken).ConfigureAwait(false))
        {
            foreach (var (id, report, error) in batch)
            {
                known[id] = (report, error);
            }

            foreach (var result in Drain())
            {
                yield return result;
            }
        }
    }

    private async Task<List<(string Id, T? Report, FalconXApiException? Error)>> FetchBatchAsync<T>(
        string[] batch,
        string path,
        string what,
        Func<JsonElement, T> parse,
        CancellationToken cancellationToken)
        where T : FalconXReportBase
    {
        ApiResponse response;
        try
        {
            response = await SendAsync(new ApiRequest(HttpMethod.Get, path).AddQuery("ids", batch), cancellationToken).ConfigureAwait(false);
        }
        catch (FalconXApiException ex) when (ex.Kind == FalconXErrorKind.NotFound)
        {
            return ReportBatchReader.NoneFound<T>(batch, path, what, ex);
        }
        catch (FalconXApiException ex)
        {
            return batch.Select(id => (id, (T?)null, (FalconXApiException?)ex)).ToList();
        }

        return ReportBatchReader.Read(batch, response, path, what, parse, ConsoleHost.GetLeftPart(UriPartial.Authority));
    }
}
