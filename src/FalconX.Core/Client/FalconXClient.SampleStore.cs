using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace FalconX.Client;

public sealed partial class FalconXClient
{
    /// <summary>Most hashes one <c>/samples/queries/samples/GET/v1</c> request accepts (documented: 200).</summary>
    public const int MaxSampleQueryHashes = 200;

    /// <summary>The password the API puts on the zip of a password-protected download.</summary>
    public const string SampleZipPassword = "infected";

    private const string SampleQueryPath = "samples/queries/samples/GET/v1";

    /// <summary>
    /// Tells, for each hash, whether the tenant holds the sample (<c>POST /samples/queries/samples/GET/v1</c>, at most
    /// 200 hashes per request). Answers come in the order asked, one per distinct hash.
    /// </summary>
    /// <exception cref="ArgumentException">A value is not a SHA-256 (nothing is sent).</exception>
    public async Task<IReadOnlyList<FalconXSampleInfo>> FindUploadedSamplesAsync(IEnumerable<string> sha256, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var hashes = (sha256 ?? throw new ArgumentNullException(nameof(sha256))).ToList();
        var badIndex = hashes.FindIndex(h => !IsSha256(h));
        if (badIndex >= 0)
        {
            var bad = hashes[badIndex];
            throw new ArgumentException($"'{bad}' is not a SHA-256: it must be 64 hexadecimal characters.", nameof(sha256));
        }

        var wanted = hashes.Select(NormalizeSha256).Distinct(StringComparer.Ordinal).ToList();
        var found = new HashSet<string>(StringComparer.Ordinal);
        for (var start = 0; start < wanted.Count; start += MaxSampleQueryHashes)
        {
            var batch = wanted.Skip(start).Take(MaxSampleQueryHashes).ToArray();
            var request = new ApiRequest(HttpMethod.Post, SampleQueryPath).WithJsonBody(new SampleQueryBody { Sha256s = batch });
            request.RetryPolicy = RetryPolicy.Safe; // a read, even though it is a POST
            var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
            foreach (var hash in response.GetResourceStrings())
            {
                if (IsSha256(hash))
                {
                    found.Add(NormalizeSha256(hash));
                }
            }
        }

        return wanted.Select(h => new FalconXSampleInfo(h, found.Contains(h))).ToList();
    }

    /// <summary>
    /// Deletes an uploaded sample (<c>DELETE /samples/entities/samples/v2</c>): "the file, its metadata and submissions".
    /// Reports are not deleted; use <see cref="DeleteReportAsync"/> for them.
    /// </summary>
    /// <exception cref="ArgumentException">Not a SHA-256 (nothing is sent).</exception>
    /// <exception cref="FalconXApiException">No such sample (<see cref="FalconXErrorKind.NotFound"/>), or the call failed.</exception>
    public async Task DeleteSampleAsync(string sha256, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (!IsSha256(sha256))
        {
            throw new ArgumentException($"'{sha256}' is not a SHA-256: it must be 64 hexadecimal characters.", nameof(sha256));
        }

        await SendAsync(new ApiRequest(HttpMethod.Delete, UploadPath).AddQuery("ids", NormalizeSha256(sha256)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The file name a sample is saved under: <c>&lt;sha256&gt;.bin</c> (a harmless extension, so nothing opens or runs
    /// it by a double click), or <c>&lt;sha256&gt;.zip</c> for the API's password-protected zip.
    /// </summary>
    public static string SampleFileName(string sha256, bool passwordProtected) =>
        NormalizeSha256(sha256) + (passwordProtected ? ".zip" : ".bin");

    /// <summary>
    /// Downloads a sample, or a file a detonation dropped, by SHA-256 into a folder
    /// (<c>GET /samples/entities/samples/v2</c>). The body is streamed to a temporary file that is renamed only when
    /// complete, the file is never opened or run, and an existing file is never replaced: that is an
    /// <see cref="ArtifactFileExistsException"/> raised before any request. The raw bytes are checked against the
    /// SHA-256 asked for; a mismatch deletes them.
    /// </summary>
    /// <param name="sha256">The sample's SHA-256.</param>
    /// <param name="folder">An existing folder.</param>
    /// <param name="passwordProtected">Ask the API for a zip protected with the password <c>infected</c> instead of the raw bytes.</param>
    /// <param name="cancellationToken">Stops the download; nothing is left behind.</param>
    public async Task<FalconXSavedSample> SaveSampleAsync(string sha256, string folder, bool passwordProtected = false, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (!IsSha256(sha256))
        {
            throw new ArgumentException($"'{sha256}' is not a SHA-256: it must be 64 hexadecimal characters.", nameof(sha256));
        }

        if (string.IsNullOrWhiteSpace(folder) || !Directory.Exists(folder))
        {
            throw new ArgumentException($"The folder '{folder}' does not exist. Create it first (New-Item -ItemType Directory).", nameof(folder));
        }

        var hash = NormalizeSha256(sha256);
        var fullFolder = Path.GetFullPath(folder);
        var target = Path.Combine(fullFolder, SampleFileName(hash, passwordProtected));
        CheckTarget(target, overwrite: false);

        var request = new ApiRequest(HttpMethod.Get, UploadPath).AddQuery("ids", hash);
        if (passwordProtected)
        {
            request.AddQuery("password_protected", "true");
        }

        request.Accept = "application/octet-stream";
        using var response = await SendStreamAsync(request, cancellationToken).ConfigureAwait(false);
        var temporary = Path.Combine(fullFolder, "." + Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".partial");
        var moved = false;
        try
        {
            long written = 0;
            using (var sha = SHA256.Create())
            {
                using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferSize, useAsync: true))
                {
                    var buffer = new byte[CopyBufferSize];
                    int count;
                    while ((count = await response.Content.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        sha.TransformBlock(buffer, 0, count, null, 0);
                        await file.WriteAsync(buffer, 0, count, cancellationToken).ConfigureAwait(false);
                        written += count;
                    }

                    await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                }

                sha.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
                var got = string.Concat(sha.Hash!.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
                if (!passwordProtected && !string.Equals(got, hash, StringComparison.Ordinal))
                {
                    throw new FalconXApiException(FalconXErrorKind.InvalidResponse, $"The API sent {written} bytes for sample {hash}, but they hash to {got}: the download was altered or cut short. Nothing was saved; try again.", response.StatusCode, "GET", "/" + UploadPath, null, response.TraceId);
                }

                if (passwordProtected && (written < 4 || !LooksLikeZip(temporary)))
                {
                    throw new FalconXApiException(FalconXErrorKind.InvalidResponse, $"The API's password-protected download of sample {hash} is not a zip file. Nothing was saved; download it without -PasswordProtected, or try again.", response.StatusCode, "GET", "/" + UploadPath, null, response.TraceId);
                }
            }

            CheckTarget(target, overwrite: false);
            File.Move(temporary, target);
            moved = true;
            Log(FalconXLogLevel.Verbose, $"Saved sample {hash} ({written.ToString(CultureInfo.InvariantCulture)} bytes{(passwordProtected ? ", zip with password 'infected'" : string.Empty)}) to {target}.");
            return new FalconXSavedSample(hash, target, written, passwordProtected);
        }
        catch (Exception ex) when (ex is IOException && !moved && IsTransport(ex))
        {
            throw new FalconXApiException(FalconXErrorKind.Transport, $"The download of sample {hash} broke off: {TransportFailures.Describe(ex)}. Nothing was saved; try again.", response.StatusCode, "GET", "/" + UploadPath, null, response.TraceId, ex);
        }
        finally
        {
            if (!moved)
            {
                TryDelete(temporary);
            }
        }
    }

    private static bool LooksLikeZip(string path)
    {
        var head = new byte[4];
        using var file = File.OpenRead(path);
        return file.Read(head, 0, 4) == 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4;
    }

    private sealed class SampleQueryBody
    {
        [System.Text.Json.Serialization.JsonPropertyName("sha256s")]
        public string[] Sha256s { get; set; } = Array.Empty<string>();
    }
}
