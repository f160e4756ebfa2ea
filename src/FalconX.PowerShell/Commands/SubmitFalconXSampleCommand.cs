using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using FalconX.Models;
using FalconX.ThreatQ.Api;
using FalconX.Workflows;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Uploads files (streamed, SHA-256 computed on the way) or takes URLs or hashes of uploaded samples, reuses an
/// existing report of the same sample and environment unless -Force, submits them for detonation, and with -Wait
/// waits for all of them together and outputs their reports. Thin: the workflow is <see cref="SampleSubmitter"/> in Core.
/// </summary>
[Cmdlet(VerbsLifecycle.Submit, "FalconXSample", DefaultParameterSetName = LiteralPathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(FalconXSubmission), typeof(FalconXReport))]
// The default parameter set is LiteralPath, not Path: when an object with a LiteralPath (or PSPath) property and an
// EnvironmentId name reaches a command whose default set binds strings by value, PowerShell's binder falls back to
// stringifying the whole object into -Path. Positional paths still resolve to the Path set.
public sealed partial class SubmitFalconXSampleCommand : FalconXSubmitCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string UrlSet = "Url";
    private const string Sha256Set = "Sha256";
    private const string ThreatQAttachmentSet = "ThreatQAttachment";
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private UploadProgressBar? _uploadProgress;
    private SampleSubmitter? _submitter;

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

    /// <inheritdoc />
    private protected override IEnumerable<string?> OptionProblems() => new[]
    {
        CommandLine?.Length > FalconXSubmitParameters.MaxCommandLineLength ? $"-CommandLine is {CommandLine.Length} characters long; the API accepts at most {FalconXSubmitParameters.MaxCommandLineLength}." : null,
        DocumentPassword?.Length > FalconXSubmitParameters.MaxDocumentPasswordLength ? $"-DocumentPassword is {DocumentPassword.Length} characters long; the API accepts at most {FalconXSubmitParameters.MaxDocumentPasswordLength}." : null,
        FalconXSubmitParameters.CheckSystemDate(SystemDate) is string dateProblem ? "-SystemDate: " + dateProblem : null,
        FalconXSubmitParameters.CheckSystemTime(SystemTime) is string timeProblem ? "-SystemTime: " + timeProblem : null,
        FalconXSubmitParameters.CheckBrowser(Browser) is string browserProblem ? "-Browser: " + browserProblem : null,
    }.Concat(base.OptionProblems());

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (CheckEnvironment(EnvironmentId) is not int environmentId)
        {
            return;
        }

        if (ParameterSetName == ThreatQAttachmentSet)
        {
            foreach (var attachment in ThreatQAttachment ?? Array.Empty<ThreatQAttachment>())
            {
                SubmitAttachment(attachment, environmentId);
            }

            return;
        }

        var samples = ParameterSetName switch
        {
            UrlSet => (Url ?? Array.Empty<string>()).Where(u => !string.IsNullOrWhiteSpace(u)).Select(SampleToSubmit.FromUrl),
            Sha256Set => (Sha256 ?? Array.Empty<string>()).Where(h => !string.IsNullOrWhiteSpace(h)).Select(SampleToSubmit.FromSha256),
            _ => SamplePaths.Resolve(this, ParameterSetName == LiteralPathSet ? LiteralPath : Path, ParameterSetName == LiteralPathSet, WriteError).Select(file => SampleToSubmit.FromFile(file)),
        };
        foreach (var sample in samples)
        {
            SubmitOne(sample, environmentId);
        }
    }

    /// <inheritdoc />
    private protected override int WaitActivityId => ProgressBar.SubmitWaitId;

    /// <summary>Checks, asks, then uploads, reuses or submits one sample and writes what became of it.</summary>
    private void SubmitOne(SampleToSubmit sample, int environmentId, bool approved = false)
    {
        if (SampleSubmitter.Check(sample) is SampleRefusal refusal)
        {
            WriteError(ErrorRecords.Refusal(refusal, sample.Display));
            return;
        }

        var environment = EnvironmentIdArgument.Describe(environmentId);
        if (!approved && !ShouldProcess(sample.Display, sample.File is not null
            ? $"Upload ({ByteSizeText.Format(new FileInfo(sample.File).Length)}) and submit for detonation in environment {environment}"
            : $"Submit for detonation in environment {environment}"))
        {
            return;
        }

        var submitter = _submitter ??= CreateSubmitter();
        SampleSubmitOutcome outcome;
        try
        {
            outcome = RunAsync(ct => submitter.SubmitAsync(sample, environmentId, ct));
        }
        finally
        {
            _uploadProgress?.Complete();
        }

        if (!WriteOutcomeRecords(outcome) || outcome.Submission is not FalconXSubmission submission)
        {
            return;
        }

        var reuse = outcome.Result switch
        {
            SampleSubmitResult.ReusedFromPipeline => $"'{sample.Display}' is the same sample as one already submitted by this command in environment {environment}; returning that submission ({submission.SubmissionId}).",
            SampleSubmitResult.AdoptedRunning => $"'{sample.Display}' is still being detonated in environment {environment} (submission {submission.SubmissionId}, {submission.State}); adopting it instead of spending quota{(Wait.IsPresent ? " and waiting for it" : string.Empty)}. Use -Force to submit it again.",
            SampleSubmitResult.ReusedReport => $"'{sample.Display}' was already detonated in environment {environment} (report {submission.SubmissionId}{(submission.CreatedAt is DateTimeOffset at ? " of " + at.LocalDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.CurrentCulture) : string.Empty)}); returning it instead of spending quota. Use -Force to submit it again.",
            _ => null,
        };
        if (reuse is not null)
        {
            WriteWarning(reuse);
        }

        WriteOrKeep(submission);
    }

    private SampleSubmitter CreateSubmitter()
    {
        var template = NewSubmitParameters();
        template.ActionScript = ActionScript;
        template.CommandLine = CommandLine;
        template.DocumentPassword = DocumentPassword is null ? null : new System.Net.NetworkCredential(string.Empty, DocumentPassword).Password;
        template.NetworkSettings = NetworkSetting;
        template.SubmitName = SubmitName;
        template.SystemDate = SystemDate;
        template.SystemTime = SystemTime;
        template.SendEmailNotification = OptionalSwitch(nameof(SendEmailNotification), SendEmailNotification);
        template.Interactivity = OptionalSwitch(nameof(Interactive), Interactive);
        template.Browser = Browser;
        template.AutoDetectEnvironment = OptionalSwitch(nameof(AutoDetectEnvironment), AutoDetectEnvironment);
        return new SampleSubmitter(Client, template, _startedAt)
        {
            Force = Force.IsPresent,
            Comment = Comment,
            Confidential = !MyInvocation.BoundParameters.ContainsKey(nameof(Confidential)) || Confidential.IsPresent,
            UploadProgress = (_uploadProgress = new UploadProgressBar(this, PostToCmdletThread)).Report,
            Verbose = message => PostToCmdletThread(() => WriteVerbose(message)),
        };
    }
}
