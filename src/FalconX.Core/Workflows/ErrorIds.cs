namespace FalconX.Workflows;

/// <summary>
/// Every error id FalconX writes (the first part of an ErrorRecord's FullyQualifiedErrorId): the one catalogue, so an
/// id is spelt once and scripts can rely on it. The ids never change; a new failure gets a new id here. Each summary
/// starts with the cmdlets that write the id, then a colon and when; docs/errors.md is that list, and
/// <c>ErrorIdsTests</c> fails when the two differ or when a cmdlet writes an id that is not here.
/// </summary>
public static class ErrorIds
{
    // Falcon X API failures: one id per kind of failure, written by every cmdlet that calls the Falcon X API.

    /// <summary>Any Falcon X cmdlet: the API refused the credentials or the token (wrong id or secret, wrong cloud, missing scope).</summary>
    public const string FalconXAuthenticationFailed = "FalconXAuthenticationFailed";

    /// <summary>Any Falcon X cmdlet: the API's rate limit was hit and did not reset within the wait allowed.</summary>
    public const string FalconXRateLimited = "FalconXRateLimited";

    /// <summary>Submit-FalconXSample, Submit-FalconXArchive: the sandbox submission quota is used up; the item was not submitted.</summary>
    public const string FalconXQuotaExhausted = "FalconXQuotaExhausted";

    /// <summary>Any Falcon X cmdlet: the API answered 404 for something asked for (an id of another tenant or cloud, or deleted).</summary>
    public const string FalconXNotFound = "FalconXNotFound";

    /// <summary>Any Falcon X cmdlet: the API refused the request as invalid (a filter, a parameter); its words are in the message.</summary>
    public const string FalconXInvalidRequest = "FalconXInvalidRequest";

    /// <summary>Any Falcon X cmdlet: the API failed (5xx, or an error inside a 200 answer) after the retries.</summary>
    public const string FalconXServerError = "FalconXServerError";

    /// <summary>Any Falcon X cmdlet: the API could not be reached (DNS, refused or dropped connection, TLS, proxy).</summary>
    public const string FalconXConnectionFailed = "FalconXConnectionFailed";

    /// <summary>Any Falcon X cmdlet: an HTTP attempt took longer than Connect-FalconX -TimeoutSec, after the retries.</summary>
    public const string FalconXTimeout = "FalconXTimeout";

    /// <summary>Any Falcon X cmdlet: the proxy asked for credentials (407).</summary>
    public const string FalconXProxyAuthenticationRequired = "FalconXProxyAuthenticationRequired";

    /// <summary>Any Falcon X cmdlet: the answer was not what the API sends (not JSON, a redirect, a changed body).</summary>
    public const string FalconXInvalidResponse = "FalconXInvalidResponse";

    // Connecting: the connection, and Connect-FalconX's checks before anything is sent.

    /// <summary>Any Falcon X cmdlet: there is no connection; run Connect-FalconX or pass -Connection.</summary>
    public const string FalconXNotConnected = "FalconXNotConnected";

    /// <summary>Any Falcon X cmdlet: the connection given was closed by Disconnect-FalconX.</summary>
    public const string FalconXConnectionClosed = "FalconXConnectionClosed";

    /// <summary>Connect-FalconX: no credentials were given and FALCON_CLIENT_ID or FALCON_CLIENT_SECRET is not set.</summary>
    public const string FalconXCredentialMissing = "FalconXCredentialMissing";

    /// <summary>Connect-FalconX: the client id or the secret is empty.</summary>
    public const string FalconXInvalidCredential = "FalconXInvalidCredential";

    /// <summary>Connect-FalconX: both -Cloud and -BaseUrl were given.</summary>
    public const string FalconXCloudAndBaseUrl = "FalconXCloudAndBaseUrl";

    /// <summary>Connect-FalconX: -BaseUrl (or FALCON_BASE_URL) is not an absolute https URL (plain http only on the loopback address).</summary>
    public const string FalconXInvalidBaseUrl = "FalconXInvalidBaseUrl";

    /// <summary>Connect-FalconX: FALCON_CLOUD names no cloud.</summary>
    public const string FalconXInvalidCloud = "FalconXInvalidCloud";

    /// <summary>Connect-FalconX: -MemberCid (or FALCON_MEMBER_CID) is not a CID.</summary>
    public const string FalconXInvalidMemberCid = "FalconXInvalidMemberCid";

    /// <summary>Connect-FalconX: -ConsoleHost is not a host name or URL.</summary>
    public const string FalconXInvalidConsoleHost = "FalconXInvalidConsoleHost";

    /// <summary>Connect-FalconX: -Proxy is not a proxy URL (http, https, socks4, socks4a or socks5 with a host).</summary>
    public const string FalconXInvalidProxy = "FalconXInvalidProxy";

    /// <summary>Connect-FalconX: the options together cannot make a client; the message names the one at fault.</summary>
    public const string FalconXInvalidOptions = "FalconXInvalidOptions";

    // Submitting: each file, URL or hash is checked before anything is sent; a refused one gets its error and the others go on.

    /// <summary>Submit-FalconXSample, Submit-FalconXArchive: an option given once for the pipeline is invalid (too long, a bad date, an empty tag); nothing was sent.</summary>
    public const string FalconXInvalidSubmitParameter = "FalconXInvalidSubmitParameter";

    /// <summary>Submit-FalconXSample, Submit-FalconXArchive: -EnvironmentId is not a positive number; nothing was sent.</summary>
    public const string FalconXInvalidEnvironment = "FalconXInvalidEnvironment";

    /// <summary>Submit-FalconXSample, Remove-FalconXSample, Save-FalconXSample: the file to submit does not exist (or no file matches the pattern), or the tenant holds no uploaded sample with that SHA-256.</summary>
    public const string FalconXSampleNotFound = "FalconXSampleNotFound";

    /// <summary>Submit-FalconXSample: the path is a directory.</summary>
    public const string FalconXSampleIsDirectory = "FalconXSampleIsDirectory";

    /// <summary>Submit-FalconXSample: the file is empty.</summary>
    public const string FalconXSampleEmpty = "FalconXSampleEmpty";

    /// <summary>Submit-FalconXSample: the file is larger than the sandbox accepts (256 MB).</summary>
    public const string FalconXSampleTooLarge = "FalconXSampleTooLarge";

    /// <summary>Submit-FalconXSample: the file cannot be read (access denied, locked).</summary>
    public const string FalconXSampleUnreadable = "FalconXSampleUnreadable";

    /// <summary>Submit-FalconXSample: the file changed between the check and the upload (deleted, emptied, grown past the limit).</summary>
    public const string FalconXSampleUnusable = "FalconXSampleUnusable";

    /// <summary>Submit-FalconXSample: the URL is not an absolute http, https or ftp URL.</summary>
    public const string FalconXInvalidUrl = "FalconXInvalidUrl";

    /// <summary>Submit-FalconXSample, Get-FalconXSample, Get-FalconXVerdict, Remove-FalconXSample, Save-FalconXSample: the value is not a SHA-256 (64 hexadecimal characters).</summary>
    public const string FalconXInvalidSha256 = "FalconXInvalidSha256";

    /// <summary>Submit-FalconXSample: the path is not on the file system (a registry or variable path).</summary>
    public const string FalconXNotAFileSystemPath = "FalconXNotAFileSystemPath";

    /// <summary>Submit-FalconXSample: the ThreatQ attachment is larger than the sandbox accepts; it was not downloaded.</summary>
    public const string ThreatQAttachmentTooBig = "ThreatQAttachmentTooBig";

    /// <summary>Submit-FalconXArchive: the archive file is missing, empty, a directory or too large; nothing was sent.</summary>
    public const string FalconXArchiveUnusable = "FalconXArchiveUnusable";

    /// <summary>Submit-FalconXArchive: the API could not open the archive (wrong or missing password, damaged, empty).</summary>
    public const string FalconXArchiveFailed = "FalconXArchiveFailed";

    /// <summary>Submit-FalconXArchive: no file of the archive matches -Include.</summary>
    public const string FalconXArchiveNoMatchingFile = "FalconXArchiveNoMatchingFile";

    /// <summary>Submit-FalconXArchive: the API could not extract one file of the archive.</summary>
    public const string FalconXArchiveFileNotExtracted = "FalconXArchiveFileNotExtracted";

    // Waiting: -Wait on Submit-FalconXSample, Submit-FalconXArchive and Get-FalconXReport.

    /// <summary>Submit-FalconXSample, Submit-FalconXArchive with -Wait: the detonation ended in error (the API's error type and message are in the message).</summary>
    public const string FalconXDetonationFailed = "FalconXDetonationFailed";

    /// <summary>Submit-FalconXSample, Submit-FalconXArchive, Get-FalconXReport with -Wait: the submission was still running when -TimeoutSec ran out; the detonation goes on.</summary>
    public const string FalconXWaitTimedOut = "FalconXWaitTimedOut";

    /// <summary>Get-FalconXSubmission, and the commands with -Wait: the API knows no submission with that id, or stopped knowing it during the wait.</summary>
    public const string FalconXSubmissionNotFound = "FalconXSubmissionNotFound";

    // Reports, submissions and environments.

    /// <summary>Get-FalconXReport: the detonation has not finished, so there is no report yet (add -Wait).</summary>
    public const string FalconXDetonationNotFinished = "FalconXDetonationNotFinished";

    /// <summary>Get-FalconXReport, Remove-FalconXReport: there is no (finished) report for the id or SHA-256.</summary>
    public const string FalconXReportNotFound = "FalconXReportNotFound";

    /// <summary>Get-FalconXReport: the input is neither a report id nor a SHA-256 (or names another hash algorithm).</summary>
    public const string FalconXInvalidReportInput = "FalconXInvalidReportInput";

    /// <summary>Get-FalconXReport: one report the API sent could not be read; the others are output.</summary>
    public const string FalconXUnreadableReport = "FalconXUnreadableReport";

    /// <summary>Get-FalconXReport: -IncludeIoc was given with -Summary.</summary>
    public const string FalconXIncludeIocWithSummary = "FalconXIncludeIocWithSummary";

    /// <summary>Get-FalconXSubmission: the value is not a submission id (32 hex, underscore, 32 hex).</summary>
    public const string FalconXInvalidSubmissionId = "FalconXInvalidSubmissionId";

    /// <summary>Remove-FalconXReport: the value is not a report id (32 hex, underscore, 32 hex).</summary>
    public const string FalconXInvalidReportId = "FalconXInvalidReportId";

    /// <summary>Get-FalconXEnvironment: no sandbox environment has that name, description or id.</summary>
    public const string EnvironmentNotFound = "EnvironmentNotFound";

    // Saving artifacts and samples.

    /// <summary>Save-FalconXArtifact: -Path is a file, not a folder.</summary>
    public const string FalconXArtifactPathIsFile = "FalconXArtifactPathIsFile";

    /// <summary>Save-FalconXArtifact: with -ArtifactId, -Kind names a group or more than one kind.</summary>
    public const string FalconXArtifactKindAmbiguous = "FalconXArtifactKindAmbiguous";

    /// <summary>Save-FalconXArtifact: the report has no artifact of the kinds asked for.</summary>
    public const string FalconXArtifactNotInReport = "FalconXArtifactNotInReport";

    /// <summary>Save-FalconXArtifact: the API knows no artifact with that id (for a memory dump, give its -Kind).</summary>
    public const string FalconXArtifactNotFound = "FalconXArtifactNotFound";

    /// <summary>Save-FalconXArtifact: a different file of that name is in the folder and -Force was not given.</summary>
    public const string FalconXArtifactFileExists = "FalconXArtifactFileExists";

    /// <summary>Save-FalconXArtifact: the artifact id or file name cannot be used.</summary>
    public const string FalconXArtifactInvalidArgument = "FalconXArtifactInvalidArgument";

    /// <summary>Save-FalconXArtifact: the file could not be written (permissions, disk full).</summary>
    public const string FalconXArtifactWriteFailed = "FalconXArtifactWriteFailed";

    /// <summary>Save-FalconXSample: -Path is a file, not a folder; nothing was downloaded.</summary>
    public const string FalconXSamplePathIsFile = "FalconXSamplePathIsFile";

    /// <summary>Save-FalconXSample: a file of that name is in the folder already; it is left as it is.</summary>
    public const string FalconXSampleFileExists = "FalconXSampleFileExists";

    /// <summary>Save-FalconXSample: the file could not be written (permissions, disk full).</summary>
    public const string FalconXSampleWriteFailed = "FalconXSampleWriteFailed";

    // ThreatQ mapping: ConvertTo-ThreatQEntity, one error per input item that is not a report; the others are converted.

    /// <summary>ConvertTo-ThreatQEntity: the input is not a report (a submission, an artifact entry, JSON of something else).</summary>
    public const string NotAReport = "NotAReport";

    /// <summary>ConvertTo-ThreatQEntity: the input is of a type it cannot convert.</summary>
    public const string UnsupportedInput = "UnsupportedInput";

    /// <summary>ConvertTo-ThreatQEntity: the text is not JSON, or ends inside a JSON object or list.</summary>
    public const string InvalidReportJson = "InvalidReportJson";

    /// <summary>ConvertTo-ThreatQEntity: a .json file could not be read.</summary>
    public const string ReportFileUnreadable = "ReportFileUnreadable";

    /// <summary>ConvertTo-ThreatQEntity: the report has no id, which ThreatQ needs to name it.</summary>
    public const string ReportWithoutId = "ReportWithoutId";

    // ThreatQ: one id per kind of failure, written by every cmdlet that calls ThreatQ, and the ThreatQ commands' own checks.

    /// <summary>Any ThreatQ cmdlet: ThreatQ refused the sign-in or the token.</summary>
    public const string ThreatQAuthenticationFailed = "ThreatQAuthenticationFailed";

    /// <summary>Any ThreatQ cmdlet: ThreatQ asked to slow down (429) after the retries.</summary>
    public const string ThreatQRateLimited = "ThreatQRateLimited";

    /// <summary>Any ThreatQ cmdlet: ThreatQ knows no object with that id.</summary>
    public const string ThreatQNotFound = "ThreatQNotFound";

    /// <summary>Any ThreatQ cmdlet: ThreatQ refused a request as invalid; the rest was done.</summary>
    public const string ThreatQInvalidRequest = "ThreatQInvalidRequest";

    /// <summary>Any ThreatQ cmdlet: ThreatQ failed (5xx) after the retries.</summary>
    public const string ThreatQServerError = "ThreatQServerError";

    /// <summary>Any ThreatQ cmdlet: ThreatQ could not be reached (DNS, refused or dropped connection, TLS, proxy).</summary>
    public const string ThreatQConnectionFailed = "ThreatQConnectionFailed";

    /// <summary>Any ThreatQ cmdlet: an HTTP attempt took longer than Connect-ThreatQ -TimeoutSec.</summary>
    public const string ThreatQTimeout = "ThreatQTimeout";

    /// <summary>Any ThreatQ cmdlet: the answer was not what ThreatQ sends (not JSON, a redirect, another host).</summary>
    public const string ThreatQInvalidResponse = "ThreatQInvalidResponse";

    /// <summary>Any ThreatQ cmdlet: there is no ThreatQ connection; run Connect-ThreatQ or pass -Connection.</summary>
    public const string ThreatQNotConnected = "ThreatQNotConnected";

    /// <summary>Any ThreatQ cmdlet: the connection given was closed by Disconnect-ThreatQ.</summary>
    public const string ThreatQConnectionClosed = "ThreatQConnectionClosed";

    /// <summary>Connect-ThreatQ: no -Uri was given and THREATQ_URL is not set.</summary>
    public const string ThreatQUrlMissing = "ThreatQUrlMissing";

    /// <summary>Connect-ThreatQ: -Uri (or THREATQ_URL) is not an absolute https URL (plain http only on the loopback address).</summary>
    public const string ThreatQInvalidUrl = "ThreatQInvalidUrl";

    /// <summary>Connect-ThreatQ: -Proxy is not a proxy URL (http, https, socks4, socks4a or socks5 with a host).</summary>
    public const string ThreatQInvalidProxy = "ThreatQInvalidProxy";

    /// <summary>Connect-ThreatQ: no -ClientId was given and THREATQ_CLIENT_ID is not set.</summary>
    public const string ThreatQClientIdMissing = "ThreatQClientIdMissing";

    /// <summary>Connect-ThreatQ: neither a user and password nor a client secret was given or set.</summary>
    public const string ThreatQCredentialMissing = "ThreatQCredentialMissing";

    /// <summary>Send-ThreatQEntity: the input is not ConvertTo-ThreatQEntity output.</summary>
    public const string ThreatQUnsupportedInput = "ThreatQUnsupportedInput";

    /// <summary>Send-ThreatQEntity: ThreatQ refused one object (named in the message); the others were written.</summary>
    public const string ThreatQObjectRejected = "ThreatQObjectRejected";
}
