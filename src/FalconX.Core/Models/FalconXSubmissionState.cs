using System;

namespace FalconX.Models;

/// <summary>The states a sandbox submission goes through: created, running, then success or error.</summary>
public static class FalconXSubmissionState
{
    /// <summary>Accepted and queued.</summary>
    public const string Created = "created";

    /// <summary>Being detonated.</summary>
    public const string Running = "running";

    /// <summary>Finished; the report is ready.</summary>
    public const string Success = "success";

    /// <summary>Finished without an analysis; <see cref="FalconXSubmission.ErrorType"/> says why.</summary>
    public const string Error = "error";

    /// <summary>
    /// True for success and error. The API documents no other states; any state it adds later is treated as
    /// still in progress, so a waiter keeps polling rather than stopping early.
    /// </summary>
    public static bool IsFinished(string? state) =>
        string.Equals(state, Success, StringComparison.OrdinalIgnoreCase) || string.Equals(state, Error, StringComparison.OrdinalIgnoreCase);
}
