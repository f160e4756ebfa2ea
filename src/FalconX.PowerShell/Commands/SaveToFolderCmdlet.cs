using System.IO;
using System.Management.Automation;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// The shared base of the commands that download into a folder (Save-FalconXArtifact, Save-FalconXSample): -Path,
/// resolved once against the current location, refused when it names a file, and created when the first file is saved.
/// </summary>
public abstract class SaveToFolderCmdlet : FalconXApiCmdlet
{
    /// <summary>The folder to save into; created when missing.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>-Path as a file system path (set in BeginProcessing).</summary>
    private protected string Folder { get; private set; } = string.Empty;

    /// <summary>The error id when -Path names a file.</summary>
    private protected abstract string PathIsFileErrorId { get; }

    /// <summary>What the folder is for, e.g. "artifacts", and what did not happen, for the error when -Path names a file.</summary>
    private protected abstract (string What, string NotDone) FolderUse { get; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _ = Client;
        Folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (File.Exists(Folder))
        {
            var (what, notDone) = FolderUse;
            ThrowItemError(new IOException($"'{Folder}' is a file; -Path takes the folder to save {what} into.{notDone}"), PathIsFileErrorId, ErrorCategory.InvalidArgument, Path);
        }
    }

    /// <summary>Creates the folder if it does not exist yet (call once something is about to be saved).</summary>
    private protected void CreateFolder()
    {
        if (!Directory.Exists(Folder))
        {
            Directory.CreateDirectory(Folder);
        }
    }
}
