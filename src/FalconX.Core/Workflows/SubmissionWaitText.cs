using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FalconX.Client;
using FalconX.Models;

namespace FalconX.Workflows;

/// <summary>
/// What a wait for detonations says in words: the progress bar's status ("1 of 3 finished (1 report); 1 detonating,
/// 1 not checked yet; 0:12 elapsed"), the summary at the end, the notice after Ctrl+C, and the messages of a failed,
/// timed-out or vanished submission. Shared by every command with -Wait.
/// </summary>
public static class SubmissionWaitText
{
    /// <summary>"12 s", "1:05" or "1:02:03": elapsed time as the wait's progress and messages show it.</summary>
    public static string Elapsed(TimeSpan span) =>
        span.TotalSeconds < 60
            ? ((int)span.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " s"
            : span.ToString(span.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);

    /// <summary>"1 submission", "2 submissions".</summary>
    public static string Count(int count, string one, string many) => count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? one : many);

    /// <summary>
    /// The bar's status in words: "1 of 3 finished (1 report); 1 detonating, 1 waiting to start; 0:12 elapsed".
    /// Only the counts that are not zero are named; "not checked yet" is said as such, never as "queued".
    /// </summary>
    public static string Status(SubmissionPollProgress progress)
    {
        if (progress is null)
        {
            throw new ArgumentNullException(nameof(progress));
        }

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
        AddCount(waiting, running, " detonating");
        AddCount(waiting, queued, " waiting to start");
        AddCount(waiting, notChecked, " not checked yet");

        var text = string.Format(CultureInfo.InvariantCulture, "{0} of {1} finished", progress.Finished, progress.Total);
        if (finished.Count > 0)
        {
            text += " (" + string.Join(", ", finished) + ")";
        }

        if (waiting.Count > 0)
        {
            text += "; " + string.Join(", ", waiting);
        }

        return text + "; " + Elapsed(progress.Elapsed) + " elapsed";
    }

    /// <summary>The bar's second line: "All finished.", one submission's state and the next check, or when the next check comes.</summary>
    public static string CurrentOperation(SubmissionPollProgress progress)
    {
        if (progress is null)
        {
            throw new ArgumentNullException(nameof(progress));
        }

        if (progress.Pending == 0)
        {
            return "All finished.";
        }

        if (progress.Total == 1)
        {
            var state = progress.StatusRequests == 0 ? "submitted" : string.IsNullOrEmpty(progress.Submissions[0].State) ? "not checked yet" : progress.Submissions[0].State;
            return $"{progress.Submissions[0].DisplayName}: {state}; next check in {Elapsed(progress.UntilNextCheck)}";
        }

        return $"Next status check in {Elapsed(progress.UntilNextCheck)}";
    }

    /// <summary>"Waited 12 s for 1 submission with 3 status requests: 1 succeeded, 0 failed, 0 still running."</summary>
    public static string Summary(SubmissionPollResult result)
    {
        if (result is null)
        {
            throw new ArgumentNullException(nameof(result));
        }

        return string.Format(
            CultureInfo.InvariantCulture,
            "Waited {0} for {1} with {2}: {3} succeeded, {4} failed, {5} still running.",
            Elapsed(result.Elapsed),
            Count(result.Submissions.Count, "submission", "submissions"),
            Count(result.StatusRequests, "status request", "status requests"),
            result.Succeeded.Count,
            result.Failed.Count,
            result.Pending.Count);
    }

    /// <summary>
    /// After Ctrl+C ended the wait: names the submissions whose reports were not output yet and the command that
    /// waits for them again; null when every report was output.
    /// </summary>
    public static string? InterruptedNotice(IReadOnlyCollection<FalconXSubmission>? notReported)
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

    /// <summary>A detonation that ended in error: the message (the file, the submission, the API's reason) and what to do.</summary>
    public static (string Message, string Advice) DetonationFailed(FalconXSubmission submission)
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
        return (message, advice);
    }

    /// <summary>A submission still running after <paramref name="waited"/>: its state and how to wait again.</summary>
    public static string TimedOut(FalconXSubmission submission, TimeSpan waited)
    {
        if (submission is null)
        {
            throw new ArgumentNullException(nameof(submission));
        }

        return $"'{submission.DisplayName}' (submission {submission.SubmissionId}) was still {(string.IsNullOrEmpty(submission.State) ? "pending" : submission.State)} after {Elapsed(waited)}. The detonation goes on: wait again later with Get-FalconXReport -Wait -SubmissionId {submission.SubmissionId}, or raise -TimeoutSec.";
    }

    /// <summary>A submission the API stopped knowing about during the wait.</summary>
    public static string NoLongerKnown(string submissionId, FalconXSubmission? submission)
    {
        var name = submission?.LocalFile is null && submission?.FileName is null ? string.Empty : $" ('{submission!.DisplayName}')";
        return $"Submission {submissionId}{name} is no longer known to the API (deleted, or made in another tenant or cloud); stopped waiting for it.";
    }

    private static void AddCount(List<string> parts, int count, string what)
    {
        if (count > 0)
        {
            parts.Add(count.ToString(CultureInfo.InvariantCulture) + what);
        }
    }
}
