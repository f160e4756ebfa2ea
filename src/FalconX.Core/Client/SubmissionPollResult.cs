using System;
using System.Collections.Generic;
using System.Linq;
using FalconX.Models;

namespace FalconX.Client;

/// <summary>How a wait ended.</summary>
public sealed class SubmissionPollResult
{
    internal SubmissionPollResult(IReadOnlyList<FalconXSubmission> all, IReadOnlyList<string> notFound, bool timedOut, int statusRequests, TimeSpan elapsed)
    {
        Submissions = all;
        Succeeded = all.Where(s => s.IsSucceeded).ToList();
        Failed = all.Where(s => s.IsFailed).ToList();
        Pending = all.Where(s => !s.IsFinished && !notFound.Contains(s.SubmissionId, StringComparer.OrdinalIgnoreCase)).ToList();
        NotFound = notFound;
        TimedOut = timedOut;
        StatusRequests = statusRequests;
        Elapsed = elapsed;
    }

    /// <summary>Every submission, in the order they were added, with its last known state.</summary>
    public IReadOnlyList<FalconXSubmission> Submissions { get; }

    /// <summary>Those that finished with a report.</summary>
    public IReadOnlyList<FalconXSubmission> Succeeded { get; }

    /// <summary>Those that finished with an error (see their ErrorType and ErrorMessage).</summary>
    public IReadOnlyList<FalconXSubmission> Failed { get; }

    /// <summary>Those still queued or running when the timeout ended the wait.</summary>
    public IReadOnlyList<FalconXSubmission> Pending { get; }

    /// <summary>Ids the API kept answering without (deleted, or from another tenant).</summary>
    public IReadOnlyList<string> NotFound { get; }

    /// <summary>True when the timeout ended the wait before every submission finished.</summary>
    public bool TimedOut { get; }

    /// <summary>Status requests sent.</summary>
    public int StatusRequests { get; }

    /// <summary>How long the wait took.</summary>
    public TimeSpan Elapsed { get; }
}
