using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using FalconX.Client;
using FalconX.Models;
using FalconX.PowerShell.Conversion;
using FalconX.Workflows;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Downloads report artifacts (IOC packs, PCAP, screenshots, memory strings, memory dumps) into a folder: streamed
/// to a temporary file and renamed when complete, gzip handled, names that cannot leave the folder, no overwrite
/// without -Force.
/// </summary>
[Cmdlet(VerbsData.Save, "FalconXArtifact", SupportsShouldProcess = true, DefaultParameterSetName = ByReportSet)]
[OutputType(typeof(SavedArtifact))]
public sealed class SaveFalconXArtifactCommand : SaveToFolderCmdlet
{
    /// <summary>Parameter set: artifacts of reports.</summary>
    public const string ByReportSet = "ByReport";

    /// <summary>Parameter set: artifacts by id (e.g. from a report's Artifacts list).</summary>
    public const string ByIdSet = "ById";

    private readonly List<ArtifactSaveRequest> _requests = new();
    private readonly List<object?> _targets = new();

    /// <summary>
    /// Reports or summaries whose artifacts to save (from Get-FalconXReport), also after Import-Clixml, a job or
    /// ConvertFrom-Json.
    /// </summary>
    [Parameter(ParameterSetName = ByReportSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    [ReportTransformation]
    public FalconXReportBase[]? Report { get; set; }

    /// <summary>An artifact id (64 hex); from the pipeline by property name, e.g. a report's Artifacts list.</summary>
    [Parameter(ParameterSetName = ByIdSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? ArtifactId { get; set; }

    /// <summary>
    /// What to save. With reports: one or more kinds or groups (Ioc, IocStrict, IocBroad, All); default Ioc (the eight
    /// IOC packs). With -ArtifactId: the kind of that artifact (decides the endpoint for memory dumps and the file name).
    /// </summary>
    [Parameter(ParameterSetName = ByReportSet)]
    [Parameter(ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
    [ValidateCompletionValues(typeof(ArtifactKindCompleter), "Unknown")]
    [ArgumentCompleter(typeof(ArtifactKindCompleter))]
    public string[]? Kind { get; set; }

    /// <summary>With -ArtifactId: the report the artifact belongs to, for the file name.</summary>
    [Parameter(ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
    [Alias("SubmissionId")]
    public string? ReportId { get; set; }

    /// <summary>With -ArtifactId: its number among the report's screenshots or memory dumps, for the file name.</summary>
    [Parameter(ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, 10000)]
    public int Number { get; set; }

    /// <summary>With -ArtifactId: the file name to use (made safe: it cannot leave the folder).</summary>
    [Parameter(ParameterSetName = ByIdSet)]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>Replace files that already exist.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    private protected override string PathIsFileErrorId => ErrorIds.FalconXArtifactPathIsFile;

    /// <inheritdoc />
    private protected override (string What, string NotDone) FolderUse => ("artifacts", string.Empty);

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName == ByIdSet)
        {
            var kinds = Kind ?? Array.Empty<string>();
            if (kinds.Length > 1 || kinds.Any(ArtifactSaver.IsGroup))
            {
                WriteItemError(new ArgumentException("With -ArtifactId, -Kind names the one kind of that artifact (e.g. Pcap or MemoryDump), not a group."), ErrorIds.FalconXArtifactKindAmbiguous, ErrorCategory.InvalidArgument, ArtifactId);
                return;
            }

            var kind = kinds.Length == 0 ? FalconXArtifactKind.Unknown : ArtifactFiles.ParseKind(kinds[0]);
            Plan(new ArtifactSaveRequest { ArtifactId = ArtifactId!.Trim(), Kind = kind, ReportId = ReportId, Number = Number, FileName = Name }, ArtifactId);
            return;
        }

        var wanted = ArtifactSaver.KindsFor(Kind);
        foreach (var report in Report ?? Array.Empty<FalconXReportBase>())
        {
            var requests = ArtifactSaver.RequestsFor(report, wanted);
            if (requests.Count == 0)
            {
                WriteItemError(new ItemNotFoundException(ArtifactSaver.NotInReportMessage(report, Kind)), ErrorIds.FalconXArtifactNotInReport, ErrorCategory.ObjectNotFound, report);
                continue;
            }

            foreach (var request in requests)
            {
                Plan(request, report);
            }
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            if (_requests.Count > 0)
            {
                Download();
            }
        }
        finally
        {
            base.EndProcessing();
        }
    }

    private void Plan(ArtifactSaveRequest request, object? target)
    {
        var shown = System.IO.Path.Combine(Folder, ArtifactSaver.PlannedFileName(request) ?? request.ArtifactId + ".*");
        if (!ShouldProcess(shown, $"Save artifact {request.ArtifactId} ({request.Kind})"))
        {
            return;
        }

        CreateFolder();
        request.Folder = Folder;
        request.Overwrite = Force;
        _requests.Add(request);
        _targets.Add(target);
    }

    private void Download()
    {
        var client = Client;
        var progress = new ProgressBar(this, ProgressBar.ArtifactSaveId, "Saving Falcon X artifacts");
        var skipped = 0;
        var saver = new ArtifactSaver(client)
        {
            Progress = (finished, total, file) => PostToCmdletThread(() =>
            {
                if (file is not null)
                {
                    var size = file.TotalBytes is long all ? $" of {ByteSizeText.Format(all)}" : string.Empty;
                    progress.Show($"{finished} of {total} saved", ProgressBar.Percent(finished, total), $"{file.FileName}: {ByteSizeText.Format(file.BytesWritten)}{size}");
                }
                else if (total > 1)
                {
                    progress.Show($"{finished} of {total} saved", ProgressBar.Percent(finished, total));
                }
            }),
        };

        void Write(ArtifactSaveOutcome outcome)
        {
            if (outcome.Saved is not SavedArtifact saved)
            {
                WriteFailure(outcome.Error!, outcome.Request, _targets[outcome.Index]);
                return;
            }

            if (saved.AlreadyPresent)
            {
                skipped++;
                WriteVerbose($"Skipped {saved.Name}: the same file is already there.");
            }

            WriteObject(saved);
        }

        try
        {
            RunAsync(ct => saver.SaveAsync(_requests, outcome => PostToCmdletThread(() => Write(outcome)), ct));
            if (skipped > 0)
            {
                WriteVerbose(skipped == 1
                    ? "1 file was already there with the same content and was left as it was."
                    : $"{skipped} files were already there with the same content and were left as they were.");
            }
        }
        finally
        {
            progress.Complete();
        }
    }

    private void WriteFailure(Exception error, ArtifactSaveRequest request, object? target)
    {
        target ??= request.ArtifactId;
        switch (error)
        {
            case ArtifactFileExistsException exists:
                WriteItemError(exists, ErrorIds.FalconXArtifactFileExists, ErrorCategory.ResourceExists, target, "Add -Force to replace it, or save into another folder.");
                break;
            case FalconXApiException api when api.Kind == FalconXErrorKind.NotFound:
                WriteItemError(
                    new ItemNotFoundException($"No artifact {request.ArtifactId}{(request.Kind == FalconXArtifactKind.Unknown ? string.Empty : " (" + request.Kind + ")")}: {api.Message}", api),
                    ErrorIds.FalconXArtifactNotFound,
                    ErrorCategory.ObjectNotFound,
                    target,
                    "Take artifact ids from a current report (Get-FalconXReport); for memory dumps give -Kind MemoryDump, MemoryDumpHexDump or MemoryDumpStrings.");
                break;
            case FalconXApiException api:
                WriteApiError(api, target);
                break;
            case ArgumentException argument:
                WriteItemError(argument, ErrorIds.FalconXArtifactInvalidArgument, ErrorCategory.InvalidArgument, target);
                break;
            default:
                WriteItemError(error, ErrorIds.FalconXArtifactWriteFailed, ErrorCategory.WriteError, target, "Check that the folder is writable and has free space.");
                break;
        }
    }
}
