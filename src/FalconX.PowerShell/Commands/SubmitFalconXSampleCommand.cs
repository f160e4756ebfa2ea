using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.ThreatQ.Api;
using FalconX.Models;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Uploads files (streamed, SHA-256 computed on the way) or takes URLs or hashes of uploaded samples, reuses an
/// existing report of the same sample and environment unless -Force, submits them for detonation, and with -Wait
/// waits for all of them together and outputs their reports.
/// </summary>
[Cmdlet(VerbsLifecycle.Submit, "FalconXSample", DefaultParameterSetName = LiteralPathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(FalconXSubmission), typeof(FalconXReport))]
// The default parameter set is LiteralPath, not Path: when an object with a LiteralPath (or PSPath) property and an
// EnvironmentId name reaches a command whose default set binds strings by value, PowerShell's binder falls back to
// stringifying the whole object into -Path. Positional paths still resolve to the Path set.
public sealed partial class SubmitFalconXSampleCommand : FalconXApiCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string UrlSet = "Url";
    private const string Sha256Set = "Sha256";
    private const string ThreatQAttachmentSet = "ThreatQAttachment";
    private const int UploadActivityId = 2;
    private const int WaitActivityId = 1;

    private readonly List<FalconXSubmission> _toWaitFor = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _reported = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, FalconXSubmission> _submittedThisCommand = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<int> _warnedEnvironments = new();
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private FalconXApiException? _quotaFailure;
    private bool _lowQuotaWarned;
    private string? _documentPassword;

    /// <summary>Files to submit; wildcards are expanded.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Path { get; set; }

    /// <summary>Files to submit, taken literally; binds from Get-ChildItem output (PSPath, FullName).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[]? LiteralPath { get; set; }

    /// <summary>Web pages or file URLs (http, https, ftp) to detonate.</summary>
    [Parameter(Mandatory = true, ParameterSetName = UrlSet, ValueFromPipelineByPropertyName = true)]
    public string[]? Url { get; set; }

    /// <summary>SHA-256 hashes of samples already uploaded to the tenant.</summary>
    [Parameter(Mandatory = true, ParameterSetName = Sha256Set, ValueFromPipelineByPropertyName = true)]
    public string[]? Sha256 { get; set; }

    /// <summary>ThreatQ attachments (Get-ThreatQAttachment): each is downloaded, submitted under its name, and deleted locally.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ThreatQAttachmentSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public ThreatQAttachment[]? ThreatQAttachment { get; set; }

    /// <summary>The environment: a name (win10_x64), a description or an id. Default 160 (Windows 10 64-bit).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Environment")]
    [EnvironmentIdTransformation]
    [ArgumentCompleter(typeof(EnvironmentIdCompleter))]
    public int EnvironmentId { get; set; } = SandboxEnvironment.DefaultId;

    /// <summary>The action script the sandbox runs.</summary>
    [Parameter]
    [ValidateCompletionValues(typeof(ActionScriptCompleter))]
    [ArgumentCompleter(typeof(ActionScriptCompleter))]
    public string? ActionScript { get; set; }

    /// <summary>The command line the sample is started with (at most 2048 characters).</summary>
    [Parameter]
    public string? CommandLine { get; set; }

    /// <summary>The password of a protected Office or PDF document (at most 32 characters).</summary>
    [Parameter]
    public SecureString? DocumentPassword { get; set; }

    /// <summary>The sandbox network: default, tor, simulated or offline.</summary>
    [Parameter]
    [ValidateCompletionValues(typeof(NetworkSettingCompleter))]
    [ArgumentCompleter(typeof(NetworkSettingCompleter))]
    public string? NetworkSetting { get; set; }

    /// <summary>The name the sandbox uses for file type detection; default: the file name.</summary>
    [Parameter]
    public string? SubmitName { get; set; }

    /// <summary>The sandbox clock's date, yyyy-MM-dd.</summary>
    [Parameter]
    public string? SystemDate { get; set; }

    /// <summary>The sandbox clock's time, HH:mm.</summary>
    [Parameter]
    public string? SystemTime { get; set; }

    /// <summary>Tags to attach to the submissions.</summary>
    [Parameter]
    [Alias("UserTags", "Tag")]
    public string[]? UserTag { get; set; }

    /// <summary>A comment stored with each uploaded file.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public string? Comment { get; set; }

    /// <summary>Keep uploaded files private to the tenant in MalQuery (the API's default). -Confidential:$false shares them.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public SwitchParameter Confidential { get; set; }

    /// <summary>Ask the API to e-mail the submitter when each detonation ends (send_email_notification).</summary>
    [Parameter]
    public SwitchParameter SendEmailNotification { get; set; }

    /// <summary>Ask for an interactive detonation (the 2026 schema's sandbox.interactivity).</summary>
    [Parameter]
    [Alias("Interactivity")]
    public SwitchParameter Interactive { get; set; }

    /// <summary>The browser the sandbox opens a URL with (the 2026 schema's sandbox.browser; the API lists no values).</summary>
    [Parameter]
    public string? Browser { get; set; }

    /// <summary>Let the sandbox choose the environment from the file (the 2026 schema's auto_detect_environment).</summary>
    [Parameter]
    public SwitchParameter AutoDetectEnvironment { get; set; }

    /// <summary>Submit even when a report of the same sample (or URL) in the same environment exists.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Wait for the detonations and output their reports.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>With -Wait: how long to wait in all, in seconds. Default 1200 (20 minutes).</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 1200;

    /// <summary>With -Wait: seconds between status checks (one request for all submissions). Default 30.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int PollIntervalSec { get; set; } = 30;

    /// <summary>Null when the switch was not given (the API's default applies), else its value (-Switch:$false sends false).</summary>
    private bool? OptionalSwitch(string name, SwitchParameter value) =>
        MyInvocation.BoundParameters.ContainsKey(name) ? value.IsPresent : null;

    private bool IsConfidential => !MyInvocation.BoundParameters.ContainsKey(nameof(Confidential)) || Confidential.IsPresent;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        // Options given once for the whole pipeline are checked once, before anything is sent.
        var problems = new List<string>();
        if (CommandLine is not null && CommandLine.Length > FalconXSubmitParameters.MaxCommandLineLength)
        {
            problems.Add($"-CommandLine is {CommandLine.Length} characters long; the API accepts at most {FalconXSubmitParameters.MaxCommandLineLength}.");
        }

        if (DocumentPassword is not null && DocumentPassword.Length > FalconXSubmitParameters.MaxDocumentPasswordLength)
        {
            problems.Add($"-DocumentPassword is {DocumentPassword.Length} characters long; the API accepts at most {FalconXSubmitParameters.MaxDocumentPasswordLength}.");
        }

        if (FalconXSubmitParameters.CheckSystemDate(SystemDate) is string dateProblem)
        {
            problems.Add("-SystemDate: " + dateProblem);
        }

        if (FalconXSubmitParameters.CheckSystemTime(SystemTime) is string timeProblem)
        {
            problems.Add("-SystemTime: " + timeProblem);
        }

        if (UserTag is not null && UserTag.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("-UserTag holds an empty tag; give each tag some text.");
        }

        if (FalconXSubmitParameters.CheckBrowser(Browser) is string browserProblem)
        {
            problems.Add("-Browser: " + browserProblem);
        }

        if (problems.Count > 0)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException(string.Join(" ", problems) + " Nothing was sent."),
                "FalconXInvalidSubmitParameter",
                ErrorCategory.InvalidArgument,
                null));
        }

        if (DocumentPassword is not null)
        {
            _documentPassword = ToPlainText(DocumentPassword);
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var environmentId = EnvironmentId;
        if (environmentId <= 0)
        {
            WriteItemError(
                new ArgumentException($"The environment id {environmentId} is not valid: use a positive number or a name such as win10_x64 (Get-FalconXEnvironment lists them). Nothing was sent."),
                "FalconXInvalidEnvironment",
                ErrorCategory.InvalidArgument,
                environmentId);
            return;
        }

        EnvironmentIdArgument.WarnIfUnknown(this, environmentId, _warnedEnvironments);
        environmentId = EnvironmentIdArgument.MapDeprecated(this, environmentId, _warnedEnvironments);
        switch (ParameterSetName)
        {
            case UrlSet:
                foreach (var url in (Url ?? Array.Empty<string>()).Where(u => !string.IsNullOrWhiteSpace(u)))
                {
                    SubmitOne(new Item(url, null, url.Trim(), null), environmentId);
                }

                break;
            case Sha256Set:
                foreach (var hash in (Sha256 ?? Array.Empty<string>()).Where(h => !string.IsNullOrWhiteSpace(h)))
                {
                    SubmitOne(new Item(hash, null, null, hash.Trim()), environmentId);
                }

                break;
            case ThreatQAttachmentSet:
                foreach (var attachment in ThreatQAttachment ?? Array.Empty<ThreatQAttachment>())
                {
                    SubmitAttachment(attachment, environmentId);
                }

                break;
            default:
                foreach (var file in ResolveFiles())
                {
                    SubmitOne(new Item(file, file, null, null), environmentId);
                }

                break;
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            if (Wait.IsPresent && _toWaitFor.Count > 0)
            {
                WaitForReports();
            }
        }
        finally
        {
            base.EndProcessing();
        }
    }

    private IEnumerable<string> ResolveFiles()
    {
        if (ParameterSetName == LiteralPathSet)
        {
            foreach (var literal in LiteralPath ?? Array.Empty<string>())
            {
                string? resolved = null;
                try
                {
                    resolved = GetUnresolvedProviderPathFromPSPath(literal);
                }
                catch (Exception ex) when (ex is NotSupportedException or ProviderNotFoundException or System.Management.Automation.DriveNotFoundException or PSArgumentException)
                {
                    WriteItemError(new ArgumentException($"'{literal}' is not a file system path: {ex.Message}"), "FalconXNotAFileSystemPath", ErrorCategory.InvalidArgument, literal);
                }

                if (resolved is not null)
                {
                    yield return resolved;
                }
            }

            yield break;
        }

        foreach (var pattern in Path ?? Array.Empty<string>())
        {
            System.Collections.ObjectModel.Collection<string> resolved;
            ProviderInfo? provider;
            try
            {
                resolved = GetResolvedProviderPathFromPSPath(pattern, out provider);
            }
            catch (ItemNotFoundException)
            {
                WriteItemError(
                    new ItemNotFoundException($"The file '{pattern}' does not exist. Nothing was sent for it."),
                    "FalconXSampleNotFound",
                    ErrorCategory.ObjectNotFound,
                    pattern);
                continue;
            }
            catch (Exception ex) when (ex is NotSupportedException or ProviderNotFoundException or System.Management.Automation.DriveNotFoundException or PSArgumentException)
            {
                WriteItemError(new ArgumentException($"'{pattern}' is not a file system path: {ex.Message}"), "FalconXNotAFileSystemPath", ErrorCategory.InvalidArgument, pattern);
                continue;
            }

            if (provider is not null && !string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            {
                WriteItemError(new ArgumentException($"'{pattern}' is on the {provider.Name} provider; only files can be submitted."), "FalconXNotAFileSystemPath", ErrorCategory.InvalidArgument, pattern);
                continue;
            }

            if (resolved.Count == 0)
            {
                WriteItemError(
                    new ItemNotFoundException($"No file matches '{pattern}'. Nothing was sent for it."),
                    "FalconXSampleNotFound",
                    ErrorCategory.ObjectNotFound,
                    pattern);
            }

            foreach (var file in resolved)
            {
                yield return file;
            }
        }
    }

    private void SubmitOne(Item item, int environmentId)
    {
        var problem = item.File is not null ? CheckFile(item)
            : item.Url is not null ? FalconXSubmitParameters.CheckUrl(item.Url) is string urlProblem ? Refusal(urlProblem, "FalconXInvalidUrl", ErrorCategory.InvalidArgument) : null
            : FalconXClient.IsSha256(item.Sha256) ? null
            : Refusal($"'{item.Sha256}' is not a SHA-256: it must be 64 hexadecimal characters.", "FalconXInvalidSha256", ErrorCategory.InvalidArgument);
        if (problem is not null)
        {
            WriteItemError(new ArgumentException(problem.Value.Message + " Nothing was sent for it."), problem.Value.ErrorId, problem.Value.Category, item.Display);
            return;
        }

        var environment = EnvironmentIdArgument.Describe(environmentId);
        if (!item.Approved && !ShouldProcess(item.Display, item.File is not null
            ? $"Upload ({ByteSizeText.Format(new FileInfo(item.File).Length)}) and submit for detonation in environment {environment}"
            : $"Submit for detonation in environment {environment}"))
        {
            return;
        }

        if (_quotaFailure is not null)
        {
            // The quota ran out earlier in this pipeline: fail at once, without another request.
            WriteQuotaError(item, _quotaFailure);
            return;
        }

        var client = Client;
        Outcome outcome;
        try
        {
            outcome = RunAsync(ct => SubmitAsync(client, item, environmentId, ct));
        }
        catch (FalconXApiException ex)
        {
            if (ex.Kind == FalconXErrorKind.QuotaExhausted)
            {
                _quotaFailure = ex;
                WriteQuotaError(item, ex);
            }
            else
            {
                WriteItemApiError(ex, item);
            }

            return;
        }
        catch (ArgumentException ex)
        {
            // The file changed between the check and the upload (deleted, emptied, grown past the limit).
            WriteItemError(new ArgumentException(ex.Message + " Nothing was sent for it.", ex), "FalconXSampleUnusable", ErrorCategory.InvalidData, item.Display);
            return;
        }
        finally
        {
            CompleteUploadProgress();
        }

        var submission = outcome.Submission;
        submission.LocalFile ??= item.File;
        submission.ThreatQSource ??= item.Source;
        if ((outcome.Sha256 ?? item.Url) is string key)
        {
            _submittedThisCommand[key + "|" + environmentId.ToString(CultureInfo.InvariantCulture)] = submission;
        }

        if (submission.Reused)
        {
            WriteWarning(outcome.ReusedFromThisCommand
                ? $"'{item.Display}' is the same sample as one already submitted by this command in environment {environment}; returning that submission ({submission.SubmissionId})."
                : !submission.IsFinished
                ? $"'{item.Display}' is still being detonated in environment {environment} (submission {submission.SubmissionId}, {submission.State}); adopting it instead of spending quota{(Wait.IsPresent ? " and waiting for it" : string.Empty)}. Use -Force to submit it again."
                : $"'{item.Display}' was already detonated in environment {environment} (report {submission.SubmissionId}{(submission.CreatedAt is DateTimeOffset at ? " of " + at.LocalDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.CurrentCulture) : string.Empty)}); returning it instead of spending quota. Use -Force to submit it again.");
        }
        else
        {
            ReportQuota(submission.Quota);
        }

        if (Wait.IsPresent)
        {
            _toWaitFor.Add(submission);
        }
        else
        {
            WriteObject(submission);
        }
    }

    private async Task<Outcome> SubmitAsync(FalconXClient client, Item item, int environmentId, CancellationToken cancellationToken)
    {
        var sha256 = item.Sha256 is null ? null : FalconXClient.NormalizeSha256(item.Sha256);
        string? fileName = null;
        if (item.File is not null)
        {
            var progress = new UploadProgress(this, item.File);
            var uploaded = await client.UploadSampleAsync(item.File, null, Comment, IsConfidential, progress.Report, cancellationToken).ConfigureAwait(false);
            sha256 = uploaded.Sha256;
            fileName = uploaded.FileName;
            Log(FalconXLogLevel.Verbose, $"Uploaded '{item.File}' ({ByteSizeText.Format(uploaded.Length)}), SHA-256 {sha256}.");
        }

        if (!Force.IsPresent)
        {
            var key = (sha256 ?? item.Url) + "|" + environmentId.ToString(CultureInfo.InvariantCulture);
            if (_submittedThisCommand.TryGetValue(key, out var earlier))
            {
                var copy = earlier.Clone();
                copy.Reused = true;
                copy.LocalFile = item.File;
                return new Outcome(copy, sha256, reusedFromThisCommand: true);
            }

            var existing = await client.FindExistingSubmissionAsync(sha256, sha256 is null ? item.Url : null, environmentId, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                existing.LocalFile = item.File;
                return new Outcome(existing, sha256, reusedFromThisCommand: false);
            }

            // The lookup's answer carried the quota: an exhausted one refuses here, without a submission request.
            if (client.LastQuota is { IsExhausted: true } quota && quota.ObservedAt >= _startedAt)
            {
                throw new FalconXApiException(
                    FalconXErrorKind.QuotaExhausted,
                    $"The sandbox submission quota is used up ({quota.Used} of {quota.Total} used) and no earlier report of this sample exists in environment {environmentId}; it resets at the start of the next period.",
                    method: "POST",
                    path: "/falconx/entities/submissions/v1")
                {
                    Quota = quota,
                };
            }
        }

        var parameters = new FalconXSubmitParameters
        {
            Sha256 = sha256,
            Url = sha256 is null ? item.Url : null,
            EnvironmentId = environmentId,
            ActionScript = ActionScript,
            CommandLine = CommandLine,
            DocumentPassword = _documentPassword,
            NetworkSettings = NetworkSetting,
            SubmitName = SubmitName ?? item.SubmitName ?? fileName,
            SystemDate = SystemDate,
            SystemTime = SystemTime,
            UserTags = UserTag?.ToList() ?? new List<string>(),
            SendEmailNotification = OptionalSwitch(nameof(SendEmailNotification), SendEmailNotification),
            Interactivity = OptionalSwitch(nameof(Interactive), Interactive),
            Browser = Browser,
            AutoDetectEnvironment = OptionalSwitch(nameof(AutoDetectEnvironment), AutoDetectEnvironment),
        };
        var submission = await client.SubmitAsync(parameters, cancellationToken).ConfigureAwait(false);
        submission.LocalFile = item.File;
        return new Outcome(submission, sha256, reusedFromThisCommand: false);
    }

    private void WaitForReports()
    {
        var client = Client;
        var waiter = new SubmissionWaiter(this, PostToCmdletThread, WaitActivityId)
        {
            PollInterval = TimeSpan.FromSeconds(PollIntervalSec),
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            Finished = (finished, ct) => WriteReportsAsync(client, finished, ct),
        };
        try
        {
            var result = RunAsync(ct => waiter.WaitAsync(client, _toWaitFor, ct));
            waiter.WriteOutcomeErrors(result);
            WriteVerbose(SubmissionWaiter.WaitSummary(result));
        }
        catch (PipelineStoppedException)
        {
            // Ctrl+C: nothing more can be output, so say which detonations go on and how to wait for them again.
            SubmissionWaiter.WarnInterrupted(this, _toWaitFor.Where(s => !_reported.ContainsKey(s.SubmissionId)).ToList());
            throw;
        }
        catch (FalconXApiException ex)
        {
            WriteApiError(ex, _toWaitFor.Select(s => s.SubmissionId).ToArray());
        }
        finally
        {
            waiter.Complete();
        }
    }

    /// <summary>Fetches the reports of one batch of finished submissions in one lookup and queues them for output.</summary>
    private async Task WriteReportsAsync(FalconXClient client, IReadOnlyList<FalconXSubmission> finished, CancellationToken cancellationToken)
    {
        foreach (var failed in finished.Where(s => !s.IsSucceeded))
        {
            _reported[failed.SubmissionId] = true;
        }

        var succeeded = finished.Where(s => s.IsSucceeded).ToList();
        if (succeeded.Count == 0)
        {
            return;
        }

        await foreach (var result in client.GetReportsAsync(succeeded.Select(s => s.SubmissionId), cancellationToken).ConfigureAwait(false))
        {
            var submission = succeeded[result.Index];
            if (result.Report is FalconXReport report)
            {
                // Status checks return fresh submission objects: the ThreatQ source is on the one this command made.
                report.ThreatQSource ??= submission.ThreatQSource ?? _toWaitFor.FirstOrDefault(s => string.Equals(s.SubmissionId, submission.SubmissionId, StringComparison.OrdinalIgnoreCase) && s.ThreatQSource is not null)?.ThreatQSource;
                PostToCmdletThread(() =>
                {
                    WriteObject(report);
                    _reported[submission.SubmissionId] = true;
                });
            }
            else if (result.Error is FalconXApiException error)
            {
                PostToCmdletThread(() => WriteItemApiError(error, new Item(submission.DisplayName, submission.LocalFile, submission.SubmitUrl, submission.Sha256), "fetch the report of"));
            }
        }
    }

    private void ReportQuota(FalconXQuota? quota)
    {
        if (quota is null)
        {
            return;
        }

        WriteVerbose($"Submission quota: {quota.Remaining} of {quota.Total} left ({quota.InProgress} in progress).");
        var threshold = Math.Max(5, quota.Total / 10);
        if (!_lowQuotaWarned && quota.Remaining <= threshold)
        {
            _lowQuotaWarned = true;
            WriteWarning($"Only {quota.Remaining} of {quota.Total} sandbox submissions are left this period. Get-FalconXQuota shows the quota.");
        }
    }

    private (string Message, string ErrorId, ErrorCategory Category)? CheckFile(Item item)
    {
        var check = FalconXClient.CheckSampleFile(item.File!);
        return check.Problem switch
        {
            SampleFileProblem.None => null,
            SampleFileProblem.NotFound => (check.Message!, "FalconXSampleNotFound", ErrorCategory.ObjectNotFound),
            SampleFileProblem.IsDirectory => (check.Message!, "FalconXSampleIsDirectory", ErrorCategory.InvalidArgument),
            SampleFileProblem.Empty => (check.Message!, "FalconXSampleEmpty", ErrorCategory.InvalidData),
            SampleFileProblem.TooLarge => (check.Message!, "FalconXSampleTooLarge", ErrorCategory.LimitsExceeded),
            _ => (check.Message!, "FalconXSampleUnreadable", ErrorCategory.ReadError),
        };
    }

    private static (string Message, string ErrorId, ErrorCategory Category) Refusal(string message, string errorId, ErrorCategory category) => (message, errorId, category);

    private void WriteQuotaError(Item item, FalconXApiException cause)
    {
        var message = $"Could not submit '{item.Display}': {cause.Summary}";
        var (_, _, advice) = Describe(FalconXErrorKind.QuotaExhausted);
        WriteError(new ErrorRecord(new FalconXApiException(cause.Kind, message, cause.StatusCode, cause.Method, cause.Path, cause.Errors, cause.TraceId, cause), "FalconXQuotaExhausted", ErrorCategory.LimitsExceeded, item.Display)
        {
            ErrorDetails = new ErrorDetails(message + (cause.TraceId is null ? string.Empty : $" (trace id {cause.TraceId})")) { RecommendedAction = advice },
        });
    }

    private void WriteItemApiError(FalconXApiException exception, Item item, string doing = "submit")
    {
        var record = CreateErrorRecord(exception, item.Display);
        record.ErrorDetails = new ErrorDetails($"Could not {doing} '{item.Display}': {exception.Message}") { RecommendedAction = record.ErrorDetails?.RecommendedAction };
        WriteError(record);
    }

    private void CompleteUploadProgress()
    {
        if (_uploadProgressShown)
        {
            _uploadProgressShown = false;
            try
            {
                WriteProgress(new ProgressRecord(UploadActivityId, "Uploading to Falcon X", "Done") { RecordType = ProgressRecordType.Completed });
            }
            catch (PipelineStoppedException)
            {
                // Ctrl+C during the upload: the host clears the bar itself.
            }
        }
    }

    private bool _uploadProgressShown;

    private void Log(FalconXLogLevel level, string message)
    {
        if (level == FalconXLogLevel.Verbose)
        {
            PostToCmdletThread(() => WriteVerbose(message));
        }
    }

    private static string ToPlainText(SecureString secure)
    {
        var pointer = IntPtr.Zero;
        try
        {
            pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
            return Marshal.PtrToStringUni(pointer) ?? string.Empty;
        }
        finally
        {
            if (pointer != IntPtr.Zero)
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }

    /// <summary>One thing to submit: a file, a URL or a hash, and how to name it in messages.</summary>
    private readonly struct Item
    {
        public Item(string display, string? file, string? url, string? sha256, string? submitName = null, ThreatQObjectRef? source = null, bool approved = false)
        {
            Display = display;
            File = file;
            Url = url;
            Sha256 = sha256;
            SubmitName = submitName;
            Source = source;
            Approved = approved;
        }

        /// <summary>The submit name to use unless -SubmitName is given (a ThreatQ attachment's name).</summary>
        public string? SubmitName { get; }

        /// <summary>The ThreatQ object the sample came from.</summary>
        public ThreatQObjectRef? Source { get; }

        /// <summary>ShouldProcess was already asked (before a download).</summary>
        public bool Approved { get; }

        public string Display { get; }

        public string? File { get; }

        public string? Url { get; }

        public string? Sha256 { get; }
    }

    private sealed class Outcome
    {
        public Outcome(FalconXSubmission submission, string? sha256, bool reusedFromThisCommand)
        {
            Submission = submission;
            Sha256 = sha256;
            ReusedFromThisCommand = reusedFromThisCommand;
        }

        public FalconXSubmission Submission { get; }

        public string? Sha256 { get; }

        public bool ReusedFromThisCommand { get; }
    }

    /// <summary>Turns bytes-sent callbacks (worker thread) into at most four progress updates a second on the cmdlet thread.</summary>
    private sealed class UploadProgress
    {
        private readonly SubmitFalconXSampleCommand _owner;
        private readonly string _file;
        private readonly long _length;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _lastShownAt = -1000;

        public UploadProgress(SubmitFalconXSampleCommand owner, string file)
        {
            _owner = owner;
            _file = file;
            _length = Math.Max(1, new FileInfo(file).Length);
        }

        public void Report(long sent)
        {
            var now = _clock.ElapsedMilliseconds;
            if (sent < _length && now - _lastShownAt < 250)
            {
                return;
            }

            _lastShownAt = now;
            var percent = (int)Math.Min(100, sent * 100 / _length);
            var status = $"{System.IO.Path.GetFileName(_file)}: {ByteSizeText.Format(sent)} of {ByteSizeText.Format(_length)}";
            _owner.PostToCmdletThread(() =>
            {
                _owner._uploadProgressShown = true;
                _owner.WriteProgress(new ProgressRecord(UploadActivityId, "Uploading to Falcon X", status) { PercentComplete = percent });
            });
        }
    }
}
