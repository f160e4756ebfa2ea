using System.Collections.Generic;

namespace FalconX.Client;

/// <summary>An archive the API holds (<c>client.ArchiveWithFilesV1</c>).</summary>
public sealed class FalconXArchive
{
    internal FalconXArchive(string sha256, string name, string status, string? error, IReadOnlyList<string> files)
    {
        Sha256 = sha256;
        Name = name;
        Status = status;
        Error = error;
        Files = files;
    }

    /// <summary>The archive's SHA-256, its id on the archive routes.</summary>
    public string Sha256 { get; }

    /// <summary>The name it was uploaded with.</summary>
    public string Name { get; }

    /// <summary>The API's processing status (<c>done</c> when it could be opened, <c>failed</c> otherwise).</summary>
    public string Status { get; }

    /// <summary>Why it failed (wrong password, unreadable, empty), or null.</summary>
    public string? Error { get; }

    /// <summary>The names of the files in it.</summary>
    public IReadOnlyList<string> Files { get; }
}
