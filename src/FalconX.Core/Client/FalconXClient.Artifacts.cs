using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Models;

namespace FalconX.Client;

public sealed partial class FalconXClient
{
    private const int CopyBufferSize = 81920;
    private const long ProgressStep = 256 * 1024;

    /// <summary>
    /// Downloads an artifact into a folder. The body is streamed to a temporary file in that folder (never held in
    /// memory) and renamed to its final name only when complete, so an error or Ctrl+C leaves no partial file. gzip
    /// transfer encoding is undone on the fly, and a gzip payload of a text or structured kind is unpacked. Names
    /// from the API or the caller are sanitised and can never leave the folder.
    /// </summary>
    /// <exception cref="ArgumentException">No artifact id, or the folder does not exist.</exception>
    /// <exception cref="ArtifactFileExistsException">The file exists and <see cref="ArtifactSaveRequest.Overwrite"/> is false.</exception>
    /// <exception cref="FalconXApiException">The download failed (e.g. <see cref="FalconXErrorKind.NotFound"/> for an unknown id).</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    public async Task<SavedArtifact> SaveArtifactAsync(ArtifactSaveRequest request, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var artifactId = request.ArtifactId?.Trim() ?? string.Empty;
        if (artifactId.Length == 0)
        {
            throw new ArgumentException("An artifact id is needed; artifact ids are listed in a report's Artifacts property.", nameof(request));
        }

        if (string.IsNullOrWhiteSpace(request.Folder) || !Directory.Exists(request.Folder))
        {
            throw new ArgumentException($"The folder '{request.Folder}' does not exist. Create it first (New-Item -ItemType Directory).", nameof(request));
        }

        var folder = Path.GetFullPath(request.Folder);
        var chosen = request.FileName is null ? null : ArtifactFiles.Sanitize(request.FileName)
            ?? throw new ArgumentException($"'{request.FileName}' is not usable as a file name.", nameof(request));
        var chosenName = chosen ?? ArtifactFiles.DefaultName(request.ReportId, request.Kind, request.Number, request.Sample);
        if (chosenName is not null)
        {
            // Known before the download: a folder of that name fails at once. An existing file is compared with the
            // download (a re-run finds the same files and skips them; a different file is refused).
            CheckTarget(ArtifactFiles.PathInFolder(folder, chosenName), overwrite: true);
        }

        var apiRequest = new ApiRequest(HttpMethod.Get, ArtifactPath(request.Kind)).AddQuery("id", artifactId);
        apiRequest.Accept = "*/*";
        using var response = await SendStreamAsync(apiRequest, cancellationToken).ConfigureAwait(false);
        var fileName = chosenName ?? ArtifactFiles.FallbackName(artifactId, response.FileName, response.ContentType);
        var target = ArtifactFiles.PathInFolder(folder, fileName);
        CheckTarget(target, overwrite: true);

        var temporary = Path.Combine(folder, "." + fileName + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".partial");
        var moved = false;
        try
        {
            long written;
            bool decompressed;
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferSize, useAsync: true))
            {
                (written, decompressed) = await CopyAsync(response, request, artifactId, fileName, file, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            if (!request.Overwrite && File.Exists(target))
            {
                if (ArtifactFileComparer.SameContent(temporary, target))
                {
                    Log(FalconXLogLevel.Verbose, $"Skipped artifact {artifactId}: {target} is already there with the same content.");
                    request.Progress?.Report(new ArtifactProgress(artifactId, fileName, written, written, completed: true));
                    return new SavedArtifact(request.ReportId, request.Kind, artifactId, target, written, response.ContentType, decompressed) { AlreadyPresent = true };
                }

                throw new ArtifactFileExistsException(target, $"The file '{target}' already exists with different content and was left as it is.");
            }

            Publish(temporary, target, request.Overwrite);
            moved = true;
            Log(FalconXLogLevel.Verbose, $"Saved artifact {artifactId} ({written.ToString(CultureInfo.InvariantCulture)} bytes{(decompressed ? ", unpacked from gzip" : string.Empty)}) to {target}.");
            request.Progress?.Report(new ArtifactProgress(artifactId, fileName, written, written, completed: true));
            return new SavedArtifact(request.ReportId, request.Kind, artifactId, target, written, response.ContentType, decompressed);
        }
        catch (Exception ex) when (ex is IOException && !moved && IsTransport(ex))
        {
            throw new FalconXApiException(FalconXErrorKind.Transport, $"The download of artifact {artifactId} broke off: {TransportFailures.Describe(ex)}. Nothing was saved; try again.", response.StatusCode, "GET", "/" + apiRequest.Path, null, response.TraceId, ex);
        }
        finally
        {
            if (!moved)
            {
                TryDelete(temporary);
            }
        }
    }

    /// <summary>Downloads a JSON IOC pack (strict or broad) and reads its entries. Packs are small; this one is read into memory.</summary>
    /// <exception cref="FalconXApiException">The download failed, or the pack is not a JSON list of IOC entries (<see cref="FalconXErrorKind.InvalidResponse"/>).</exception>
    public async Task<IReadOnlyList<IocPackEntry>> GetIocPackAsync(string artifactId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (string.IsNullOrWhiteSpace(artifactId))
        {
            throw new ArgumentException("An artifact id is needed, e.g. a report's IocStrictJsonArtifactId.", nameof(artifactId));
        }

        var request = new ApiRequest(HttpMethod.Get, ArtifactPath(FalconXArtifactKind.IocStrictJson)).AddQuery("id", artifactId.Trim());
        request.Accept = "application/json, */*";
        using var response = await SendStreamAsync(request, cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        await response.Content.CopyToAsync(buffer, CopyBufferSize, cancellationToken).ConfigureAwait(false);
        var bytes = buffer.ToArray();
        if (bytes.Length > 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            using var unpacked = new MemoryStream();
            using (var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress))
            {
                await gzip.CopyToAsync(unpacked, CopyBufferSize, cancellationToken).ConfigureAwait(false);
            }

            bytes = unpacked.ToArray();
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return IocPackEntry.ParsePack(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw new FalconXApiException(FalconXErrorKind.InvalidResponse, $"The IOC pack {artifactId} could not be read: {ex.Message}", response.StatusCode, "GET", "/" + request.Path, null, response.TraceId, ex);
        }
    }

    /// <summary>
    /// Fetches the strict JSON IOC pack of each report into <see cref="FalconXReport.Iocs"/>, a few at a time. A report
    /// without a pack gets an empty list; a pack that fails leaves <c>Iocs</c> null and is returned as a failure.
    /// </summary>
    public async Task<IReadOnlyList<(FalconXReport Report, FalconXApiException Error)>> AttachStrictIocsAsync(IEnumerable<FalconXReport> reports, CancellationToken cancellationToken = default)
    {
        var failures = new List<(FalconXReport, FalconXApiException)>();
        using var parallelLimit = new SemaphoreSlim(_options.MaxParallelRequests);
        var tasks = (reports ?? throw new ArgumentNullException(nameof(reports))).Select(async report =>
        {
            if (string.IsNullOrEmpty(report.IocStrictJsonArtifactId))
            {
                report.Iocs = Array.Empty<IocPackEntry>();
                return;
            }

            await parallelLimit.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                report.Iocs = await GetIocPackAsync(report.IocStrictJsonArtifactId!, cancellationToken).ConfigureAwait(false);
            }
            catch (FalconXApiException ex)
            {
                lock (failures)
                {
                    failures.Add((report, ex));
                }
            }
            finally
            {
                parallelLimit.Release();
            }
        }).ToList();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        return failures;
    }

    internal static string ArtifactPath(FalconXArtifactKind kind) => kind switch
    {
        FalconXArtifactKind.MemoryDump => "falconx/entities/memory-dump/v1",
        FalconXArtifactKind.MemoryDumpHexDump => "falconx/entities/memory-dump/hex-dump/v1",
        FalconXArtifactKind.MemoryDumpStrings => "falconx/entities/memory-dump/extracted-strings/v1",
        _ => "falconx/entities/artifacts/v1",
    };

    private static async Task<(long Written, bool Decompressed)> CopyAsync(ApiStreamResponse response, ArtifactSaveRequest request, string artifactId, string fileName, Stream file, CancellationToken cancellationToken)
    {
        var source = response.Content;
        var buffer = new byte[CopyBufferSize];

        // Look at the first bytes: a gzip payload (not transfer encoding, which the handler already undid) of a kind
        // that is text or structured is unpacked; raw memory is left as the API sent it unless it says it is gzip.
        var head = 0;
        while (head < 2)
        {
            var read = await source.ReadAsync(buffer, head, 2 - head, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            head += read;
        }

        var isGzip = head == 2 && buffer[0] == 0x1f && buffer[1] == 0x8b;
        var saysGzip = response.ContentType is "application/gzip" or "application/x-gzip";
        // Memory dumps come gzip-compressed from the real API whatever the Content-Type says: unpacked too.
        var unpack = isGzip && (saysGzip || ArtifactFiles.IsStructured(request.Kind) || request.Kind is FalconXArtifactKind.MemoryDump or FalconXArtifactKind.MemoryDumps);
        var prefix = new byte[head];
        Array.Copy(buffer, prefix, head);
        Stream body = new PrefixedStream(prefix, source);
        if (unpack)
        {
            body = new GZipStream(body, CompressionMode.Decompress);
        }

        var total = unpack ? null : response.ContentLength;
        long written = 0;
        var nextReport = ProgressStep;
        using (body)
        {
            int count;
            while ((count = await body.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await file.WriteAsync(buffer, 0, count, cancellationToken).ConfigureAwait(false);
                written += count;
                if (written >= nextReport)
                {
                    request.Progress?.Report(new ArtifactProgress(artifactId, fileName, written, total, completed: false));
                    nextReport = written + ProgressStep;
                }
            }
        }

        return (written, unpack);
    }

    private static void CheckTarget(string target, bool overwrite)
    {
        if (!overwrite && File.Exists(target))
        {
            throw new ArtifactFileExistsException(target);
        }

        if (Directory.Exists(target))
        {
            throw new IOException($"'{target}' is a folder; the artifact cannot be saved under that name.");
        }
    }

    private static void Publish(string temporary, string target, bool overwrite)
    {
        if (overwrite && File.Exists(target))
        {
            File.Replace(temporary, target, null, ignoreMetadataErrors: true);
            return;
        }

        try
        {
            // File.Move never replaces: a file that appeared meanwhile is kept, and reported.
            File.Move(temporary, target);
        }
        catch (IOException) when (File.Exists(target))
        {
            if (!overwrite)
            {
                throw new ArtifactFileExistsException(target);
            }

            File.Replace(temporary, target, null, ignoreMetadataErrors: true);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left behind only if something holds it open; its name starts with a dot and ends in .partial.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static bool IsTransport(Exception ex) => TransportFailures.IsTransport(ex) && ex is not ArtifactFileExistsException;

    /// <summary>A read-only stream that returns a few bytes already read, then the rest of the inner stream.</summary>
    private sealed class PrefixedStream : Stream
    {
        private readonly byte[] _prefix;
        private readonly Stream _inner;
        private int _position;

        public PrefixedStream(byte[] prefix, Stream inner)
        {
            _prefix = prefix;
            _inner = inner;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position < _prefix.Length)
            {
                var n = Math.Min(count, _prefix.Length - _position);
                Array.Copy(_prefix, _position, buffer, offset, n);
                _position += n;
                return n;
            }

            return _inner.Read(buffer, offset, count);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            if (_position < _prefix.Length)
            {
                return Task.FromResult(Read(buffer, offset, count));
            }

            return _inner.ReadAsync(buffer, offset, count, cancellationToken);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
