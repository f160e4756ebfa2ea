using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace FalconX.Emulator;

/// <summary>The verdict a sample asks for through an ASCII marker in its bytes (see docs/emulator.md).</summary>
internal enum VerdictMarker
{
    /// <summary>No marker: the report says "no specific threat".</summary>
    None,

    /// <summary><c>FALCONX-SUSPICIOUS</c>: verdict suspicious, threat score 30-69.</summary>
    Suspicious,

    /// <summary><c>FALCONX-MALICIOUS</c>: verdict malicious, threat score 70-100.</summary>
    Malicious,

    /// <summary><c>FALCONX-ERROR</c>: the analysis fails with FILE_TYPE_BAD_ERROR.</summary>
    Error,
}

/// <summary>An uploaded sample: metadata in memory, bytes on disk under its SHA-256.</summary>
internal sealed record StoredSample(string Sha256, string FileName, long Size, VerdictMarker Marker, string? Comment, bool IsConfidential, DateTimeOffset UploadedAt, string FilePath);

/// <summary>Streams uploads to disk while hashing them and looking for the verdict markers; never holds a whole file in memory.</summary>
internal sealed class SampleStore
{
    internal static readonly (VerdictMarker Marker, byte[] Bytes)[] Markers =
    [
        (VerdictMarker.Error, Encoding.ASCII.GetBytes("FALCONX-ERROR")),
        (VerdictMarker.Malicious, Encoding.ASCII.GetBytes("FALCONX-MALICIOUS")),
        (VerdictMarker.Suspicious, Encoding.ASCII.GetBytes("FALCONX-SUSPICIOUS")),
    ];

    private const int ChunkSize = 64 * 1024;
    private static readonly int LongestMarker = 18;

    private readonly ConcurrentDictionary<string, StoredSample> _samples = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _directory;

    public SampleStore(string directory, long maxBytes)
    {
        _directory = directory;
        MaxBytes = maxBytes;
        Directory.CreateDirectory(directory);
    }

    public long MaxBytes { get; }

    public int Count => _samples.Count;

    public enum SaveStatus
    {
        Saved,
        TooLarge,
        Empty,
    }

    public readonly record struct SaveResult(SaveStatus Status, StoredSample? Sample);

    public bool TryGet(string sha256, out StoredSample sample) => _samples.TryGetValue(sha256, out sample!);

    public bool Delete(string sha256)
    {
        if (!_samples.TryRemove(sha256, out var sample))
        {
            return false;
        }

        TryDeleteFile(sample.FilePath);
        return true;
    }

    /// <summary>Attaches the multipart form fields, which may arrive after the file part, to a stored sample.</summary>
    public StoredSample Rename(StoredSample sample, string fileName, string? comment, bool isConfidential)
    {
        var updated = sample with { FileName = fileName, Comment = comment, IsConfidential = isConfidential };
        _samples[sample.Sha256] = updated;
        return updated;
    }

    public void Clear()
    {
        foreach (var sha in new List<string>(_samples.Keys))
        {
            Delete(sha);
        }
    }

    /// <summary>Copies <paramref name="source"/> to disk; stops reading as soon as the body exceeds <see cref="MaxBytes"/>.</summary>
    public async Task<SaveResult> SaveAsync(Stream source, string fileName, string? comment, bool isConfidential, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tempPath = Path.Combine(_directory, "upload-" + Guid.NewGuid().ToString("N") + ".tmp");
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize + LongestMarker);
        var found = new bool[Markers.Length];
        long total = 0;
        var carry = 0;
        var keep = false;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, ChunkSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (file.ConfigureAwait(false))
            {
                while (true)
                {
                    // Bytes [0, carry) are the tail of the previous chunk, so a marker split across two reads is still found.
                    var read = await source.ReadAsync(buffer.AsMemory(carry, ChunkSize), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    total += read;
                    if (total > MaxBytes)
                    {
                        return new SaveResult(SaveStatus.TooLarge, null);
                    }

                    hash.AppendData(buffer, carry, read);
                    await file.WriteAsync(buffer.AsMemory(carry, read), cancellationToken).ConfigureAwait(false);
                    var window = buffer.AsSpan(0, carry + read);
                    for (var i = 0; i < Markers.Length; i++)
                    {
                        found[i] |= window.IndexOf(Markers[i].Bytes) >= 0;
                    }

                    carry = Math.Min(LongestMarker - 1, window.Length);
                    window[^carry..].CopyTo(buffer);
                }
            }

            if (total == 0)
            {
                return new SaveResult(SaveStatus.Empty, null);
            }

            var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            var marker = VerdictMarker.None;
            for (var i = 0; i < Markers.Length; i++)
            {
                if (found[i])
                {
                    marker = Markers[i].Marker;
                    break;
                }
            }

            var finalPath = Path.Combine(_directory, sha256);
            File.Move(tempPath, finalPath, overwrite: true);
            keep = true;
            var sample = new StoredSample(sha256, fileName, total, marker, comment, isConfidential, now, finalPath);
            _samples[sha256] = sample;
            return new SaveResult(SaveStatus.Saved, sample);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (!keep)
            {
                TryDeleteFile(tempPath);
            }
        }
    }

    /// <summary>The marker a URL asks for: the same words, in any case.</summary>
    public static VerdictMarker MarkerOfUrl(string url)
    {
        foreach (var (marker, bytes) in Markers)
        {
            if (url.Contains(Encoding.ASCII.GetString(bytes), StringComparison.OrdinalIgnoreCase))
            {
                return marker;
            }
        }

        return VerdictMarker.None;
    }

    private static void TryDeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A reader still has it open (Windows); the data directory is removed on shutdown anyway.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
