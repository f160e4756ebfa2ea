using System;
using System.Collections.Generic;
using System.Linq;
using FalconX.Models;

namespace FalconX.Client;

/// <summary>Where a wait stands; handed to <see cref="SubmissionPoller.ProgressChanged"/>.</summary>
public sealed class SubmissionPollProgress
{
    internal SubmissionPollProgress(IReadOnlyList<FalconXSubmission> submissions, TimeSpan elapsed, TimeSpan? timeout, TimeSpan untilNextCheck, int statusRequests)
    {
        Submissions = submissions;
        Total = submissions.Count;
        Succeeded = submissions.Count(s => s.IsSucceeded);
        Failed = submissions.Count(s => s.IsFailed);
        Elapsed = elapsed;
        Timeout = timeout;
        UntilNextCheck = untilNextCheck;
        StatusRequests = statusRequests;
    }

    /// <summary>Every submission waited for, with its latest known state.</summary>
    public IReadOnlyList<FalconXSubmission> Submissions { get; }

    /// <summary>How many submissions are waited for.</summary>
    public int Total { get; }

    /// <summary>How many finished with a report.</summary>
    public int Succeeded { get; }

    /// <summary>How many finished with an error.</summary>
    public int Failed { get; }

    /// <summary>How many finished either way.</summary>
    public int Finished => Succeeded + Failed;

    /// <summary>How many are still queued or running.</summary>
    public int Pending => Total - Finished;

    /// <summary>Time since the wait began.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The overall timeout, if any.</summary>
    public TimeSpan? Timeout { get; }

    /// <summary>Time left before the timeout, if there is one.</summary>
    public TimeSpan? Remaining => Timeout is TimeSpan t ? (t > Elapsed ? t - Elapsed : TimeSpan.Zero) : null;

    /// <summary>Time until the next status check.</summary>
    public TimeSpan UntilNextCheck { get; }

    /// <summary>Status requests sent so far.</summary>
    public int StatusRequests { get; }

    /// <summary>Share done, 0 to 100.</summary>
    public int PercentComplete => Total == 0 ? 100 : (int)(Finished * 100L / Total);
}
