using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Models;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// The PowerShell side of waiting for detonations, shared by every cmdlet with <c>-Wait</c>: one
/// <see cref="SubmissionPoller"/> for all submissions of the pipeline, a progress bar (state, elapsed, how many of N
/// done) written only from the cmdlet thread, an error per failed detonation naming its file, and an error per
/// submission still running when the timeout ends the wait.
/// </summary>
/// <remarks>
/// Use from a <see cref="FalconXCmdlet"/>:
/// <code>
/// var waiter = new SubmissionWaiter(this, PostToCmdletThread) { PollInterval = ..., Timeout = ..., Finished = ... };
/// try { var result = RunAsync(ct => waiter.WaitAsync(Client, submissions, ct)); waiter.WriteOutcomeErrors(result); }
/// finally { waiter.Complete(); }
/// </code>
/// </remarks>
internal sealed class SubmissionWaiter
{
    /// <summary>Error id of a detonation that ended in error.</summary>
    public const string DetonationFailedErrorId = "FalconXDetonationFailed";

    /// <summary>Error id of a submission still running when -TimeoutSec ran out.</summary>
    public const string WaitTimedOutErrorId = "FalconXWaitTimedOut";

    /// <summary>Error id of a submission the API stopped knowing about during the wait.</summary>
    public const string SubmissionNotFoundErrorId = "FalconXSubmissionNotFound";

    private readonly Cmdlet _cmdlet;
    private readonly Action<Action> _postToCmdletThread;
    private readonly int _activityId;
    private bool _progressShown;

    /// <summary>Creates a waiter for one cmdlet; <paramref name="postToCmdletThread"/> is the cmdlet's PostToCmdletThread.</summary>
    public SubmissionWaiter(Cmdlet cmdlet, Action<Action> postToCmdletThread, int activityId = 1)
    {
        _cmdlet = cmdlet ?? throw new ArgumentNullException(nameof(cmdlet));
        _postToCmdletThread = postToCmdletThread ?? throw new ArgumentNullException(nameof(postToCmdletThread));
        _activityId = activityId;
    }

    /// <summary>The progress bar's title.</summary>
    public string Activity { get; set; } = "Waiting for Falcon X detonations";

    /// <summary>Time between status checks (one batched request each).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait in all; null for no limit.</summary>
    public TimeSpan? Timeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>
    /// Write an error (id <see cref="DetonationFailedErrorId"/>) for each detonation that ends in error, as soon as it
    /// is seen. Default true.
    /// </summary>
    public bool WriteDetonationErrors { get; set; } = true;

    /// <summary>
    /// Called on a worker thread with each batch of submissions that finished (succeeded and failed), awaited before
    /// the next check: fetch reports here in one request, and write them with the cmdlet's PostToCmdletThread.
    /// </summary>
    public Func<IReadOnlyList<FalconXSubmission>, CancellationToken, Task>? Finished { get; set; }

    /// <summary>
    /// Waits for <paramref name="submissions"/> together. Run it through the cmdlet's RunAsync so that progress and
    /// errors are written on the cmdlet thread and Ctrl+C cancels it.
    /// </summary>
    public Task<SubmissionPollResult> WaitAsync(FalconXClient client, IEnumerable<FalconXSubmission> submissions, CancellationToken cancellationToken)
    {
        var poller = new SubmissionPoller(client, new SubmissionPollerOptions { PollInterval = PollInterval, Timeout = Timeout });
        foreach (var submission in submissions ?? throw new ArgumentNullException(nameof(submissions)))
        {
            poller.Add(submission);
        }

        poller.ProgressChanged = progress => _postToCmdletThread(() => ShowProgress(progress));
        poller.Finished = async (finished, ct) =>
        {
            if (WriteDetonationErrors)
            {
                foreach (var failed in finished.Where(s => s.IsFailed))
                {
                    _postToCmdletThread(() => _cmdlet.WriteError(DetonationError(failed)));
                }
            }

            if (Finished is not null)
            {
                await Finished(finished, ct).ConfigureAwait(false);
            }
        };
        return poller.WaitAsync(cancellationToken);
    }

    /// <summary>Writes an error for every submission the wait gave up on (timeout, not found). Call on the cmdlet thread.</summary>
    public void WriteOutcomeErrors(SubmissionPollResult result)
    {
        if (result is null)
        {
            throw new ArgumentNullException(nameof(result));
        }

        foreach (var pending in result.Pending)
        {
            _cmdlet.WriteError(TimeoutError(pending, Timeout ?? result.Elapsed));
        }

        foreach (var id in result.NotFound)
        {
            var submission = result.Submissions.FirstOrDefault(s => string.Equals(s.SubmissionId, id, StringComparison.OrdinalIgnoreCase));
            _cmdlet.WriteError(new ErrorRecord(
                new ItemNotFoundException($"Submission {id}{For(submission)} is no longer known to the API (deleted, or made in another tenant or cloud); stopped waiting for it."),
                SubmissionNotFoundErrorId,
                ErrorCategory.ObjectNotFound,
                (object?)submission ?? id));
        }
    }

    /// <summary>Removes the progress bar. Call on the cmdlet thread, in a finally block.</summary>
    public void Complete()
    {
        if (!_progressShown)
        {
            return;
        }

        _progressShown = false;
        try
        {
            _cmdlet.WriteProgress(new ProgressRecord(_activityId, Activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
        catch (PipelineStoppedException)
        {
            // Ctrl+C: the host removes the bar itself.
        }
        catch (InvalidOperationException)
        {
            // Not on the pipeline thread any more (the command already ended): nothing to remove.
        }
    }

    /// <summary>The error for a detonation that ended in error: names the file, says why, and keeps the submission as target.</summary>
    public static ErrorRecord DetonationError(FalconXSubmission submission)
    {
        if (submission is null)
        {
            throw new ArgumentNullException(nameof(submission));
        }

        var why = string.IsNullOrEmpty(submission.ErrorType) ? "no reason given" : submission.ErrorType!;
        var message = $"The detonation of '{submission.DisplayName}' (submission {submission.SubmissionId}, environment {submission.EnvironmentId}) failed: {why}"
            + (string.IsNullOrEmpty(submission.ErrorMessage) ? "." : $": {submission.ErrorMessage!.TrimEnd('.')}.");
        var advice = string.Equals(submission.ErrorType, "FILE_TYPE_BAD_ERROR", StringComparison.OrdinalIgnoreCase)
            ? "The sandbox cannot run this file type in this environment: try another -EnvironmentId, or check that the file is what its name says."
            : "Check the file and the environment; Get-FalconXSubmission shows the error again.";
        return new ErrorRecord(new InvalidOperationException(message), DetonationFailedErrorId, ErrorCategory.InvalidResult, submission)
        {
            ErrorDetails = new ErrorDetails(message) { RecommendedAction = advice },
        };
    }

    /// <summary>The error for a submission still running when the wait ran out of time.</summary>
    public static ErrorRecord TimeoutError(FalconXSubmission submission, TimeSpan waited)
    {
        if (submission is null)
        {
            throw new ArgumentNullException(nameof(submission));
        }

        var message = $"'{submission.DisplayName}' (submission {submission.SubmissionId}) was still {(string.IsNullOrEmpty(submission.State) ? "pending" : submission.State)} after {FormatElapsed(waited)}. The detonation goes on: wait again later with Get-FalconXReport -Wait -SubmissionId {submission.SubmissionId}, or raise -TimeoutSec.";
        return new ErrorRecord(new TimeoutException(message), WaitTimedOutErrorId, ErrorCategory.OperationTimeout, submission)
        {
            ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Wait again later, or raise -TimeoutSec." },
        };
    }

    /// <summary>"1:05" or "12 s".</summary>
    internal static string FormatElapsed(TimeSpan span) =>
        span.TotalSeconds < 60
            ? ((int)span.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " s"
            : span.TotalHours >= 1
                ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
                : span.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    private static string For(FalconXSubmission? submission) => submission?.LocalFile is null && submission?.FileName is null ? string.Empty : $" ('{submission!.DisplayName}')";

    private void ShowProgress(SubmissionPollProgress progress)
    {
        var running = progress.Submissions.Count(s => string.Equals(s.State, FalconXSubmissionState.Running, StringComparison.OrdinalIgnoreCase));
        var status = string.Format(
            CultureInfo.InvariantCulture,
            "{0} of {1} done ({2} succeeded, {3} failed), {4} running, {5} queued; {6} elapsed",
            progress.Finished,
            progress.Total,
            progress.Succeeded,
            progress.Failed,
            running,
            progress.Pending - running,
            FormatElapsed(progress.Elapsed));
        var record = new ProgressRecord(_activityId, Activity, status)
        {
            PercentComplete = progress.PercentComplete,
            CurrentOperation = progress.Pending == 0
                ? "All finished."
                : progress.Total == 1
                    ? $"{progress.Submissions[0].DisplayName}: {StateText(progress.Submissions[0].State)}; next check in {FormatElapsed(progress.UntilNextCheck)}"
                    : $"Next status check in {FormatElapsed(progress.UntilNextCheck)}",
        };
        if (progress.Remaining is TimeSpan remaining)
        {
            record.SecondsRemaining = (int)Math.Ceiling(remaining.TotalSeconds);
        }

        try
        {
            _cmdlet.WriteProgress(record);
            _progressShown = true;
        }
        catch (PipelineStoppedException)
        {
            // Stopping: a late progress update has nowhere to go.
        }
    }

    private static string StateText(string state) => string.IsNullOrEmpty(state) ? "checking" : state;
}
