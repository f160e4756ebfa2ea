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

    /// <summary>"Waited 12 s for 1 submission with 3 status requests: 1 succeeded, 0 failed, 0 still running."</summary>
    public static string WaitSummary(SubmissionPollResult result) =>
        string.Format(
            CultureInfo.InvariantCulture,
            "Waited {0} for {1} with {2}: {3} succeeded, {4} failed, {5} still running.",
            FormatElapsed(result.Elapsed),
            Count(result.Submissions.Count, "submission", "submissions"),
            Count(result.StatusRequests, "status request", "status requests"),
            result.Succeeded.Count,
            result.Failed.Count,
            result.Pending.Count);

    /// <summary>
    /// After Ctrl+C ended the wait: names the submissions whose reports were not output yet and the command that
    /// waits for them again. PowerShell takes no output or stream records once a pipeline stops, so this goes to the
    /// host directly (the console shows it; a host without a UI drops it). Safe to call on the cmdlet thread while
    /// stopping.
    /// </summary>
    public static string? InterruptedNotice(IReadOnlyCollection<FalconXSubmission> notReported)
    {
        if (notReported is null || notReported.Count == 0)
        {
            return null;
        }

        var ids = string.Join(", ", notReported.Select(s => "'" + s.SubmissionId + "'"));
        var names = string.Join(", ", notReported.Take(5).Select(s => s.LocalFile is null ? s.DisplayName : System.IO.Path.GetFileName(s.LocalFile))) + (notReported.Count > 5 ? ", ..." : string.Empty);
        return string.Format(
            CultureInfo.InvariantCulture,
            "Stopped waiting (Ctrl+C); the detonations go on. {0} not reported yet ({1}). Wait for them again with:{2}Get-FalconXReport -Wait -ReportId {3}",
            Count(notReported.Count, "submission", "submissions"),
            names,
            Environment.NewLine,
            ids);
    }

    /// <summary>Writes <see cref="InterruptedNotice"/> as a warning line on the host's UI, if it has one.</summary>
    public static void WarnInterrupted(PSCmdlet cmdlet, IReadOnlyCollection<FalconXSubmission> notReported)
    {
        var notice = InterruptedNotice(notReported);
        if (notice is null)
        {
            return;
        }

        try
        {
            cmdlet.Host?.UI?.WriteWarningLine(notice);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A host that cannot show it: nothing else can be done while the pipeline stops.
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
        var status = StatusText(progress);
        var record = new ProgressRecord(_activityId, Activity, status)
        {
            PercentComplete = progress.PercentComplete,
            CurrentOperation = progress.Pending == 0
                ? "All finished."
                : progress.Total == 1
                    ? $"{progress.Submissions[0].DisplayName}: {(progress.StatusRequests == 0 ? "submitted" : StateText(progress.Submissions[0].State))}; next check in {FormatElapsed(progress.UntilNextCheck)}"
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

    private static string StateText(string state) => string.IsNullOrEmpty(state) ? "not checked yet" : state;

    /// <summary>
    /// The bar's status in words: "1 of 3 finished (1 report); 1 detonating, 1 waiting to start; 0:12 elapsed".
    /// Only the counts that are not zero are named; "not checked yet" is said as such, never as "queued".
    /// </summary>
    internal static string StatusText(SubmissionPollProgress progress)
    {
        var running = 0;
        var queued = 0;
        var notChecked = 0;
        foreach (var submission in progress.Submissions.Where(s => !s.IsFinished))
        {
            // Before the first status check the state is the submit answer's ("created"), not something seen.
            if (progress.StatusRequests == 0 || string.IsNullOrEmpty(submission.State))
            {
                notChecked++;
            }
            else if (string.Equals(submission.State, FalconXSubmissionState.Running, StringComparison.OrdinalIgnoreCase))
            {
                running++;
            }
            else
            {
                queued++;
            }
        }

        var finished = new List<string>();
        if (progress.Succeeded > 0)
        {
            finished.Add(Count(progress.Succeeded, "report", "reports"));
        }

        if (progress.Failed > 0)
        {
            finished.Add(progress.Failed.ToString(CultureInfo.InvariantCulture) + " failed");
        }

        var waiting = new List<string>();
        if (running > 0)
        {
            waiting.Add(running.ToString(CultureInfo.InvariantCulture) + " detonating");
        }

        if (queued > 0)
        {
            waiting.Add(queued.ToString(CultureInfo.InvariantCulture) + " waiting to start");
        }

        if (notChecked > 0)
        {
            waiting.Add(notChecked.ToString(CultureInfo.InvariantCulture) + " not checked yet");
        }

        var text = string.Format(CultureInfo.InvariantCulture, "{0} of {1} finished", progress.Finished, progress.Total);
        if (finished.Count > 0)
        {
            text += " (" + string.Join(", ", finished) + ")";
        }

        if (waiting.Count > 0)
        {
            text += "; " + string.Join(", ", waiting);
        }

        return text + "; " + FormatElapsed(progress.Elapsed) + " elapsed";
    }

    /// <summary>"1 submission", "2 submissions".</summary>
    internal static string Count(int n, string one, string many) => n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? one : many);
}
