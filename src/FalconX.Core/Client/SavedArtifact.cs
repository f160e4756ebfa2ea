namespace FalconX.Client;

/// <summary>A downloaded artifact: where it went and what it was.</summary>
public sealed class SavedArtifact
{
    internal SavedArtifact(string? reportId, FalconXArtifactKind kind, string artifactId, string path, long length, string? contentType, bool decompressed)
    {
        ReportId = reportId;
        Kind = kind;
        ArtifactId = artifactId;
        Path = path;
        Length = length;
        ContentType = contentType;
        Decompressed = decompressed;
    }

    /// <summary>The report it came from, when known.</summary>
    public string? ReportId { get; }

    /// <summary>What it is.</summary>
    public FalconXArtifactKind Kind { get; }

    /// <summary>The artifact id.</summary>
    public string ArtifactId { get; }

    /// <summary>The full path of the file written.</summary>
    public string Path { get; }

    /// <summary>The file name.</summary>
    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>Bytes written.</summary>
    public long Length { get; }

    /// <summary>The media type the API gave.</summary>
    public string? ContentType { get; }

    /// <summary>True when the API sent a gzip payload (not just gzip transfer encoding) and it was unpacked.</summary>
    public bool Decompressed { get; }

    /// <summary>
    /// True when a file with the same name and the very same content was already there: nothing was written (a
    /// re-run into the same folder).
    /// </summary>
    public bool AlreadyPresent { get; internal set; }

    /// <inheritdoc />
    public override string ToString() => Path;
}
