namespace FalconX.Client;

/// <summary>How far one download is.</summary>
public sealed class ArtifactProgress
{
    internal ArtifactProgress(string artifactId, string fileName, long bytesWritten, long? totalBytes, bool completed)
    {
        ArtifactId = artifactId;
        FileName = fileName;
        BytesWritten = bytesWritten;
        TotalBytes = totalBytes;
        Completed = completed;
    }

    /// <summary>The artifact being downloaded.</summary>
    public string ArtifactId { get; }

    /// <summary>The file it goes to (name only).</summary>
    public string FileName { get; }

    /// <summary>Bytes written to disk so far.</summary>
    public long BytesWritten { get; }

    /// <summary>The size announced by the API, when it announced one for the bytes as written.</summary>
    public long? TotalBytes { get; }

    /// <summary>True for the last report of a download.</summary>
    public bool Completed { get; }
}
