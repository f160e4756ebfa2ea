using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Models;
using FalconX.Workflows;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// The shared base of the commands that submit for detonation (Submit-FalconXSample, Submit-FalconXArchive): the
/// user tags and -Wait parameters, and at the end of the pipeline one wait for every submission made, writing each
/// report as soon as its detonation ends.
/// </summary>
public abstract class FalconXSubmitCmdlet : FalconXApiCmdlet
{
    private readonly ConcurrentDictionary<string, bool> _reported = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<int> _warnedEnvironments = new();

    /// <summary>The environment: a name (win10_x64), a description or an id. Default 160 (Windows 10 64-bit).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Environment")]
    [EnvironmentIdTransformation]
    [ArgumentCompleter(typeof(EnvironmentIdCompleter))]
    public int EnvironmentId { get; set; } = SandboxEnvironment.DefaultId;

    /// <summary>Tags to attach to the submissions.</summary>
    [Parameter]
    [Alias("UserTags", "Tag")]
    public string[]? UserTag { get; set; }

    /// <summary>Wait for the detonations and output their reports.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>With -Wait: how long to wait in all, in seconds. Default 1200 (20 minutes).</summary>
    [Parameter]
    [ValidateRange(SubmissionWaiter.MinTimeoutSec, SubmissionWaiter.MaxTimeoutSec)]
    public int TimeoutSec { get; set; } = SubmissionWaiter.DefaultTimeoutSec;

    /// <summary>With -Wait: the longest time between status checks, in whole seconds (one request for all submissions). Default 30.</summary>
    [Parameter]
    [ValidateRange(SubmissionWaiter.MinPollIntervalSec, SubmissionWaiter.MaxPollIntervalSec)]
    public int PollIntervalSec { get; set; } = SubmissionWaiter.DefaultPollIntervalSec;

    /// <summary>Submission options holding the -UserTag tags; the caller sets the rest.</summary>
    private protected FalconXSubmitParameters NewSubmitParameters()
    {
        var parameters = new FalconXSubmitParameters();
        foreach (var tag in UserTag ?? Array.Empty<string>())
        {
            parameters.UserTags.Add(tag);
        }

        return parameters;
    }

    /// <summary>The progress activity id of the wait.</summary>
    private protected abstract int WaitActivityId { get; }

    /// <summary>The submissions to wait for at the end (with -Wait).</summary>
    private protected List<FalconXSubmission> ToWaitFor { get; } = new();

    /// <summary>Options given once for the whole pipeline are checked once, before anything is sent.</summary>
    protected override void BeginProcessing()
    {
        var problems = OptionProblems().Where(p => p is not null).ToList();
        if (problems.Count > 0)
        {
            ThrowItemError(new ArgumentException(string.Join(" ", problems) + " Nothing was sent."), ErrorIds.FalconXInvalidSubmitParameter, ErrorCategory.InvalidArgument, null);
        }
    }

    /// <summary>What is wrong with the options given once for the pipeline, in words that name the parameter; nulls are skipped.</summary>
    private protected virtual IEnumerable<string?> OptionProblems()
    {
        yield return UserTag is not null && UserTag.Any(string.IsNullOrWhiteSpace) ? "-UserTag holds an empty tag; give each tag some text." : null;
    }

    /// <summary>Null when the switch was not given (the API's default applies), else its value (-Switch:$false sends false).</summary>
    private protected bool? OptionalSwitch(string name, SwitchParameter value) =>
        MyInvocation.BoundParameters.ContainsKey(name) ? value.IsPresent : null;

    /// <summary>
    /// Checks an environment id before anything is sent: a non-positive one is an error (null is returned); an unknown
    /// one is passed through with a warning, a deprecated one mapped to its successor with a warning (once each).
    /// </summary>
    private protected int? CheckEnvironment(int environmentId)
    {
        if (environmentId <= 0)
        {
            WriteItemError(
                new ArgumentException($"The environment id {environmentId} is not valid: use a positive number or a name such as win10_x64 (Get-FalconXEnvironment lists them). Nothing was sent."),
                ErrorIds.FalconXInvalidEnvironment,
                ErrorCategory.InvalidArgument,
                environmentId);
            return null;
        }

        EnvironmentIdArgument.WarnIfUnknown(this, environmentId, _warnedEnvironments);
        return EnvironmentIdArgument.MapDeprecated(this, environmentId, _warnedEnvironments);
    }

    /// <summary>
    /// Writes the records of a <see cref="SampleSubmitter"/> outcome that do not depend on the command: the error of a
    /// refused or failed sample (false is returned: nothing to output), or the quota after a new submission.
    /// </summary>
    private protected bool WriteOutcomeRecords(SampleSubmitOutcome outcome)
    {
        switch (outcome.Result)
        {
            case SampleSubmitResult.Refused:
                WriteError(ErrorRecords.Refusal(outcome.Refusal!, outcome.Sample.Target));
                return false;
            case SampleSubmitResult.QuotaExhausted:
                WriteError(ErrorRecords.QuotaExhausted(outcome.Error!, outcome.Sample.Display, outcome.Sample.Target));
                return false;
            case SampleSubmitResult.Failed:
                WriteError(ErrorRecords.ForApi(outcome.Error!, outcome.Sample.Display, "submit", outcome.Sample.Target));
                return false;
        }

        if (outcome.QuotaSummary is not null)
        {
            WriteVerbose(outcome.QuotaSummary);
        }

        if (outcome.LowQuotaWarning is not null)
        {
            WriteWarning(outcome.LowQuotaWarning);
        }

        return true;
    }

    /// <summary>With -Wait, keeps <paramref name="submission"/> for the wait at the end; else writes it now.</summary>
    private protected void WriteOrKeep(FalconXSubmission submission)
    {
        if (Wait.IsPresent)
        {
            ToWaitFor.Add(submission);
        }
        else
        {
            WriteObject(submission);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            if (Wait.IsPresent && ToWaitFor.Count > 0)
            {
                WaitForReports();
            }
        }
        finally
        {
            base.EndProcessing();
        }
    }

    private void WaitForReports()
    {
        var client = Client;
        var waiter = new SubmissionWaiter(this, PostToCmdletThread, WaitActivityId)
        {
            PollInterval = TimeSpan.FromSeconds(PollIntervalSec),
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            Finished = (finished, ct) => WriteReportsAsync(client, finished, ct),
        };
        try
        {
            var result = RunAsync(ct => waiter.WaitAsync(client, ToWaitFor, ct));
            waiter.WriteOutcomeErrors(result);
            WriteVerbose(SubmissionWaitText.Summary(result));
        }
        catch (PipelineStoppedException)
        {
            // Ctrl+C: nothing more can be output, so say which detonations go on and how to wait for them again.
            SubmissionWaiter.WarnInterrupted(this, ToWaitFor.Where(s => !_reported.ContainsKey(s.SubmissionId)).ToList());
            throw;
        }
        catch (FalconXApiException ex)
        {
            WriteApiError(ex, ToWaitFor.Select(s => s.SubmissionId).ToArray());
        }
        finally
        {
            waiter.Complete();
        }
    }

    /// <summary>Fetches the reports of one batch of finished submissions in one lookup and queues them for output.</summary>
    private async Task WriteReportsAsync(FalconXClient client, IReadOnlyList<FalconXSubmission> finished, CancellationToken cancellationToken)
    {
        foreach (var failed in finished.Where(s => !s.IsSucceeded))
        {
            _reported[failed.SubmissionId] = true;
        }

        var succeeded = finished.Where(s => s.IsSucceeded).ToList();
        if (succeeded.Count == 0)
        {
            return;
        }

        await foreach (var result in client.GetReportsAsync(succeeded.Select(s => s.SubmissionId), cancellationToken).ConfigureAwait(false))
        {
            var submission = succeeded[result.Index];
            if (result.Report is FalconXReport report)
            {
                // Status checks return fresh submission objects: the ThreatQ source is on the one this command made.
                report.ThreatQSource ??= submission.ThreatQSource ?? ToWaitFor.FirstOrDefault(s => string.Equals(s.SubmissionId, submission.SubmissionId, StringComparison.OrdinalIgnoreCase) && s.ThreatQSource is not null)?.ThreatQSource;
                PostToCmdletThread(() =>
                {
                    WriteObject(report);
                    _reported[submission.SubmissionId] = true;
                });
            }
            else if (result.Error is FalconXApiException error)
            {
                PostToCmdletThread(() => WriteError(ErrorRecords.ForApi(error, submission.DisplayName, "fetch the report of")));
            }
        }
    }
}
