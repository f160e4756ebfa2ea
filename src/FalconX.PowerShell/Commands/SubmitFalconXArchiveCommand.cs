using System;
using System.Linq;
using System.Management.Automation;
using System.Security;
using FalconX.Client;
using FalconX.Models;
using FalconX.Workflows;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Submits the files inside zip archives (password-protected "infected" zips included): uploads each archive to the
/// archive API, extracts all files or those matching -Include, submits each one by SHA-256 tagged
/// <c>archive:&lt;archive sha256&gt;</c>, and with -Wait outputs their reports. Thin: the workflow is
/// <see cref="ArchiveSubmitter"/> (upload, extract) and <see cref="SampleSubmitter"/> (quota guard, submit) in Core.
/// </summary>
[Cmdlet(VerbsLifecycle.Submit, "FalconXArchive", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(FalconXSubmission), typeof(FalconXReport))]
public sealed class SubmitFalconXArchiveCommand : FalconXSubmitCmdlet
{
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private string? _password;
    private SampleSubmitter? _submitter;

    /// <summary>Archive files (zip); Get-ChildItem output binds through PSPath/FullName.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[]? LiteralPath { get; set; }

    /// <summary>The archive's password, e.g. "infected"; never written anywhere.</summary>
    [Parameter]
    public SecureString? Password { get; set; }

    /// <summary>Only the files whose name or path inside the archive matches one of these wildcards; default: all.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Include { get; set; }

    /// <inheritdoc />
    private protected override int WaitActivityId => ProgressBar.ArchiveWaitId;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (Password is not null)
        {
            _password = new System.Net.NetworkCredential(string.Empty, Password).Password;
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (CheckEnvironment(EnvironmentId) is not int environmentId)
        {
            return;
        }

        foreach (var given in LiteralPath ?? Array.Empty<string>())
        {
            var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(given);
            var check = FalconXClient.CheckSampleFile(path);
            if (!check.IsValid)
            {
                WriteItemError(new ArgumentException(check.Message + " Nothing was sent."), ErrorIds.FalconXArchiveUnusable, check.Problem == SampleFileProblem.NotFound ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidArgument, given);
                continue;
            }

            if (!ShouldProcess(path, $"Upload archive, extract {(Include is null ? "all files" : string.Join(", ", Include))} and submit them to environment {EnvironmentIdArgument.Describe(environmentId)}"))
            {
                continue;
            }

            SubmitArchive(path, environmentId);
        }
    }

    private void SubmitArchive(string path, int environmentId)
    {
        var opener = new ArchiveSubmitter(Client);
        FalconXArchive archive;
        try
        {
            archive = RunAsync(ct => opener.UploadAsync(path, _password, true, ct));
        }
        catch (FalconXApiException ex)
        {
            WriteApiError(ex, path);
            return;
        }

        if (archive.Status != "done")
        {
            WriteItemError(
                new InvalidOperationException($"The API could not open the archive '{path}': {archive.Error ?? archive.Status}. Nothing was submitted."),
                ErrorIds.FalconXArchiveFailed,
                ErrorCategory.InvalidData,
                path,
                "Check the password (-Password; malware zips usually use 'infected'), and that the file is a complete zip archive.");
            return;
        }

        var files = RunAsync(ct => opener.ExtractAsync(archive, Include, ct));
        if (files.Count == 0)
        {
            WriteItemError(
                new ItemNotFoundException($"No file of the archive '{path}' matches {(Include is null ? "(it is empty)" : "-Include " + string.Join(", ", Include))}. Its files: {string.Join(", ", archive.Files.Take(20))}. Nothing was submitted."),
                ErrorIds.FalconXArchiveNoMatchingFile,
                ErrorCategory.ObjectNotFound,
                path);
            return;
        }

        var submitter = _submitter ??= new SampleSubmitter(Client, NewSubmitParameters(), _startedAt);
        foreach (var file in files)
        {
            if (file.Sha256 is null)
            {
                WriteItemError(new InvalidOperationException($"'{file.Name}' in the archive '{path}' was not extracted: {file.Error}"), ErrorIds.FalconXArchiveFileNotExtracted, ErrorCategory.InvalidData, file);
                continue;
            }

            var outcome = RunAsync(ct => submitter.SubmitAsync(SampleToSubmit.FromArchiveFile(file), environmentId, ct));
            if (WriteOutcomeRecords(outcome) && outcome.Submission is FalconXSubmission submission)
            {
                WriteVerbose($"Submitted '{file.Name}' from the archive {archive.Name} ({file.Sha256}) as {submission.SubmissionId}.");
                WriteOrKeep(submission);
            }
        }
    }
}
