using System;
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
/// The PowerShell side of waiting for detonations, shared by every cmdlet with <c>-Wait</c>: one
/// <see cref="SubmissionPoller"/> for all submissions of the pipeline, a progress bar (its words come from
/// <see cref="SubmissionWaitText"/>) written only from the cmdlet thread, an error per failed detonation naming its
/// file, and an error per submission still running when the timeout ends the wait.
/// </summary>
/// <remarks>
/// Use from a <see cref="FalconXCmdlet"/>:
/// <code>
/// var waiter = new SubmissionWaiter(this, PostToCmdletThread, ProgressBar.SubmitWaitId) { PollInterval = ..., Timeout = ..., Finished = ... };
/// try { var result = RunAsync(ct => waiter.WaitAsync(Client, submissions, ct)); waiter.WriteOutcomeErrors(result); }
/// finally { waiter.Complete(); }
/// </code>
/// </remarks>
internal sealed class SubmissionWaiter
{
    /// <summary>The least -PollIntervalSec of every command with -Wait.</summary>
    public const int MinPollIntervalSec = 1;

    /// <summary>The most -PollIntervalSec of every command with -Wait.</summary>
    public const int MaxPollIntervalSec = 3600;

    /// <summary>The default -PollIntervalSec of every command with -Wait.</summary>
    public const int DefaultPollIntervalSec = 30;

    /// <summary>The least -TimeoutSec of every command with -Wait.</summary>
    public const int MinTimeoutSec = 1;

    /// <summary>The most -TimeoutSec of every command with -Wait (a day).</summary>
    public const int MaxTimeoutSec = 86400;

    /// <summary>The default -TimeoutSec of every command with -Wait (20 minutes).</summary>
    public const int DefaultTimeoutSec = 1200;

    private readonly Cmdlet _cmdlet;
    private readonly Action<Action> _postToCmdletThread;
    private readonly ProgressBar _progress;

    /// <summary>Creates a waiter for one cmdlet; <paramref name="postToCmdletThread"/> is the cmdlet's PostToCmdletThread.</summary>
    public SubmissionWaiter(Cmdlet cmdlet, Action<Action> postToCmdletThread, int activityId)
    {
        _cmdlet = cmdlet ?? throw new ArgumentNullException(nameof(cmdlet));
        _postToCmdletThread = postToCmdletThread ?? throw new ArgumentNullException(nameof(postToCmdletThread));
        _progress = new ProgressBar(cmdlet, activityId, "Waiting for Falcon X detonations");
    }

    /// <summary>The progress bar's title.</summary>
    public string Activity
    {
        get => _progress.Activity;
        set => _progress.Activity = value;
    }

    /// <summary>Time between status checks (one batched request each).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait in all; null for no limit.</summary>
    public TimeSpan? Timeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>
    /// Write an error (id <see cref="ErrorIds.FalconXDetonationFailed"/>) for each detonation that ends in error, as
    /// soon as it is seen. Default true.
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
                    _postToCmdletThread(() => _cmdlet.WriteError(ErrorRecords.DetonationFailed(failed)));
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
            _cmdlet.WriteError(ErrorRecords.WaitTimedOut(pending, Timeout ?? result.Elapsed));
        }

        foreach (var id in result.NotFound)
        {
            var submission = result.Submissions.FirstOrDefault(s => string.Equals(s.SubmissionId, id, StringComparison.OrdinalIgnoreCase));
            _cmdlet.WriteError(ErrorRecords.SubmissionNoLongerKnown(id, submission));
        }
    }

    /// <summary>
    /// After Ctrl+C ended the wait: writes <see cref="SubmissionWaitText.InterruptedNotice"/> as a warning line on the
    /// host's UI, if it has one. PowerShell takes no output or stream records once a pipeline stops, so this goes to
    /// the host directly (the console shows it; a host without a UI drops it).
    /// </summary>
    public static void WarnInterrupted(PSCmdlet cmdlet, IReadOnlyCollection<FalconXSubmission> notReported)
    {
        var notice = SubmissionWaitText.InterruptedNotice(notReported);
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
    public void Complete() => _progress.Complete();

    private void ShowProgress(SubmissionPollProgress progress) =>
        _progress.Show(
            SubmissionWaitText.Status(progress),
            progress.PercentComplete,
            SubmissionWaitText.CurrentOperation(progress),
            progress.Remaining is TimeSpan remaining ? (int)Math.Ceiling(remaining.TotalSeconds) : -1);
}
