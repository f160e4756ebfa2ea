using FalconX.Models;

namespace FalconX.Client;

/// <summary>One file of an archive and what became of it: extracted, then submitted, or why not.</summary>
public sealed class FalconXArchiveFile
{
    internal FalconXArchiveFile(string archiveSha256, string archiveName, string name)
    {
        ArchiveSha256 = archiveSha256;
        ArchiveName = archiveName;
        Name = name;
    }

    /// <summary>The archive it came from (SHA-256).</summary>
    public string ArchiveSha256 { get; }

    /// <summary>The archive's name.</summary>
    public string ArchiveName { get; }

    /// <summary>The file's path inside the archive.</summary>
    public string Name { get; }

    /// <summary>The extracted file's SHA-256 (it is an uploaded sample from then on), or null when it was not extracted.</summary>
    public string? Sha256 { get; internal set; }

    /// <summary>Why it was not extracted, or null.</summary>
    public string? Error { get; internal set; }

    /// <summary>The submission, once submitted.</summary>
    public FalconXSubmission? Submission { get; internal set; }
}
