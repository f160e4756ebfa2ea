using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Models;
using FalconX.PowerShell.Conversion;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Downloads report artifacts (IOC packs, PCAP, screenshots, memory strings, memory dumps) into a folder: streamed
/// to a temporary file and renamed when complete, gzip handled, names that cannot leave the folder, no overwrite
/// without -Force.
/// </summary>
[Cmdlet(VerbsData.Save, "FalconXArtifact", SupportsShouldProcess = true, DefaultParameterSetName = ByReportSet)]
[OutputType(typeof(SavedArtifact))]
public sealed class SaveFalconXArtifactCommand : FalconXApiCmdlet
{
    /// <summary>Parameter set: artifacts of reports.</summary>
    public const string ByReportSet = "ByReport";

    /// <summary>Parameter set: artifacts by id (e.g. from a report's Artifacts list).</summary>
    public const string ByIdSet = "ById";

    /// <summary>Error id: the file exists and -Force was not given.</summary>
    public const string FileExistsErrorId = "FalconXArtifactFileExists";

    /// <summary>Error id: the report has no artifact of the kind asked for.</summary>
    public const string NotInReportErrorId = "FalconXArtifactNotInReport";

    /// <summary>Error id: the API knows no artifact with this id.</summary>
    public const string ArtifactNotFoundErrorId = "FalconXArtifactNotFound";

    /// <summary>Error id: the file could not be written.</summary>
    public const string WriteFailedErrorId = "FalconXArtifactWriteFailed";

    private const int ProgressActivityId = 43;

    private static readonly Dictionary<string, FalconXArtifactKind[]> Groups = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Ioc"] = new[]
        {
            FalconXArtifactKind.IocStrictCsv, FalconXArtifactKind.IocStrictJson, FalconXArtifactKind.IocStrictStix, FalconXArtifactKind.IocStrictMaec,
            FalconXArtifactKind.IocBroadCsv, FalconXArtifactKind.IocBroadJson, FalconXArtifactKind.IocBroadStix, FalconXArtifactKind.IocBroadMaec,
        },
        ["IocStrict"] = new[] { FalconXArtifactKind.IocStrictCsv, FalconXArtifactKind.IocStrictJson, FalconXArtifactKind.IocStrictStix, FalconXArtifactKind.IocStrictMaec },
        ["IocBroad"] = new[] { FalconXArtifactKind.IocBroadCsv, FalconXArtifactKind.IocBroadJson, FalconXArtifactKind.IocBroadStix, FalconXArtifactKind.IocBroadMaec },
        ["All"] = Enum.GetValues(typeof(FalconXArtifactKind)).Cast<FalconXArtifactKind>().Where(k => k != FalconXArtifactKind.Unknown).ToArray(),
    };

    private readonly List<QueuedSave> _queued = new();
    private string? _folder;

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

    /// <summary>The folder to save into; created when missing.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Replace files that already exist.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _ = Client;
        _folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (File.Exists(_folder))
        {
            ThrowTerminatingError(new ErrorRecord(
                new IOException($"'{_folder}' is a file; -Path takes the folder to save artifacts into."),
                "FalconXArtifactPathIsFile",
                ErrorCategory.InvalidArgument,
                Path));
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName == ByIdSet)
        {
            var kinds = Kind ?? Array.Empty<string>();
            if (kinds.Length > 1 || kinds.Any(Groups.ContainsKey))
            {
                WriteItemError(new ArgumentException("With -ArtifactId, -Kind names the one kind of that artifact (e.g. Pcap or MemoryDump), not a group."), "FalconXArtifactKindAmbiguous", ErrorCategory.InvalidArgument, ArtifactId);
                return;
            }

            var kind = kinds.Length == 0 ? FalconXArtifactKind.Unknown : ArtifactFiles.ParseKind(kinds[0]);
            Plan(new ArtifactSaveRequest { ArtifactId = ArtifactId!.Trim(), Kind = kind, ReportId = ReportId, Number = Number, FileName = Name }, ArtifactId);
            return;
        }

        var wanted = new HashSet<FalconXArtifactKind>((Kind is { Length: > 0 } ? Kind : new[] { "Ioc" })
            .SelectMany(k => Groups.TryGetValue(k, out var group) ? group : new[] { ArtifactFiles.ParseKind(k) }));
        foreach (var report in Report ?? Array.Empty<FalconXReportBase>())
        {
            var artifacts = report.Artifacts.Where(a => wanted.Contains(ArtifactFiles.ParseKind(a.Kind))).ToList();
            if (artifacts.Count == 0)
            {
                var why = report.HasError ? $" (its detonation failed: {report.ErrorType})" : string.Empty;
                WriteItemError(
                    new ItemNotFoundException($"Report {report.ReportId}{why} has no artifact of the kind asked for ({string.Join(", ", Kind ?? new[] { "Ioc" })}). Its artifacts: {(report.Artifacts.Count == 0 ? "none" : string.Join(", ", report.Artifacts.Select(a => a.Kind).Distinct()))}."),
                    NotInReportErrorId,
                    ErrorCategory.ObjectNotFound,
                    report);
                continue;
            }

            foreach (var artifact in artifacts)
            {
                Plan(
                    new ArtifactSaveRequest
                    {
                        ArtifactId = artifact.ArtifactId,
                        Kind = ArtifactFiles.ParseKind(artifact.Kind),
                        ReportId = report.ReportId,
                        Number = artifact.Number,
                        Sample = ArtifactFiles.SampleLabel(report.SubmitName, report.Sha256),
                    },
                    report);
            }
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            if (_queued.Count > 0)
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
        var name = request.FileName is not null ? ArtifactFiles.Sanitize(request.FileName) : ArtifactFiles.DefaultName(request.ReportId, request.Kind, request.Number, request.Sample);
        var shown = System.IO.Path.Combine(_folder!, name ?? request.ArtifactId + ".*");
        if (!ShouldProcess(shown, $"Save artifact {request.ArtifactId} ({request.Kind})"))
        {
            return;
        }

        if (!Directory.Exists(_folder))
        {
            Directory.CreateDirectory(_folder!);
        }

        request.Folder = _folder!;
        request.Overwrite = Force;
        _queued.Add(new QueuedSave(request, target));
    }

    private void Download()
    {
        var client = Client;
        var total = _queued.Count;
        var finished = 0;
        var outcomes = new Outcome?[total];
        var next = 0;
        var skipped = 0;

        void ShowProgress(string status, string? operation, int percent)
        {
            WriteProgress(new ProgressRecord(ProgressActivityId, "Saving Falcon X artifacts", status)
            {
                CurrentOperation = operation,
                PercentComplete = percent,
            });
        }

        void Emit()
        {
            // In input order, as far as finished.
            while (next < total && outcomes[next] is Outcome outcome)
            {
                var queued = _queued[next++];
                if (outcome.Saved is not null)
                {
                    if (outcome.Saved.AlreadyPresent)
                    {
                        skipped++;
                        WriteVerbose($"Skipped {outcome.Saved.Name}: the same file is already there.");
                    }

                    WriteObject(outcome.Saved);
                }
                else
                {
                    WriteFailure(outcome.Error!, queued);
                }
            }
        }

        try
        {
            RunAsync(async ct =>
            {
                using var parallelLimit = new SemaphoreSlim(client.MaxParallelRequests);
                var tasks = _queued.Select(async (queued, index) =>
                {
                    await parallelLimit.WaitAsync(ct).ConfigureAwait(false);
                    try
                    {
                        queued.Request.Progress = new Progress(p => PostToCmdletThread(() =>
                        {
                            var size = p.TotalBytes is long all ? $" of {ByteSizeText.Format(all)}" : string.Empty;
                            ShowProgress($"{finished} of {total} saved", $"{p.FileName}: {ByteSizeText.Format(p.BytesWritten)}{size}", (int)(finished * 100L / total));
                        }));
                        var saved = await client.SaveArtifactAsync(queued.Request, ct).ConfigureAwait(false);
                        outcomes[index] = new Outcome(saved, null);
                    }
                    catch (Exception ex) when (ex is FalconXApiException or IOException or UnauthorizedAccessException or ArgumentException)
                    {
                        outcomes[index] = new Outcome(null, ex);
                    }
                    finally
                    {
                        parallelLimit.Release();
                    }

                    PostToCmdletThread(() =>
                    {
                        finished++;
                        if (total > 1)
                        {
                            ShowProgress($"{finished} of {total} saved", null, (int)(finished * 100L / total));
                        }

                        Emit();
                    });
                }).ToList();
                await Task.WhenAll(tasks).ConfigureAwait(false);
            });
            Emit();
            if (skipped > 0)
            {
                WriteVerbose(skipped == 1
                    ? "1 file was already there with the same content and was left as it was."
                    : $"{skipped} files were already there with the same content and were left as they were.");
            }
        }
        finally
        {
            try
            {
                WriteProgress(new ProgressRecord(ProgressActivityId, "Saving Falcon X artifacts", "Done") { RecordType = ProgressRecordType.Completed });
            }
            catch (PipelineStoppedException)
            {
            }
        }
    }

    private void WriteFailure(Exception error, QueuedSave queued)
    {
        var target = queued.Target ?? queued.Request.ArtifactId;
        switch (error)
        {
            case ArtifactFileExistsException exists:
                WriteItemError(exists, FileExistsErrorId, ErrorCategory.ResourceExists, target, "Add -Force to replace it, or save into another folder.");
                break;
            case FalconXApiException api when api.Kind == FalconXErrorKind.NotFound:
                WriteItemError(
                    new ItemNotFoundException($"No artifact {queued.Request.ArtifactId}{(queued.Request.Kind == FalconXArtifactKind.Unknown ? string.Empty : " (" + queued.Request.Kind + ")")}: {api.Message}", api),
                    ArtifactNotFoundErrorId,
                    ErrorCategory.ObjectNotFound,
                    target,
                    "Take artifact ids from a current report (Get-FalconXReport); for memory dumps give -Kind MemoryDump, MemoryDumpHexDump or MemoryDumpStrings.");
                break;
            case FalconXApiException api:
                WriteApiError(api, target);
                break;
            case ArgumentException argument:
                WriteItemError(argument, "FalconXArtifactInvalidArgument", ErrorCategory.InvalidArgument, target);
                break;
            default:
                WriteItemError(error, WriteFailedErrorId, ErrorCategory.WriteError, target, "Check that the folder is writable and has free space.");
                break;
        }
    }

    private sealed class QueuedSave
    {
        public QueuedSave(ArtifactSaveRequest request, object? target)
        {
            Request = request;
            Target = target;
        }

        public ArtifactSaveRequest Request { get; }

        public object? Target { get; }
    }

    private sealed class Outcome
    {
        public Outcome(SavedArtifact? saved, Exception? error)
        {
            Saved = saved;
            Error = error;
        }

        public SavedArtifact? Saved { get; }

        public Exception? Error { get; }
    }

    /// <summary>IProgress that calls back directly on the reporting thread (Progress&lt;T&gt; would need a sync context).</summary>
    private sealed class Progress : IProgress<ArtifactProgress>
    {
        private readonly Action<ArtifactProgress> _report;

        public Progress(Action<ArtifactProgress> report) => _report = report;

        public void Report(ArtifactProgress value) => _report(value);
    }
}
