using System;
using System.IO;

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
    public void Dispose() => DeleteQuietly(Path);

    /// <summary>Deletes a temporary file and its private folder, ignoring failures.</summary>
    internal static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
            var folder = System.IO.Path.GetDirectoryName(path);
            if (folder is not null && System.IO.Path.GetFileName(folder).StartsWith("falconx-tq-", StringComparison.Ordinal))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
