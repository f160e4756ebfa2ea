using System;
using System.Management.Automation;
using FalconX.Client;
using FalconX.Models;
using FalconX.ThreatQ.Api;
using FalconX.Workflows;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// The one place FalconX builds ErrorRecords: the id (always one of <see cref="ErrorIds"/>), a specific category, the
/// item it is about, and what to do. Cmdlets write them through <see cref="FalconXCmdlet"/>'s WriteItemError,
/// ThrowItemError, WriteApiError and ThrowApiError.
/// </summary>
internal static class ErrorRecords
{
    /// <summary>An error about <paramref name="target"/>; with <paramref name="recommendedAction"/>, ErrorDetails carry it.</summary>
    public static ErrorRecord Create(Exception exception, string errorId, ErrorCategory category, object? target, string? recommendedAction = null)
    {
        var record = new ErrorRecord(exception, errorId, category, target);
        if (recommendedAction is not null)
        {
            record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = recommendedAction };
        }

        return record;
    }

    /// <summary>The error id, category and advice for each kind of API failure, of Falcon X or of ThreatQ.</summary>
    private static (string ErrorId, ErrorCategory Category, string Advice) Describe(FalconXErrorKind kind, bool threatQ) => (kind, threatQ) switch
    {
        (FalconXErrorKind.Authentication, false) => (ErrorIds.FalconXAuthenticationFailed, ErrorCategory.AuthenticationError, "Check the client id and secret, the cloud, and the API client's scopes; then run Connect-FalconX again."),
        (FalconXErrorKind.RateLimit, false) => (ErrorIds.FalconXRateLimited, ErrorCategory.LimitsExceeded, "Wait a minute and run the command again, or send fewer requests in parallel."),
        (FalconXErrorKind.QuotaExhausted, false) => (ErrorIds.FalconXQuotaExhausted, ErrorCategory.LimitsExceeded, "The sandbox submission quota is used up; Get-FalconXQuota shows it. Reuse existing reports (Get-FalconXReport) until it resets."),
        (FalconXErrorKind.NotFound, false) => (ErrorIds.FalconXNotFound, ErrorCategory.ObjectNotFound, "Check the id; it may belong to another tenant or cloud, or have been deleted."),
        (FalconXErrorKind.InvalidRequest, false) => (ErrorIds.FalconXInvalidRequest, ErrorCategory.InvalidArgument, "Correct the parameters named in the message and run the command again."),
        (FalconXErrorKind.Server, false) => (ErrorIds.FalconXServerError, ErrorCategory.ResourceUnavailable, "The API failed; try again later and quote the trace id to CrowdStrike support if it persists."),
        (FalconXErrorKind.Transport, false) => (ErrorIds.FalconXConnectionFailed, ErrorCategory.ConnectionError, "Check the network, the proxy (-Proxy on Connect-FalconX) and the cloud or base URL."),
        (FalconXErrorKind.Timeout, false) => (ErrorIds.FalconXTimeout, ErrorCategory.OperationTimeout, "Try again; raise -TimeoutSec on Connect-FalconX for slow links."),
        (FalconXErrorKind.ProxyAuthentication, false) => (ErrorIds.FalconXProxyAuthenticationRequired, ErrorCategory.AuthenticationError, "Connect again with the proxy's credentials: Connect-FalconX -Proxy <url> -ProxyCredential (Get-Credential), or -ProxyUseDefaultCredentials."),
        (_, false) => (ErrorIds.FalconXInvalidResponse, ErrorCategory.InvalidResult, "Something between this machine and the API (a proxy?) changed the answer; check -Proxy and the base URL."),
        (FalconXErrorKind.Authentication, true) => (ErrorIds.ThreatQAuthenticationFailed, ErrorCategory.AuthenticationError, "Check the ThreatQ URL, client id and the password or secret; then run Connect-ThreatQ again."),
        (FalconXErrorKind.RateLimit, true) => (ErrorIds.ThreatQRateLimited, ErrorCategory.LimitsExceeded, "Wait and run the command again."),
        (FalconXErrorKind.NotFound, true) => (ErrorIds.ThreatQNotFound, ErrorCategory.ObjectNotFound, "Check the id; the object may have been deleted."),
        (FalconXErrorKind.InvalidRequest, true) => (ErrorIds.ThreatQInvalidRequest, ErrorCategory.InvalidData, "Correct the object or parameter named in the message and run the command again; the rest was done."),
        (FalconXErrorKind.Server, true) => (ErrorIds.ThreatQServerError, ErrorCategory.ResourceUnavailable, "ThreatQ failed; run the same command again later: writes are upserts, so nothing doubles."),
        (FalconXErrorKind.Transport, true) => (ErrorIds.ThreatQConnectionFailed, ErrorCategory.ConnectionError, "Check the ThreatQ URL, the network and the proxy."),
        (FalconXErrorKind.Timeout, true) => (ErrorIds.ThreatQTimeout, ErrorCategory.OperationTimeout, "Run the command again; raise -TimeoutSec on Connect-ThreatQ for slow links."),
        (_, true) => (ErrorIds.ThreatQInvalidResponse, ErrorCategory.InvalidResult, "Check that -Uri is the ThreatQ host and no proxy changes the answers."),
    };

    /// <summary>A Falcon X API failure: the id of its kind, a specific category, status and trace id in the message.</summary>
    public static ErrorRecord ForApi(FalconXApiException exception, object? target)
    {
        if (exception is null)
        {
            throw new ArgumentNullException(nameof(exception));
        }

        var (errorId, category, advice) = Describe(exception.Kind, threatQ: false);
        return new ErrorRecord(exception, errorId, category, target)
        {
            ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = advice },
        };
    }

    /// <summary>
    /// A Falcon X API failure about one item, saying what could not be done to it ("Could not submit 'x': ...");
    /// the target is <paramref name="target"/>, or <paramref name="display"/>.
    /// </summary>
    public static ErrorRecord ForApi(FalconXApiException exception, string display, string doing, object? target = null)
    {
        var record = ForApi(exception, target ?? display);
        record.ErrorDetails = new ErrorDetails($"Could not {doing} '{display}': {exception.Message}") { RecommendedAction = record.ErrorDetails?.RecommendedAction };
        return record;
    }

    /// <summary>The quota is used up: names the sample that was not submitted.</summary>
    public static ErrorRecord QuotaExhausted(FalconXApiException cause, string display, object? target)
    {
        if (cause is null)
        {
            throw new ArgumentNullException(nameof(cause));
        }

        var message = $"Could not submit '{display}': {cause.Summary}";
        var (errorId, category, advice) = Describe(FalconXErrorKind.QuotaExhausted, threatQ: false);
        return new ErrorRecord(new FalconXApiException(cause.Kind, message, cause.StatusCode, cause.Method, cause.Path, cause.Errors, cause.TraceId, cause), errorId, category, target)
        {
            ErrorDetails = new ErrorDetails(message + (cause.TraceId is null ? string.Empty : $" (trace id {cause.TraceId})")) { RecommendedAction = advice },
        };
    }

    /// <summary>A sample refused before (or instead of) being sent.</summary>
    public static ErrorRecord Refusal(SampleRefusal refusal, object? target)
    {
        if (refusal is null)
        {
            throw new ArgumentNullException(nameof(refusal));
        }

        var category = refusal.Reason switch
        {
            SampleRefusalReason.NotFound => ErrorCategory.ObjectNotFound,
            SampleRefusalReason.InvalidData => ErrorCategory.InvalidData,
            SampleRefusalReason.LimitsExceeded => ErrorCategory.LimitsExceeded,
            SampleRefusalReason.ReadError => ErrorCategory.ReadError,
            _ => ErrorCategory.InvalidArgument,
        };
        return Create(new ArgumentException(refusal.Message), refusal.ErrorId, category, target);
    }

    /// <summary>A ThreatQ failure: the id of its kind (or <paramref name="errorId"/>), a specific category and advice.</summary>
    public static ErrorRecord ForThreatQ(ThreatQApiException exception, object? target, string? errorId = null)
    {
        if (exception is null)
        {
            throw new ArgumentNullException(nameof(exception));
        }

        var (id, category, advice) = Describe(exception.Kind, threatQ: true);
        return new ErrorRecord(exception, errorId ?? id, category, target)
        {
            ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = advice },
        };
    }

    /// <summary>The error a <see cref="ReportResolver"/> event stands for (not finished, not found, unreadable, failed, an API error).</summary>
    public static ErrorRecord ForReportEvent(ReportEvent reportEvent)
    {
        if (reportEvent is null)
        {
            throw new ArgumentNullException(nameof(reportEvent));
        }

        return reportEvent.Kind switch
        {
            ReportEventKind.DetonationFailed => DetonationFailed(reportEvent.Submission!),
            ReportEventKind.NotFinished => FromEvent(reportEvent, ErrorCategory.ResourceBusy),
            ReportEventKind.NotFound => FromEvent(reportEvent, ErrorCategory.ObjectNotFound),
            ReportEventKind.Unreadable => FromEvent(reportEvent, ErrorCategory.InvalidData),
            _ => ForApi(reportEvent.Error!, reportEvent.Target),
        };

        static ErrorRecord FromEvent(ReportEvent e, ErrorCategory category) =>
            Create((Exception?)e.Error ?? new InvalidOperationException(e.Message), e.ErrorId!, category, e.Target, e.RecommendedAction);
    }

    /// <summary>A detonation that ended in error: names the file, says why, and keeps the submission as target.</summary>
    public static ErrorRecord DetonationFailed(FalconXSubmission submission)
    {
        var (message, advice) = SubmissionWaitText.DetonationFailed(submission);
        return new ErrorRecord(new InvalidOperationException(message), ErrorIds.FalconXDetonationFailed, ErrorCategory.InvalidResult, submission)
        {
            ErrorDetails = new ErrorDetails(message) { RecommendedAction = advice },
        };
    }

    /// <summary>A submission still running when the wait ran out of time.</summary>
    public static ErrorRecord WaitTimedOut(FalconXSubmission submission, TimeSpan waited)
    {
        var message = SubmissionWaitText.TimedOut(submission, waited);
        return new ErrorRecord(new TimeoutException(message), ErrorIds.FalconXWaitTimedOut, ErrorCategory.OperationTimeout, submission)
        {
            ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Wait again later, or raise -TimeoutSec." },
        };
    }

    /// <summary>A submission the API stopped knowing about during a wait.</summary>
    public static ErrorRecord SubmissionNoLongerKnown(string submissionId, FalconXSubmission? submission) =>
        new(
            new ItemNotFoundException(SubmissionWaitText.NoLongerKnown(submissionId, submission)),
            ErrorIds.FalconXSubmissionNotFound,
            ErrorCategory.ObjectNotFound,
            (object?)submission ?? submissionId);
}
