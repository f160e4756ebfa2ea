using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using FalconX.Client;
using FalconX.Models;
using FalconX.ThreatQ;
using FalconX.Workflows;

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

    private readonly List<ReportInput> _inputs = new();
    private ProgressBar? _fetchProgress;

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
    [ValidateRange(SubmissionWaiter.MinTimeoutSec, SubmissionWaiter.MaxTimeoutSec)]
    public int TimeoutSec { get; set; } = SubmissionWaiter.DefaultTimeoutSec;

    /// <summary>With -Wait: the longest time between status checks, in whole seconds (one batched request each). Default 30.</summary>
    [Parameter(ParameterSetName = ByInputSet)]
    [ValidateRange(SubmissionWaiter.MinPollIntervalSec, SubmissionWaiter.MaxPollIntervalSec)]
    public int PollIntervalSec { get; set; } = SubmissionWaiter.DefaultPollIntervalSec;

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
            var error = new ArgumentException("-IncludeIoc needs full reports (their IOC pack ids); leave out -Summary, or fetch IOCs later with Save-FalconXArtifact.");
            ThrowItemError(error, ErrorIds.FalconXIncludeIocWithSummary, ErrorCategory.InvalidArgument, null);
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

        // Piped objects may carry a null Sha256 (URL submissions) or ReportId: use whichever has a value, id first.
        var reportIds = ReportId?.Where(v => !string.IsNullOrWhiteSpace(v)).ToArray();
        var hashes = Sha256?.Where(v => !string.IsNullOrWhiteSpace(v)).ToArray();
        if (reportIds is { Length: > 0 })
        {
            foreach (var id in reportIds)
            {
                AddInput(() => ReportInput.ForReportId(id, Target(id)), Target(id));
            }
        }
        else if (hashes is { Length: > 0 })
        {
            // Get-FileHash output says its algorithm: an MD5 or SHA1 must not be taken for a SHA-256.
            var algorithm = InputObject?.Properties["Algorithm"]?.Value as string;
            foreach (var hash in hashes)
            {
                AddInput(() => ReportInput.ForSha256(hash, EnvironmentId, Target(hash), algorithm), Target(hash));
            }
        }
        else if (InputObject is not null && (InputObject.BaseObject is string or ThreatQEntity || (ReportId is null && Sha256 is null)))
        {
            AddInput(() => ReportInput.FromObject(InputObject.BaseObject, EnvironmentId), InputObject.BaseObject);
        }
        else if (InputObject is not null)
        {
            WriteInputError("The input has no report id and no SHA-256 (its ReportId/SubmissionId and Sha256/Hash are empty).", InputObject.BaseObject);
        }

        if (InputObject is null && reportIds is not { Length: > 0 } && hashes is not { Length: > 0 })
        {
            WriteInputError("Give -ReportId, -Sha256 or -Filter, or pipe reports, submissions, Get-FileHash output or ids.", null);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var waiter = new SubmissionWaiter(this, PostToCmdletThread, ProgressBar.ReportWaitId)
        {
            Activity = "Waiting for Falcon X detonations before fetching their reports",
            PollInterval = TimeSpan.FromSeconds(PollIntervalSec),
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            // A failed detonation still has a report (with its error type and message): it is output, not an error.
            WriteDetonationErrors = false,
        };
        var client = Client;
        var resolver = new ReportResolver(client, new ReportResolverOptions
        {
            Summary = Summary,
            IncludeRawJson = IncludeRawJson,
            IncludeIoc = IncludeIoc,
            Latest = Latest,
            Wait = Wait,
            WaitForDetonations = (submissions, finished, ct) =>
            {
                waiter.Finished = finished;
                return waiter.WaitAsync(client, submissions, ct);
            },
        });
        // A failed lookup (the query, the hashes) stops the command; per-report failures come as events.
        object? target = Filter;
        try
        {
            if (ParameterSetName == ByFilterSet)
            {
                RunAsync(ct => resolver.ResolveQueryAsync(ReportResolver.QueryFor(Filter, EnvironmentId, Sort, Offset, Limit, All), OnEvent, ct));
            }
            else if (_inputs.Count > 0)
            {
                target = (_inputs.FirstOrDefault(i => i.Kind == ReportInputKind.Sha256) ?? _inputs[0]).Target;
                RunAsync(ct => resolver.ResolveAsync(_inputs, OnEvent, ct));
            }
        }
        catch (FalconXApiException ex)
        {
            ThrowApiError(ex, target);
        }
        finally
        {
            waiter.Complete();
            _fetchProgress?.Complete();
            base.EndProcessing();
        }

        void OnEvent(ReportEvent reportEvent) => PostToCmdletThread(() => Write(reportEvent, waiter));
    }

    private object Target(string value) => InputObject?.BaseObject is { } piped && piped is not string ? piped : value;

    private void AddInput(Func<ReportInput> create, object? target)
    {
        try
        {
            _inputs.Add(create());
        }
        catch (ArgumentException ex)
        {
            WriteInputError(ex.Message, target);
        }
    }

    private void WriteInputError(string message, object? target) =>
        WriteItemError(new ArgumentException(message), ErrorIds.FalconXInvalidReportInput, ErrorCategory.InvalidArgument, target);

    /// <summary>Cmdlet thread: one resolver event as output, an error record or progress.</summary>
    private void Write(ReportEvent reportEvent, SubmissionWaiter waiter)
    {
        switch (reportEvent.Kind)
        {
            case ReportEventKind.Report:
                WriteObject(reportEvent.Report);
                break;
            case ReportEventKind.FetchProgress:
                // A few batches pass in a blink; a bar is worth it for large lookups only.
                if (reportEvent.Total >= 200)
                {
                    ShowFetchProgress(reportEvent.Done, reportEvent.Total, reportEvent.IsLast);
                }

                break;
            case ReportEventKind.WaitEnded:
                waiter.WriteOutcomeErrors(reportEvent.WaitResult!);
                break;
            default:
                WriteError(ErrorRecords.ForReportEvent(reportEvent));
                break;
        }
    }

    private void ShowFetchProgress(int done, int total, bool last)
    {
        var bar = _fetchProgress ??= new ProgressBar(this, ProgressBar.ReportFetchId, Summary ? "Fetching Falcon X report summaries" : "Fetching Falcon X reports");
        if (last)
        {
            bar.Complete();
        }
        else
        {
            bar.Show($"{done} of {total}", ProgressBar.Percent(done, total));
        }
    }
}
