using System;
using System.Globalization;
using FalconX.Client;
using FalconX.Models;

namespace FalconX.Workflows;

/// <summary>
/// One thing a <see cref="ReportResolver"/> found: a report to output, or why an input has none. A front end turns
/// each into output, an error record or progress; <see cref="ErrorId"/> is the stable id of the error kinds.
/// </summary>
public sealed class ReportEvent
{
    private ReportEvent(ReportEventKind kind, object? target)
    {
        Kind = kind;
        Target = target;
    }

    /// <summary>What this event tells.</summary>
    public ReportEventKind Kind { get; }

    /// <summary>What the event is about: the input's target, a report, or a submission; null for progress and a report error without its input.</summary>
    public object? Target { get; private set; }

    /// <summary>The report (or summary) for <see cref="ReportEventKind.Report"/>.</summary>
    public FalconXReportBase? Report { get; private set; }

    /// <summary>The failure for <see cref="ReportEventKind.NotFound"/>, <see cref="ReportEventKind.Unreadable"/> and <see cref="ReportEventKind.ApiError"/>.</summary>
    public FalconXApiException? Error { get; private set; }

    /// <summary>The submission for <see cref="ReportEventKind.NotFinished"/> and <see cref="ReportEventKind.DetonationFailed"/>.</summary>
    public FalconXSubmission? Submission { get; private set; }

    /// <summary>For <see cref="ReportEventKind.NotFinished"/>: how long ago the submission was made, when the API said.</summary>
    public TimeSpan? Elapsed { get; private set; }

    /// <summary>What went wrong, in words: the error's message, or for <see cref="ReportEventKind.NotFinished"/> the state and how long it has run.</summary>
    public string? Message => Kind == ReportEventKind.NotFinished && Submission is { } submission
        ? string.Format(
            CultureInfo.InvariantCulture,
            "The detonation of '{0}' (submission {1}, environment {2}) has not finished: it is {3}{4}. Run the command again later, or add -Wait to wait for it.",
            submission.DisplayName,
            submission.SubmissionId,
            submission.EnvironmentId,
            string.IsNullOrEmpty(submission.State) ? "pending" : submission.State,
            Elapsed is TimeSpan e ? " after " + SubmissionWaitText.Elapsed(e) : string.Empty)
        : Error?.Message;

    /// <summary>For <see cref="ReportEventKind.WaitEnded"/>: how the wait ended.</summary>
    public SubmissionPollResult? WaitResult { get; private set; }

    /// <summary>For <see cref="ReportEventKind.FetchProgress"/>: results in so far.</summary>
    public int Done { get; private set; }

    /// <summary>For <see cref="ReportEventKind.FetchProgress"/>: ids being fetched.</summary>
    public int Total { get; private set; }

    /// <summary>For <see cref="ReportEventKind.FetchProgress"/>: true on the last one.</summary>
    public bool IsLast { get; private set; }

    /// <summary>The stable error id for the error kinds that have their own; null for reports, progress and <see cref="ReportEventKind.ApiError"/> (named by its error's kind).</summary>
    public string? ErrorId => Kind switch
    {
        ReportEventKind.NotFinished => ErrorIds.FalconXDetonationNotFinished,
        ReportEventKind.NotFound => ErrorIds.FalconXReportNotFound,
        ReportEventKind.Unreadable => ErrorIds.FalconXUnreadableReport,
        ReportEventKind.DetonationFailed => ErrorIds.FalconXDetonationFailed,
        _ => null,
    };

    /// <summary>What the user can do about an error of this kind; null when the error's kind says it (<see cref="ReportEventKind.ApiError"/>) or for output.</summary>
    public string? RecommendedAction => Kind switch
    {
        ReportEventKind.NotFinished => "Add -Wait (and -TimeoutSec) to wait for the detonation.",
        ReportEventKind.NotFound => "Check the id or hash; it may belong to another tenant or cloud, or have been deleted.",
        ReportEventKind.Unreadable => "The other reports are unaffected. Run the command again; if this report stays unreadable, quote the trace id to CrowdStrike support.",
        _ => null,
    };

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ReportEventKind.Report => $"Report {Report?.ReportId}",
        ReportEventKind.FetchProgress => $"FetchProgress {Done}/{Total}",
        ReportEventKind.NotFinished or ReportEventKind.DetonationFailed => $"{Kind} {Submission?.SubmissionId}",
        ReportEventKind.WaitEnded => $"WaitEnded ({WaitResult?.Pending.Count} pending, {WaitResult?.NotFound.Count} not found)",
        _ => $"{Kind} {Target}: {Error?.Message}",
    };

    internal static ReportEvent ForReport(FalconXReportBase report, object? target) => new(ReportEventKind.Report, target) { Report = report };

    internal static ReportEvent ForError(ReportEventKind kind, FalconXApiException error, object? target) => new(kind, target) { Error = error };

    internal static ReportEvent ForNotFinished(FalconXSubmission submission, TimeSpan? elapsed, object target) =>
        new(ReportEventKind.NotFinished, target) { Submission = submission, Elapsed = elapsed };

    internal static ReportEvent ForDetonationFailed(FalconXSubmission submission) => new(ReportEventKind.DetonationFailed, submission) { Submission = submission };

    internal static ReportEvent ForWaitEnded(SubmissionPollResult result) => new(ReportEventKind.WaitEnded, null) { WaitResult = result };

    internal static ReportEvent ForFetchProgress(int done, int total, bool last) => new(ReportEventKind.FetchProgress, null) { Done = done, Total = total, IsLast = last };
}
