using System;
using System.IO;
using System.Management.Automation;
using FalconX.Client;
using FalconX.Workflows;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Downloads uploaded samples, or files a detonation dropped (a report's ExtractedFiles), by SHA-256 into a folder:
/// streamed, checked against the hash, saved as &lt;sha256&gt;.bin (or the API's zip with password "infected" as
/// &lt;sha256&gt;.zip with -PasswordProtected), never opened or run, and never over an existing file.
/// </summary>
[Cmdlet(VerbsData.Save, "FalconXSample", SupportsShouldProcess = true)]
[OutputType(typeof(FalconXSavedSample))]
public sealed class SaveFalconXSampleCommand : SaveToFolderCmdlet
{
    /// <summary>SHA-256 hashes; from the pipeline by value or by property name (extracted files, reports, submissions, Get-FalconXSample).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public string[]? Sha256 { get; set; }

    /// <summary>Ask the API for a zip protected with the password "infected" (saved as .zip) instead of the raw bytes (.bin).</summary>
    [Parameter]
    public SwitchParameter PasswordProtected { get; set; }

    /// <inheritdoc />
    private protected override string PathIsFileErrorId => ErrorIds.FalconXSamplePathIsFile;

    /// <inheritdoc />
    private protected override (string What, string NotDone) FolderUse => ("samples", " Nothing was downloaded.");

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var value in Sha256 ?? Array.Empty<string>())
        {
            if (Sha256OrError(value, "Nothing was downloaded.") is not string hash)
            {
                continue;
            }

            var target = System.IO.Path.Combine(Folder, FalconXClient.SampleFileName(hash, PasswordProtected));
            if (!ShouldProcess(target, $"Download sample {hash}"))
            {
                continue;
            }

            CreateFolder();

            try
            {
                var client = Client;
                var saved = RunAsync(ct => client.SaveSampleAsync(hash, Folder, PasswordProtected, ct));
                WriteObject(saved);
            }
            catch (ArtifactFileExistsException ex)
            {
                WriteItemError(
                    new IOException($"The file '{ex.Path}' already exists and was left as it is; sample {hash} was not downloaded. Move or delete it, or save into another folder.", ex),
                    ErrorIds.FalconXSampleFileExists,
                    ErrorCategory.ResourceExists,
                    hash);
            }
            catch (FalconXApiException ex) when (ex.Kind == FalconXErrorKind.NotFound)
            {
                WriteItemError(ex, ErrorIds.FalconXSampleNotFound, ErrorCategory.ObjectNotFound, hash,
                    "Check the hash: only uploaded samples and files a detonation dropped can be downloaded; Get-FalconXSample tells which hashes are uploaded.");
            }
            catch (FalconXApiException ex)
            {
                WriteApiError(ex, hash);
            }
            catch (IOException ex)
            {
                WriteItemError(ex, ErrorIds.FalconXSampleWriteFailed, ErrorCategory.WriteError, hash, "Check that the folder is writable and has room.");
            }
        }
    }
}
