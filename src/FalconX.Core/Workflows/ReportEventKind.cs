namespace FalconX.Workflows;

/// <summary>What a <see cref="ReportEvent"/> tells.</summary>
public enum ReportEventKind
{
    /// <summary>A report (or summary) to output; these come in input order.</summary>
    Report,

    /// <summary>The input's detonation is still queued or running, so it has no report yet (without waiting).</summary>
    NotFinished,

    /// <summary>No report and no detonation under way for the input.</summary>
    NotFound,

    /// <summary>The API answered for the report, but the answer could not be read.</summary>
    Unreadable,

    /// <summary>
    /// A request failed: a batch of reports (target: the input), an IOC pack (target: the report), or the status
    /// checks of a wait (target: the first submission waited for). Described by the error's kind.
    /// </summary>
    ApiError,

    /// <summary>A detonation waited for ended in error and left no report.</summary>
    DetonationFailed,

    /// <summary>The wait ended; <see cref="ReportEvent.WaitResult"/> lists what it gave up on (timeout, no longer known).</summary>
    WaitEnded,

    /// <summary>How many of the fetched ids are in (<see cref="ReportEvent.Done"/> of <see cref="ReportEvent.Total"/>).</summary>
    FetchProgress,
}
