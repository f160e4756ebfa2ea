using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Models;

namespace FalconX.Workflows;

/// <summary>
/// Turns report ids and SHA-256s (or an FQL query) into reports, in input order: ids are fetched in batches, hashes
/// are looked up in few queries, an input without a report gets one batched status check ("still running?"), and
/// with <see cref="ReportResolverOptions.Wait"/> the detonations under way are waited for and their reports fetched
/// as they finish. Everything found is handed to a callback as <see cref="ReportEvent"/>s, one at a time: reports in
/// input order as soon as every earlier input is settled, errors as soon as they are known. The callback runs on
/// worker threads; a front end queues the events to its own thread.
/// </summary>
public sealed class ReportResolver
{
    private readonly FalconXClient _client;
    private readonly ReportResolverOptions _options;

    /// <summary>Creates a resolver over a client; default options fetch full reports and do not wait.</summary>
    public ReportResolver(FalconXClient client, ReportResolverOptions? options = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options ?? new ReportResolverOptions();
    }

    /// <summary>The user's FQL filter with the sandbox environment term added: <c>verdict:'malicious'+sandbox.environment_id:160</c>.</summary>
    public static string? FilterWithEnvironment(string? filter, int? environmentId)
    {
        if (environmentId is not int env)
        {
            return filter;
        }

        var term = "sandbox.environment_id:" + env.ToString(CultureInfo.InvariantCulture);
        return string.IsNullOrWhiteSpace(filter) ? term : filter + "+" + term;
    }

    /// <summary>
    /// The query for a user's filter: the environment term added, <paramref name="limit"/> matches at most (or every
    /// match with <paramref name="all"/>), in pages as large as the API allows.
    /// </summary>
    public static ReportQuery QueryFor(string? filter, int? environmentId, string? sort, int offset, int limit, bool all) => new()
    {
        Filter = FilterWithEnvironment(filter, environmentId),
        Sort = sort,
        Offset = offset,
        Limit = all ? null : limit,
        PageSize = all ? FalconXClient.MaxQueryPageSize : Math.Min(limit, FalconXClient.MaxQueryPageSize),
    };

    /// <summary>The FQL for the submissions of these samples that are still queued or running.</summary>
    public static string StillRunningFilter(IEnumerable<string> sha256, int? environmentId) =>
        FalconXFql.Sha256(sha256, environmentId) + "+state:['created','running']";

    /// <summary>
    /// Reports of every report id matching <paramref name="query"/>. An id whose report is gone gets a
    /// <see cref="ReportEventKind.NotFound"/> at once (a query only returns finished reports, so nothing is checked).
    /// </summary>
    /// <exception cref="FalconXApiException">The query failed; reports already handed over stay valid.</exception>
    public async Task ResolveQueryAsync(ReportQuery query, Action<ReportEvent> onEvent, CancellationToken cancellationToken = default)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        var ids = new List<string>();
        await foreach (var id in _client.QueryReportIdsAsync(query, cancellationToken).ConfigureAwait(false))
        {
            ids.Add(id);
        }

        _client.Log(FalconXLogLevel.Verbose, $"The filter matched {ids.Count} report(s).");
        var resolution = new ReportResolution(ids.Select(id => ReportInput.ForReportId(id, id)).ToList(), onEvent, missingIsFinal: true);
        await FetchAsync(resolution, ids, cancellationToken).ConfigureAwait(false);
        resolution.WriteSettled();
    }

    /// <summary>
    /// Reports for <paramref name="inputs"/>: every report of each SHA-256 (newest first, or only the newest with
    /// <see cref="ReportResolverOptions.Latest"/>), the report of each id. Inputs without a report end with
    /// <see cref="ReportEventKind.NotFinished"/> (or are waited for), <see cref="ReportEventKind.NotFound"/>, or an error.
    /// </summary>
    /// <exception cref="FalconXApiException">Looking up the hashes failed; reports already handed over stay valid.</exception>
    public async Task ResolveAsync(IReadOnlyList<ReportInput> inputs, Action<ReportEvent> onEvent, CancellationToken cancellationToken = default)
    {
        if (inputs is null)
        {
            throw new ArgumentNullException(nameof(inputs));
        }

        if (inputs.Count == 0)
        {
            return;
        }

        var resolution = new ReportResolution(inputs, onEvent, missingIsFinal: false);
        var hashIds = new List<string>();
        foreach (var group in resolution.HashInputs.GroupBy(s => s.Input.EnvironmentId))
        {
            hashIds.AddRange(await _client.FindReportIdsBySha256Async(group.Select(s => s.Input.Value).Distinct(StringComparer.Ordinal), group.Key, cancellationToken).ConfigureAwait(false));
        }

        await FetchAsync(resolution, resolution.IdInputs.Select(s => s.Input.Value).Concat(hashIds).ToList(), cancellationToken).ConfigureAwait(false);
        var missing = SettleHashes(resolution);
        missing.AddRange(resolution.IdInputs.Where(s => s.Missing is not null));
        if (missing.Count > 0)
        {
            await ResolveMissingAsync(resolution, missing, cancellationToken).ConfigureAwait(false);
        }

        resolution.WriteSettled();
    }

    /// <summary>
    /// Fetches reports (or summaries) for <paramref name="ids"/>: the first results belong to the id inputs in order,
    /// the rest are reports found for hashes. Hands results over in chunks, with progress.
    /// </summary>
    private async Task FetchAsync(ReportResolution resolution, List<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var received = 0;
        var chunk = new List<(int Index, FalconXReportBase? Report, FalconXApiException? Error)>();
        var chunkSize = _options.IncludeIoc ? _client.Options.MaxParallelRequests * 8 : 64;

        async Task HandOverAsync(bool last)
        {
            if (chunk.Count == 0)
            {
                return;
            }

            if (_options.IncludeIoc)
            {
                foreach (var (report, error) in await _client.AttachStrictIocsAsync(chunk.Select(p => p.Report).OfType<FalconXReport>(), ct).ConfigureAwait(false))
                {
                    resolution.Emit(ReportEvent.ForError(ReportEventKind.ApiError, error, report));
                }
            }

            foreach (var (index, report, error) in chunk)
            {
                Accept(resolution, index, report, error);
            }

            chunk.Clear();
            resolution.WriteSettled();
            resolution.Emit(ReportEvent.ForFetchProgress(received, ids.Count, last));
        }

        await foreach (var (index, report, error) in FetchResultsAsync(ids, ct).ConfigureAwait(false))
        {
            chunk.Add((index, report, error));
            received++;
            if (chunk.Count >= chunkSize)
            {
                await HandOverAsync(last: false).ConfigureAwait(false);
            }
        }

        await HandOverAsync(last: true).ConfigureAwait(false);
    }

    /// <summary>Full reports or summaries, as the options say: one branch for both.</summary>
    private async IAsyncEnumerable<(int Index, FalconXReportBase? Report, FalconXApiException? Error)> FetchResultsAsync(
        IReadOnlyList<string> ids,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        if (_options.Summary)
        {
            await foreach (var result in _client.GetReportSummariesAsync(ids, _options.IncludeRawJson, ct).ConfigureAwait(false))
            {
                yield return (result.Index, result.Report, result.Error);
            }
        }
        else
        {
            await foreach (var result in _client.GetReportsAsync(ids, _options.IncludeRawJson, ct).ConfigureAwait(false))
            {
                yield return (result.Index, result.Report, result.Error);
            }
        }
    }

    /// <summary>Records one fetched result: for an id input (by index), or a report found for a hash.</summary>
    private static void Accept(ReportResolution resolution, int index, FalconXReportBase? report, FalconXApiException? error)
    {
        if (index < resolution.IdInputs.Count)
        {
            var state = resolution.IdInputs[index];
            if (report is not null)
            {
                state.Reports.Add(report);
                state.Settled = true;
            }
            else if (error!.Kind == FalconXErrorKind.NotFound && !resolution.MissingIsFinal)
            {
                // Maybe still detonating: decided after the fetch, with one batched status check.
                state.Missing = error;
            }
            else
            {
                resolution.Emit(ReportEvent.ForError(Classify(error), error, state.Input.Target));
                state.Settled = true;
            }

            return;
        }

        if (report is not null)
        {
            resolution.HashReports.Add(report);
        }
        else if (error is not null && error.Kind != FalconXErrorKind.NotFound)
        {
            resolution.Emit(ReportEvent.ForError(Classify(error), error, null));
        }
    }

    /// <summary>Gives each hash input its reports (newest first, or only the newest); returns those left without any.</summary>
    private List<ReportInputState> SettleHashes(ReportResolution resolution)
    {
        var byHash = resolution.HashReports
            .Where(r => r.Sha256 is not null)
            .GroupBy(r => r.Sha256!.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.CreatedAt ?? DateTimeOffset.MinValue).ToList(), StringComparer.Ordinal);
        resolution.HashReports.Clear();
        var missing = new List<ReportInputState>();
        foreach (var state in resolution.HashInputs)
        {
            var environment = state.Input.EnvironmentId;
            var reports = byHash.TryGetValue(state.Input.Value, out var found)
                ? found.Where(r => environment is not int env || r.EnvironmentId == env).ToList()
                : new List<FalconXReportBase>();
            if (reports.Count == 0)
            {
                var where = environment is int e ? " in environment " + e.ToString(CultureInfo.InvariantCulture) : string.Empty;
                state.Missing = new FalconXApiException(
                    FalconXErrorKind.NotFound,
                    $"No report for SHA-256 {state.Input.Value}{where}: the sample has not been detonated (with this connection's tenant). Submit it with Submit-FalconXSample.");
                missing.Add(state);
                continue;
            }

            state.Reports.AddRange(_options.Latest ? reports.Take(1) : reports);
            state.Settled = true;
        }

        resolution.WriteSettled();
        return missing;
    }

    /// <summary>
    /// Inputs without a report: asks the submissions endpoint (one batched request) whether they are still detonating.
    /// Without waiting those are not finished; with it they are waited for. The rest are not found.
    /// </summary>
    private async Task ResolveMissingAsync(ReportResolution resolution, List<ReportInputState> missing, CancellationToken ct)
    {
        IReadOnlyList<FalconXSubmission> submissions;
        try
        {
            submissions = await FindSubmissionsAsync(missing, ct).ConfigureAwait(false);
        }
        catch (FalconXApiException ex)
        {
            // The status check is a courtesy; without it each input still gets its "not found" error.
            _client.Log(FalconXLogLevel.Verbose, "Could not check the submissions of the missing reports: " + ex.Message);
            submissions = Array.Empty<FalconXSubmission>();
        }

        var inputsBySubmission = new Dictionary<string, List<ReportInputState>>(StringComparer.OrdinalIgnoreCase);
        var underWay = new List<FalconXSubmission>();
        // Finished between the report fetch and this status check: their reports exist now, so fetch them through
        // the wait (which sees them finished before its first check) instead of calling them "not found".
        var finishedMeanwhile = new List<FalconXSubmission>();
        foreach (var submission in submissions)
        {
            var states = missing.Where(s => Matches(s.Input, submission)).ToList();
            if (states.Count == 0)
            {
                continue;
            }

            inputsBySubmission[submission.SubmissionId] = states;
            (submission.IsFinished ? finishedMeanwhile : underWay).Add(submission);
        }

        var toWaitFor = finishedMeanwhile;
        if (_options.Wait)
        {
            toWaitFor = underWay.Concat(finishedMeanwhile).ToList();
        }
        else
        {
            foreach (var submission in underWay)
            {
                var elapsed = submission.CreatedAt is DateTimeOffset created ? _options.UtcNow() - created : (TimeSpan?)null;
                foreach (var state in inputsBySubmission[submission.SubmissionId])
                {
                    resolution.Emit(ReportEvent.ForNotFinished(submission, elapsed < TimeSpan.Zero ? TimeSpan.Zero : elapsed, state.Input.Target));
                    state.Settled = true;
                }
            }
        }

        if (toWaitFor.Count > 0)
        {
            await WaitForAsync(resolution, toWaitFor, inputsBySubmission, ct).ConfigureAwait(false);
        }

        foreach (var state in missing.Where(s => !s.Settled))
        {
            resolution.Emit(ReportEvent.ForError(ReportEventKind.NotFound, state.Missing!, state.Input.Target));
            state.Settled = true;
        }
    }

    /// <summary>The submissions of the missing ids, and those still under way for the missing hashes.</summary>
    private async Task<IReadOnlyList<FalconXSubmission>> FindSubmissionsAsync(List<ReportInputState> missing, CancellationToken ct)
    {
        var ids = missing.Where(s => s.Input.Kind == ReportInputKind.ReportId).Select(s => s.Input.Value).ToList();
        foreach (var group in missing.Where(s => s.Input.Kind == ReportInputKind.Sha256).GroupBy(s => s.Input.EnvironmentId))
        {
            // A hash with no report may have a submission still running: find those.
            var page = await _client.QuerySubmissionIdsPageAsync(StillRunningFilter(group.Select(s => s.Input.Value), group.Key), limit: FalconXClient.MaxQueryPageSize, cancellationToken: ct).ConfigureAwait(false);
            ids.AddRange(page.Ids);
        }

        return ids.Count == 0 ? Array.Empty<FalconXSubmission>() : await _client.GetSubmissionsAsync(ids.Distinct(StringComparer.OrdinalIgnoreCase), ct).ConfigureAwait(false);
    }

    private static bool Matches(ReportInput input, FalconXSubmission submission) => input.Kind == ReportInputKind.ReportId
        ? string.Equals(input.Value, submission.SubmissionId, StringComparison.OrdinalIgnoreCase)
        : string.Equals(input.Value, submission.Sha256, StringComparison.OrdinalIgnoreCase) && (input.EnvironmentId is not int env || env == submission.EnvironmentId);

    private async Task WaitForAsync(ReportResolution resolution, List<FalconXSubmission> submissions, Dictionary<string, List<ReportInputState>> inputsBySubmission, CancellationToken ct)
    {
        async Task OnFinishedAsync(IReadOnlyList<FalconXSubmission> finished, CancellationToken token)
        {
            var results = new List<(string Id, FalconXReportBase? Report)>();
            await foreach (var (index, report, _) in FetchResultsAsync(finished.Select(s => s.SubmissionId).ToList(), token).ConfigureAwait(false))
            {
                results.Add((finished[index].SubmissionId, report));
            }

            if (_options.IncludeIoc && !_options.Summary)
            {
                await _client.AttachStrictIocsAsync(results.Select(r => r.Report).OfType<FalconXReport>(), token).ConfigureAwait(false);
            }

            foreach (var (id, report) in results)
            {
                var submission = finished.First(s => string.Equals(s.SubmissionId, id, StringComparison.OrdinalIgnoreCase));
                foreach (var state in inputsBySubmission[id])
                {
                    if (report is not null)
                    {
                        if (state.Input.Kind == ReportInputKind.Sha256 && _options.Latest)
                        {
                            state.Reports.Clear();
                        }

                        state.Reports.Add(report);
                        state.Settled = true;
                    }
                    else if (submission.IsFailed)
                    {
                        resolution.Emit(ReportEvent.ForDetonationFailed(submission));
                        state.Settled = true;
                    }
                }
            }

            resolution.WriteSettled();
        }

        try
        {
            var wait = _options.WaitForDetonations ?? PollAsync;
            var outcome = await wait(submissions, OnFinishedAsync, ct).ConfigureAwait(false);
            resolution.Emit(ReportEvent.ForWaitEnded(outcome));
            // The wait's end names each of these (timed out, or no longer known): one error each is enough.
            foreach (var id in outcome.Pending.Select(s => s.SubmissionId).Concat(outcome.NotFound))
            {
                if (inputsBySubmission.TryGetValue(id, out var states))
                {
                    states.ForEach(s => s.Settled = true);
                }
            }
        }
        catch (FalconXApiException ex)
        {
            resolution.Emit(ReportEvent.ForError(ReportEventKind.ApiError, ex, submissions[0]));
        }
    }

    private Task<SubmissionPollResult> PollAsync(IReadOnlyList<FalconXSubmission> submissions, Func<IReadOnlyList<FalconXSubmission>, CancellationToken, Task> onFinished, CancellationToken ct)
    {
        var poller = new SubmissionPoller(_client, _options.Polling) { Finished = onFinished };
        foreach (var submission in submissions)
        {
            poller.Add(submission);
        }

        return poller.WaitAsync(ct);
    }

    /// <summary>A redirect is not an unreadable report: it is about the connection (check the base URL), so a plain API error.</summary>
    private static ReportEventKind Classify(FalconXApiException error) => error.Kind switch
    {
        FalconXErrorKind.InvalidResponse when error.StatusCode is not (>= 300 and < 400) => ReportEventKind.Unreadable,
        FalconXErrorKind.NotFound => ReportEventKind.NotFound,
        _ => ReportEventKind.ApiError,
    };
}
