using System;
using System.Collections.Generic;
using System.Globalization;

namespace FalconX.ThreatQ.Api;

/// <summary>A downloaded attachment in a temporary file, deleted on dispose.</summary>
public sealed class ThreatQDownloadedFile : IDisposable
{
    internal ThreatQDownloadedFile(string path, long length, string sha256)
    {
        Path = path;
        Length = length;
        Sha256 = sha256;
    }

    /// <summary>The temporary file.</summary>
    public string Path { get; }

    /// <summary>Bytes downloaded.</summary>
    public long Length { get; }

    /// <summary>SHA-256 of the bytes (lower-case hex), computed while they streamed in.</summary>
    public string Sha256 { get; }

    /// <summary>Deletes the file (and its private folder).</summary>
    public void Dispose() => ThreatQClient.DeleteQuietly(Path);
}
