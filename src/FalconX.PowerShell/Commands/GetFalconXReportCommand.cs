using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Models;
using FalconX.ThreatQ;
using FalconX.ThreatQ.Api;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Gets Falcon X sandbox reports (or summaries) by SHA-256, by report/submission id, or by FQL filter. Ids are
/// fetched in batches, a few batches at a time; output follows the input order. With -Wait, submissions still
/// detonating are waited for with the same batched poller and progress bar as Submit-FalconXSample -Wait.
/// </summary>
[Cmdlet(VerbsCommon.Get, "FalconXReport", DefaultParameterSetName = ByFilterSet)]
[OutputType(typeof(FalconXReport), typeof(FalconXReportSummary))]
public sealed class GetFalconXReportCommand : FalconXApiCmdlet
{
    /// <summary>Parameter set: reports of given hashes or ids (from the command line or the pipeline).</summary>
    public const string ByInputSet = "ByInput";

    /// <summary>Parameter set: reports matching an FQL filter.</summary>
    public const string ByFilterSet = "ByFilter";

    /// <summary>Error id: the detonation has not finished, so there is no report yet.</summary>
    public const string NotFinishedErrorId = "FalconXDetonationNotFinished";

    /// <summary>Error id: no report for the id or hash.</summary>
    public const string ReportNotFoundErrorId = "FalconXReportNotFound";

    /// <summary>Error id: the input is neither a report id nor a SHA-256.</summary>
    public const string InvalidInputErrorId = "FalconXInvalidReportInput";

    /// <summary>Error id: the API's report could not be read.</summary>
    public const string UnreadableReportErrorId = "FalconXUnreadableReport";

    private const int ProgressActivityId = 41;
    private const int WaitActivityId = 42;

    private readonly List<Slot> _slots = new();
    private int _flushed;
    private long _written;
    private bool _queryRan;

    /// <summary>Report ids (equal to submission ids); from the pipeline by property name ReportId, SubmissionId or Id.</summary>
    [Parameter(ParameterSetName = ByInputSet, ValueFromPipelineByPropertyName = true)]
    [Alias("SubmissionId", "Id")]
    [AllowNull]
    [AllowEmptyCollection]
    public string[]? ReportId { get; set; }

    /// <summary>SHA-256 hashes of samples; from the pipeline by property name Sha256 or Hash (Get-FileHash).</summary>
    [Parameter(ParameterSetName = ByInputSet, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Hash")]
    [AllowNull]
    [AllowEmptyCollection]
    public string[]? Sha256 { get; set; }

    /// <summary>
    /// Pipeline input taken whole: strings (a report id or a SHA-256 each, e.g. from Get-Content) and ThreatQ
    /// SHA-256 indicators. Objects with ReportId/SubmissionId/Sha256/Hash properties bind to those parameters.
    /// </summary>
    [Parameter(ParameterSetName = ByInputSet, ValueFromPipeline = true, DontShow = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>An FQL filter, e.g. verdict:'malicious'.</summary>
    [Parameter(ParameterSetName = ByFilterSet)]
    [ValidateNotNullOrEmpty]
    public string? Filter { get; set; }

    /// <summary>The API's sort for -Filter: created_timestamp.desc (default), created_timestamp.asc, asc or desc.</summary>
    [Parameter(ParameterSetName = ByFilterSet)]
    [ValidateNotNullOrEmpty]
    public string? Sort { get; set; }

    /// <summary>Most reports returned by -Filter; default 100. Ignored with -All.</summary>
    [Parameter(ParameterSetName = ByFilterSet)]
    [ValidateRange(1, int.MaxValue)]
    public int Limit { get; set; } = 100;

    /// <summary>Matches to skip first with -Filter.</summary>
    [Parameter(ParameterSetName = ByFilterSet)]
    [ValidateRange(0, int.MaxValue)]
    public int Offset { get; set; }

    /// <summary>Return every match of -Filter, paging through them.</summary>
    [Parameter(ParameterSetName = ByFilterSet)]
    public SwitchParameter All { get; set; }

    /// <summary>Only reports of this sandbox environment (with -Sha256 or -Filter); from the pipeline by property name.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [EnvironmentIdTransformation]
    [ArgumentCompleter(typeof(EnvironmentIdCompleter))]
    [ValidateRange(1, int.MaxValue)]
    public int? EnvironmentId { get; set; }

    /// <summary>With -Sha256: only the newest report of each hash.</summary>
    [Parameter(ParameterSetName = ByInputSet)]
    public SwitchParameter Latest { get; set; }

    /// <summary>Wait for submissions still detonating instead of reporting them as not finished.</summary>
    [Parameter(ParameterSetName = ByInputSet)]
    public SwitchParameter Wait { get; set; }

    /// <summary>With -Wait: how long to wait in all, in seconds. Default 1200 (20 minutes).</summary>
    [Parameter(ParameterSetName = ByInputSet)]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 1200;

    /// <summary>With -Wait: seconds between status checks (one batched request each). Default 30.</summary>
    [Parameter(ParameterSetName = ByInputSet)]
    [ValidateRange(0.1, 3600)]
    public double PollIntervalSec { get; set; } = 30;

    /// <summary>Get summaries (verdict, score, tags, artifact ids) instead of full reports.</summary>
    [Parameter]
    public SwitchParameter Summary { get; set; }

    /// <summary>Keep each report's JSON exactly as the API sent it in its RawJson property.</summary>
    [Parameter]
    public SwitchParameter IncludeRawJson { get; set; }

    /// <summary>Also fetch each report's strict JSON IOC pack into its Iocs property.</summary>
    [Parameter]
    public SwitchParameter IncludeIoc { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        if (Summary && IncludeIoc)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-IncludeIoc needs full reports (their IOC pack ids); leave out -Summary, or fetch IOCs later with Save-FalconXArtifact."),
                "FalconXIncludeIocWithSummary",
                ErrorCategory.InvalidArgument,
                null));
        }

        _ = Client;
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName != ByInputSet)
        {
            return;
        }

        var before = _slots.Count;
        // Piped objects may carry a null Sha256 (URL submissions) or ReportId: use whichever has a value, id first.
        var reportIds = ReportId?.Where(v => !string.IsNullOrWhiteSpace(v)).ToArray();
        var hashes = Sha256?.Where(v => !string.IsNullOrWhiteSpace(v)).ToArray();
        if (reportIds is { Length: > 0 })
        {
            foreach (var id in reportIds)
            {
                AddId(id, Target(id));
            }
        }
        else if (hashes is { Length: > 0 })
        {
            var algorithm = InputObject?.Properties["Algorithm"]?.Value as string;
            if (algorithm is not null && !string.Equals(algorithm, "SHA256", StringComparison.OrdinalIgnoreCase))
            {
                WriteInputError($"The hash is {algorithm}, but Falcon X finds reports by SHA-256. Run Get-FileHash with its default algorithm (SHA256).", InputObject!.BaseObject);
                return;
            }

            foreach (var hash in hashes)
            {
                AddHash(hash, Target(hash));
            }
        }
        else if (InputObject is not null && (InputObject.BaseObject is string or ThreatQEntity || (ReportId is null && Sha256 is null)))
        {
            AddFromObject(InputObject);
        }
        else if (InputObject is not null)
        {
            WriteInputError($"The input has no report id and no SHA-256 (its ReportId/SubmissionId and Sha256/Hash are empty).", InputObject.BaseObject);
        }

        if (_slots.Count == before && InputObject is null && reportIds is not { Length: > 0 } && hashes is not { Length: > 0 })
        {
            WriteInputError("Give -ReportId, -Sha256 or -Filter, or pipe reports, submissions, Get-FileHash output or ids.", null);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            if (ParameterSetName == ByFilterSet)
            {
                RunFilter();
            }
            else if (_slots.Count > 0)
            {
                RunInputs();
            }
        }
        finally
        {
            CompleteProgress();
            base.EndProcessing();
        }
    }

    private object Target(string value) => InputObject?.BaseObject is { } piped && piped is not string ? piped : value;

    private void AddFromObject(PSObject input)
    {
        switch (input.BaseObject)
        {
            case string text:
                var value = text.Trim();
                if (FalconXClient.IsReportId(value))
                {
                    AddId(value, text);
                }
                else if (FalconXClient.IsSha256(value))
                {
                    AddHash(value, text);
                }
                else
                {
                    WriteInputError($"'{text}' is neither a report id (<32 hex>_<32 hex>) nor a SHA-256 (64 hex).", text);
                }

                break;
            case ThreatQEntity entity when string.Equals(entity.Type, ThreatQIndicatorTypes.Sha256, StringComparison.OrdinalIgnoreCase):
                AddHash(entity.Value, entity);
                break;
            case ThreatQIndicator indicator:
                WriteInputError($"The ThreatQ indicator '{indicator.Value}' (ThreatQ id {indicator.ThreatQId}) is of type {indicator.Type ?? "(none)"}; Falcon X finds reports by SHA-256 indicators only. Filter with Get-ThreatQIndicator -Type SHA-256.", indicator);
                break;
            case ThreatQEntity entity:
                WriteInputError($"The ThreatQ {entity.ObjectType} '{entity.Value}' is of type {entity.Type ?? "(none)"}; reports are found by SHA-256 indicators only.", entity);
                break;
            default:
                WriteInputError($"The input ({input.BaseObject.GetType().Name}) has no ReportId, SubmissionId, Sha256 or Hash property. Pipe reports, submissions, Get-FileHash output or id strings.", input.BaseObject);
                break;
        }
    }

    private void AddId(string id, object target)
    {
        var value = id?.Trim() ?? string.Empty;
        if (!FalconXClient.IsReportId(value))
        {
            WriteInputError($"'{id}' is not a report id: report ids (the submission ids) look like <32 hex>_<32 hex>.", target);
            return;
        }

        _slots.Add(new Slot(SlotKind.Id, value, null, target));
    }

    private void AddHash(string hash, object target)
    {
        if (!FalconXClient.IsSha256(hash))
        {
            WriteInputError($"'{hash}' is not a SHA-256: expected 64 hexadecimal characters.", target);
            return;
        }

        _slots.Add(new Slot(SlotKind.Hash, FalconXClient.NormalizeSha256(hash), EnvironmentId, target));
    }

    private void WriteInputError(string message, object? target) =>
        WriteItemError(new ArgumentException(message), InvalidInputErrorId, ErrorCategory.InvalidArgument, target);

    private void RunFilter()
    {
        var client = Client;
        var filter = Filter;
        if (EnvironmentId is int env)
        {
            var term = "sandbox.environment_id:" + env.ToString(CultureInfo.InvariantCulture);
            filter = string.IsNullOrWhiteSpace(filter) ? term : filter + "+" + term;
        }

        var query = new ReportQuery
        {
            Filter = filter,
            Sort = Sort,
            Offset = Offset,
            Limit = All ? null : Limit,
            PageSize = All ? FalconXClient.MaxQueryPageSize : Math.Min(Limit, FalconXClient.MaxQueryPageSize),
        };
        try
        {
            RunAsync(async ct =>
            {
                var ids = new List<string>();
                await foreach (var id in client.QueryReportIdsAsync(query, ct).ConfigureAwait(false))
                {
                    ids.Add(id);
                }

                PostToCmdletThread(() =>
                {
                    _queryRan = true;
                    foreach (var id in ids)
                    {
                        _slots.Add(new Slot(SlotKind.Id, id, null, id));
                    }

                    WriteVerbose($"The filter matched {ids.Count} report(s).");
                });
                await FetchAsync(client, ids, 0, ct).ConfigureAwait(false);
            });
        }
        catch (FalconXApiException ex)
        {
            ThrowApiError(ex, Filter);
        }

        Flush();
    }

    private void RunInputs()
    {
        var client = Client;
        var idSlots = _slots.Where(s => s.Kind == SlotKind.Id).ToList();
        var hashSlots = _slots.Where(s => s.Kind == SlotKind.Hash).ToList();
        var fetchIds = idSlots.Select(s => s.Value).ToList();
        var missing = new List<Slot>();
        try
        {
            RunAsync(async ct =>
            {
                var hashIds = new List<string>();
                foreach (var group in hashSlots.GroupBy(s => s.EnvironmentId))
                {
                    hashIds.AddRange(await client.FindReportIdsBySha256Async(group.Select(s => s.Value).Distinct(StringComparer.Ordinal), group.Key, ct).ConfigureAwait(false));
                }

                await FetchAsync(client, fetchIds.Concat(hashIds).ToList(), 0, ct).ConfigureAwait(false);
                PostToCmdletThread(() => missing.AddRange(SettleHashes()));
            });
        }
        catch (FalconXApiException ex)
        {
            ThrowApiError(ex, hashSlots.Count > 0 ? hashSlots[0].Target : idSlots[0].Target);
        }

        missing.AddRange(idSlots.Where(s => s.Missing is not null));
        if (missing.Count > 0)
        {
            ResolveMissing(client, missing);
        }

        Flush();
    }

    /// <summary>
    /// Fetches reports (or summaries) for <paramref name="ids"/> and hands each result to the cmdlet thread; results
    /// whose index (plus <paramref name="slotOffset"/>) is below the number of id slots fill those slots, the rest are
    /// reports found for hashes.
    /// </summary>
    private async Task FetchAsync(FalconXClient client, IReadOnlyList<string> ids, int slotOffset, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var total = ids.Count;
        var done = 0;
        var pending = new List<(int Index, FalconXReportBase? Report, FalconXApiException? Error)>();

        async Task Hand(bool last)
        {
            if (pending.Count == 0)
            {
                return;
            }

            if (IncludeIoc)
            {
                var failures = await client.AttachStrictIocsAsync(pending.Select(p => p.Report).OfType<FalconXReport>(), ct).ConfigureAwait(false);
                foreach (var (report, error) in failures)
                {
                    PostToCmdletThread(() => WriteApiError(error, report));
                }
            }

            var batch = pending.ToArray();
            pending.Clear();
            var count = done;
            PostToCmdletThread(() =>
            {
                foreach (var (index, report, error) in batch)
                {
                    Accept(index + slotOffset, report, error);
                }

                Flush();
                if (total >= 200)
                {
                    ShowFetchProgress(count, total, last);
                }
            });
        }

        var chunk = IncludeIoc ? client.MaxParallelRequests * 8 : 64;
        if (Summary)
        {
            await foreach (var result in client.GetReportSummariesAsync(ids, IncludeRawJson.IsPresent, ct).ConfigureAwait(false))
            {
                pending.Add((result.Index, result.Report, result.Error));
                done++;
                if (pending.Count >= chunk)
                {
                    await Hand(false).ConfigureAwait(false);
                }
            }
        }
        else
        {
            await foreach (var result in client.GetReportsAsync(ids, IncludeRawJson.IsPresent, ct).ConfigureAwait(false))
            {
                pending.Add((result.Index, result.Report, result.Error));
                done++;
                if (pending.Count >= chunk)
                {
                    await Hand(false).ConfigureAwait(false);
                }
            }
        }

        await Hand(true).ConfigureAwait(false);
    }

    /// <summary>Cmdlet thread: records one fetched result.</summary>
    private void Accept(int index, FalconXReportBase? report, FalconXApiException? error)
    {
        var idSlots = IdSlotCount();
        if (index < idSlots)
        {
            var slot = IdSlot(index);
            if (report is not null)
            {
                slot.Reports.Add(report);
                slot.Done = true;
            }
            else if (error!.Kind == FalconXErrorKind.NotFound && !_queryRan)
            {
                // Maybe still detonating: decided after the fetch, with one batched status check.
                slot.Missing = error;
            }
            else
            {
                WriteReportError(error, slot.Target);
                slot.Done = true;
            }

            return;
        }

        if (report is not null)
        {
            _hashReports.Add(report);
        }
        else if (error is not null && error.Kind != FalconXErrorKind.NotFound)
        {
            WriteReportError(error, null);
        }
    }

    private readonly List<FalconXReportBase> _hashReports = new();
    private List<Slot>? _idSlotList;

    private int IdSlotCount() => (_idSlotList ??= _slots.Where(s => s.Kind == SlotKind.Id).ToList()).Count;

    private Slot IdSlot(int index) => (_idSlotList ??= _slots.Where(s => s.Kind == SlotKind.Id).ToList())[index];

    /// <summary>Cmdlet thread: gives each hash slot its reports (newest first, or only the newest with -Latest); returns the slots left without any.</summary>
    private List<Slot> SettleHashes()
    {
        var byHash = _hashReports
            .Where(r => r.Sha256 is not null)
            .GroupBy(r => r.Sha256!.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.CreatedAt ?? DateTimeOffset.MinValue).ToList(), StringComparer.Ordinal);
        _hashReports.Clear();
        var missing = new List<Slot>();
        foreach (var slot in _slots.Where(s => s.Kind == SlotKind.Hash))
        {
            var reports = byHash.TryGetValue(slot.Value, out var found)
                ? found.Where(r => slot.EnvironmentId is not int env || r.EnvironmentId == env).ToList()
                : new List<FalconXReportBase>();
            if (reports.Count == 0)
            {
                slot.Missing = new FalconXApiException(
                    FalconXErrorKind.NotFound,
                    $"No report for SHA-256 {slot.Value}{EnvironmentText(slot.EnvironmentId)}: the sample has not been detonated (with this connection's tenant). Submit it with Submit-FalconXSample.");
                missing.Add(slot);
                continue;
            }

            slot.Reports.AddRange(Latest ? reports.Take(1) : reports);
            slot.Done = true;
        }

        Flush();
        return missing;
    }

    private static string EnvironmentText(int? environmentId) =>
        environmentId is int env ? " in environment " + env.ToString(CultureInfo.InvariantCulture) : string.Empty;

    /// <summary>
    /// Slots without a report: asks the submissions endpoint (one batched request) whether they are still detonating.
    /// Without -Wait those get a "not finished" error with state and elapsed time; with -Wait they are waited for and
    /// their reports fetched as they finish. The rest get a "not found" error.
    /// </summary>
    private void ResolveMissing(FalconXClient client, List<Slot> missing)
    {
        var byId = new Dictionary<string, List<Slot>>(StringComparer.OrdinalIgnoreCase);
        IReadOnlyList<FalconXSubmission> submissions;
        try
        {
            submissions = RunAsync(async ct =>
            {
                var ids = new List<string>();
                foreach (var slot in missing.Where(s => s.Kind == SlotKind.Id))
                {
                    ids.Add(slot.Value);
                }

                foreach (var group in missing.Where(s => s.Kind == SlotKind.Hash).GroupBy(s => s.EnvironmentId))
                {
                    // A hash with no report may have a submission still running: find those.
                    var filter = FalconXFql.Sha256(group.Select(s => s.Value), group.Key) + "+state:['created','running']";
                    var page = await client.QuerySubmissionIdsPageAsync(filter, limit: FalconXClient.MaxQueryPageSize, cancellationToken: ct).ConfigureAwait(false);
                    ids.AddRange(page.Ids);
                }

                return ids.Count == 0 ? Array.Empty<FalconXSubmission>() : await client.GetSubmissionsAsync(ids.Distinct(StringComparer.OrdinalIgnoreCase), ct).ConfigureAwait(false);
            });
        }
        catch (FalconXApiException ex)
        {
            // The status check is a courtesy; without it each slot still gets its "not found" error.
            WriteVerbose("Could not check the submissions of the missing reports: " + ex.Message);
            submissions = Array.Empty<FalconXSubmission>();
        }

        var pending = new List<FalconXSubmission>();
        // Finished between the report fetch and this status check: their reports exist now, so fetch them through
        // the waiter (which sees them finished at its first check) instead of calling them "not found".
        var finishedMeanwhile = new List<FalconXSubmission>();
        foreach (var submission in submissions)
        {
            var slots = missing.Where(s => s.Kind == SlotKind.Id
                ? string.Equals(s.Value, submission.SubmissionId, StringComparison.OrdinalIgnoreCase)
                : string.Equals(s.Value, submission.Sha256, StringComparison.OrdinalIgnoreCase) && (s.EnvironmentId is not int env || env == submission.EnvironmentId)).ToList();
            if (slots.Count == 0)
            {
                continue;
            }

            byId[submission.SubmissionId] = slots;
            (submission.IsFinished ? finishedMeanwhile : pending).Add(submission);
        }

        if (!Wait)
        {
            foreach (var submission in pending)
            {
                foreach (var slot in byId[submission.SubmissionId])
                {
                    WriteNotFinished(submission, slot);
                }
            }

            if (finishedMeanwhile.Count > 0)
            {
                WaitFor(client, finishedMeanwhile, byId);
            }
        }
        else if (pending.Count + finishedMeanwhile.Count > 0)
        {
            WaitFor(client, pending.Concat(finishedMeanwhile).ToList(), byId);
        }

        foreach (var slot in missing.Where(s => !s.Done))
        {
            WriteReportError(slot.Missing!, slot.Target, ReportNotFoundErrorId);
            slot.Done = true;
        }

        Flush();
    }

    private void WriteNotFinished(FalconXSubmission submission, Slot slot)
    {
        var elapsed = submission.CreatedAt is DateTimeOffset created ? DateTimeOffset.UtcNow - created : (TimeSpan?)null;
        var message = string.Format(
            CultureInfo.InvariantCulture,
            "The detonation of '{0}' (submission {1}, environment {2}) has not finished: it is {3}{4}. Run the command again later, or add -Wait to wait for it.",
            submission.DisplayName,
            submission.SubmissionId,
            submission.EnvironmentId,
            string.IsNullOrEmpty(submission.State) ? "pending" : submission.State,
            elapsed is TimeSpan e ? " after " + SubmissionWaiter.FormatElapsed(e < TimeSpan.Zero ? TimeSpan.Zero : e) : string.Empty);
        var record = new ErrorRecord(new InvalidOperationException(message), NotFinishedErrorId, ErrorCategory.ResourceBusy, slot.Target)
        {
            ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Add -Wait (and -TimeoutSec) to wait for the detonation." },
        };
        WriteError(record);
        slot.Done = true;
    }

    private void WaitFor(FalconXClient client, List<FalconXSubmission> pending, Dictionary<string, List<Slot>> byId)
    {
        var waiter = new SubmissionWaiter(this, PostToCmdletThread, WaitActivityId)
        {
            Activity = "Waiting for Falcon X detonations before fetching their reports",
            PollInterval = TimeSpan.FromSeconds(PollIntervalSec),
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            // A failed detonation still has a report (with its error type and message): it is output, not an error.
            WriteDetonationErrors = false,
        };
        waiter.Finished = async (finished, ct) =>
        {
            var ids = finished.Select(s => s.SubmissionId).ToList();
            var results = new List<(string Id, FalconXReportBase? Report, FalconXApiException? Error)>();
            if (Summary)
            {
                await foreach (var r in client.GetReportSummariesAsync(ids, IncludeRawJson.IsPresent, ct).ConfigureAwait(false))
                {
                    results.Add((r.Id, r.Report, r.Error));
                }
            }
            else
            {
                await foreach (var r in client.GetReportsAsync(ids, IncludeRawJson.IsPresent, ct).ConfigureAwait(false))
                {
                    results.Add((r.Id, r.Report, r.Error));
                }

                if (IncludeIoc)
                {
                    await client.AttachStrictIocsAsync(results.Select(r => r.Report).OfType<FalconXReport>(), ct).ConfigureAwait(false);
                }
            }

            PostToCmdletThread(() =>
            {
                foreach (var (id, report, error) in results)
                {
                    var submission = finished.First(s => string.Equals(s.SubmissionId, id, StringComparison.OrdinalIgnoreCase));
                    foreach (var slot in byId[id])
                    {
                        if (report is not null)
                        {
                            if (slot.Kind == SlotKind.Hash && Latest)
                            {
                                slot.Reports.Clear();
                            }

                            slot.Reports.Add(report);
                            slot.Done = true;
                        }
                        else if (submission.IsFailed)
                        {
                            WriteError(SubmissionWaiter.DetonationError(submission));
                            slot.Done = true;
                        }
                    }
                }

                Flush();
            });
        };

        try
        {
            var outcome = RunAsync(ct => waiter.WaitAsync(client, pending, ct));
            waiter.WriteOutcomeErrors(outcome);
            // The waiter has written an error for each of these (timed out, or no longer known): one is enough.
            foreach (var id in outcome.Pending.Select(s => s.SubmissionId).Concat(outcome.NotFound))
            {
                if (byId.TryGetValue(id, out var slots))
                {
                    foreach (var slot in slots)
                    {
                        slot.Done = true;
                    }
                }
            }
        }
        catch (FalconXApiException ex)
        {
            WriteApiError(ex, pending[0]);
        }
        finally
        {
            waiter.Complete();
        }
    }

    private void WriteReportError(FalconXApiException error, object? target, string? notFoundId = null)
    {
        // A redirect is not an unreadable report: it is about the connection (FalconXInvalidResponse, check the base URL).
        if (error.Kind == FalconXErrorKind.InvalidResponse && error.StatusCode is not (>= 300 and < 400))
        {
            WriteError(new ErrorRecord(error, UnreadableReportErrorId, ErrorCategory.InvalidData, target)
            {
                ErrorDetails = new ErrorDetails(error.Message) { RecommendedAction = "The other reports are unaffected. Run the command again; if this report stays unreadable, quote the trace id to CrowdStrike support." },
            });
            return;
        }

        if (error.Kind == FalconXErrorKind.NotFound)
        {
            WriteError(new ErrorRecord(error, notFoundId ?? ReportNotFoundErrorId, ErrorCategory.ObjectNotFound, target)
            {
                ErrorDetails = new ErrorDetails(error.Message) { RecommendedAction = "Check the id or hash; it may belong to another tenant or cloud, or have been deleted." },
            });
            return;
        }

        WriteApiError(error, target);
    }

    /// <summary>Cmdlet thread: writes every finished slot from the first unwritten one on, and forgets their reports.</summary>
    private void Flush()
    {
        while (_flushed < _slots.Count && _slots[_flushed].Done)
        {
            var slot = _slots[_flushed++];
            foreach (var report in slot.Reports)
            {
                // Remember the ThreatQ object the report was asked for, so ConvertTo-ThreatQEntity relates the results to it.
                report.ThreatQSource ??= slot.Target switch
                {
                    ThreatQIndicator indicator => indicator.ThreatQSource,
                    FalconXSubmission submission => submission.ThreatQSource,
                    FalconXReportBase earlier => earlier.ThreatQSource,
                    _ => null,
                };
                WriteObject(report);
                _written++;
            }

            slot.Reports.Clear();
        }
    }

    private bool _progressShown;

    private void ShowFetchProgress(int done, int total, bool last)
    {
        var record = new ProgressRecord(ProgressActivityId, Summary ? "Fetching Falcon X report summaries" : "Fetching Falcon X reports", $"{done} of {total}")
        {
            PercentComplete = (int)(done * 100L / Math.Max(1, total)),
        };
        if (last)
        {
            record.RecordType = ProgressRecordType.Completed;
        }

        WriteProgress(record);
        _progressShown = !last;
    }

    private void CompleteProgress()
    {
        if (!_progressShown)
        {
            return;
        }

        _progressShown = false;
        try
        {
            WriteProgress(new ProgressRecord(ProgressActivityId, "Fetching Falcon X reports", "Done") { RecordType = ProgressRecordType.Completed });
        }
        catch (PipelineStoppedException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    private enum SlotKind
    {
        Id,
        Hash,
    }

    /// <summary>One input (an id or a hash) and the reports it will output, in input order.</summary>
    private sealed class Slot
    {
        public Slot(SlotKind kind, string value, int? environmentId, object target)
        {
            Kind = kind;
            Value = value;
            EnvironmentId = environmentId;
            Target = target;
        }

        public SlotKind Kind { get; }

        public string Value { get; }

        public int? EnvironmentId { get; }

        public object Target { get; }

        public List<FalconXReportBase> Reports { get; } = new();

        public bool Done { get; set; }

        /// <summary>Why there is no report yet (not found), pending the status check.</summary>
        public FalconXApiException? Missing { get; set; }
    }
}
