using System;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Models;

namespace FalconX.Client;

public sealed partial class FalconXClient
{
    /// <summary>The largest sample the API accepts: 256 MB.</summary>
    public const long MaxSampleBytes = 256L * 1024 * 1024;

    private const string UploadPath = "samples/entities/samples/v2";

    /// <summary>
    /// Checks, without reading its content and without any request, that a file can be sent as a sample: it exists,
    /// is not a directory, is neither empty nor larger than <see cref="MaxSampleBytes"/>, and can be opened for reading.
    /// </summary>
    public static SampleFileCheck CheckSampleFile(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return new SampleFileCheck(path ?? string.Empty, SampleFileProblem.NotFound, 0, "No path was given.");
        }

        if (Directory.Exists(path))
        {
            return new SampleFileCheck(path, SampleFileProblem.IsDirectory, 0, $"'{path}' is a directory, not a file. Pass the files in it, e.g. Get-ChildItem '{path}' -File | Submit-FalconXSample.");
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return new SampleFileCheck(path, SampleFileProblem.NotFound, 0, $"The file '{path}' does not exist.");
        }

        if ((info.Attributes & FileAttributes.ReparsePoint) != 0)
        {
            // A symbolic link: FileInfo measures the link itself, so the size checks must look at what it points to.
            FileSystemInfo? target;
            try
            {
                target = FinalLinkTarget(info);
            }
            catch (IOException ex)
            {
                return new SampleFileCheck(path, SampleFileProblem.Unreadable, 0, $"'{path}' is a symbolic link that cannot be followed ({ex.Message.TrimEnd('.')}): it leads back to itself. Fix the link, or pass the sample's own path.");
            }

            if (target is not null && !target.Exists)
            {
                return new SampleFileCheck(path, SampleFileProblem.NotFound, 0, $"'{path}' is a symbolic link to '{target.FullName}', which does not exist. Fix the link, or pass the sample's own path.");
            }

            if (target is FileInfo file)
            {
                info = file;
            }
        }

        if (info.Length == 0)
        {
            // Devices and pipes report no length either; reading them would never end (or never start).
            return IsDevicePath(info.FullName)
                ? new SampleFileCheck(path, SampleFileProblem.Empty, 0, $"'{path}' is a device, not a file. Pass the path of a regular file.")
                : new SampleFileCheck(path, SampleFileProblem.Empty, 0, $"The file '{path}' is empty (0 bytes; pipes and sockets also show 0 bytes); the sandbox needs a regular file with content to detonate.");
        }

        if (info.Length > MaxSampleBytes)
        {
            return new SampleFileCheck(path, SampleFileProblem.TooLarge, info.Length,
                $"The file '{path}' is {ByteSizeText.Format(info.Length)}; the API accepts samples up to 256 MB ({MaxSampleBytes} bytes). Compress it into an archive below the limit, or submit the URL it came from with -Url.");
        }

        try
        {
            using (new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
            {
            }
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException or System.Security.SecurityException)
        {
            return new SampleFileCheck(path, SampleFileProblem.Unreadable, info.Length, $"The file '{path}' cannot be read: {ex.Message.TrimEnd('.')}. Check its permissions, or close the program that holds it open.");
        }

        return new SampleFileCheck(path, SampleFileProblem.None, info.Length, null);
    }

    /// <summary>
    /// The file a symbolic link finally points to, or null when the runtime cannot tell (.NET Framework). Throws
    /// <see cref="IOException"/> for a link loop. Found by reflection: netstandard2.0 has no ResolveLinkTarget.
    /// </summary>
    private static FileSystemInfo? FinalLinkTarget(FileInfo link)
    {
        var resolve = typeof(FileSystemInfo).GetMethod("ResolveLinkTarget", new[] { typeof(bool) });
        if (resolve is null)
        {
            return null;
        }

        try
        {
            return resolve.Invoke(link, new object[] { true }) as FileSystemInfo;
        }
        catch (System.Reflection.TargetInvocationException ex) when (ex.InnerException is IOException inner)
        {
            throw inner;
        }
    }

    private static bool IsDevicePath(string fullPath) =>
        fullPath.StartsWith("/dev/", StringComparison.Ordinal) || fullPath.StartsWith(@"\\.\", StringComparison.Ordinal) || fullPath.StartsWith(@"\\?\GLOBALROOT\Device", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Uploads a local file as a sample. The file is streamed (one buffer in memory whatever its size) and its SHA-256
    /// is computed from the bytes as they are sent; the API's answer must name the same SHA-256, otherwise the upload
    /// is reported as failed (the file changed while it was read, or something altered it on the way). Uploads spend
    /// no quota, and storing the same bytes twice changes nothing, so a failed attempt is retried.
    /// </summary>
    /// <param name="path">The file to send; check it first with <see cref="CheckSampleFile"/>.</param>
    /// <param name="fileName">The name to record; default: the file's name.</param>
    /// <param name="comment">A comment stored with the sample.</param>
    /// <param name="isConfidential">True (the API's default) keeps the file private to the tenant in MalQuery.</param>
    /// <param name="bytesSent">Called with the bytes sent so far, on whatever thread sends them.</param>
    /// <param name="cancellationToken">Stops the upload.</param>
    /// <exception cref="ArgumentException">The file cannot be sent (see <see cref="CheckSampleFile"/>).</exception>
    /// <exception cref="FalconXApiException">The API refused or failed, or the hashes disagree.</exception>
    public async Task<FalconXUploadedSample> UploadSampleAsync(
        string path,
        string? fileName = null,
        string? comment = null,
        bool isConfidential = true,
        Action<long>? bytesSent = null,
        CancellationToken cancellationToken = default)
    {
        var fullPath = Path.GetFullPath(path ?? throw new ArgumentNullException(nameof(path)));
        var check = CheckSampleFile(fullPath);
        if (!check.IsValid)
        {
            throw new ArgumentException(check.Message, nameof(path));
        }

        var name = string.IsNullOrWhiteSpace(fileName) ? Path.GetFileName(fullPath) : fileName!;
        HashingReadStream? current = null;
        var request = new ApiRequest(HttpMethod.Post, UploadPath)
            .AddQuery("file_name", name)
            .AddQuery("comment", string.IsNullOrEmpty(comment) ? null : comment)
            .AddQuery("is_confidential", isConfidential ? "true" : "false")
            .WithStreamBody(
                () =>
                {
                    // One stream per attempt: a retry sends (and hashes) the file again from its first byte.
                    var file = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan | FileOptions.Asynchronous);
                    current = new HashingReadStream(file, bytesSent);
                    return current;
                },
                "application/octet-stream");
        // Content-addressed: sending the same bytes again stores nothing new and spends no quota.
        request.RetryPolicy = RetryPolicy.Safe;

        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        var localSha = current?.Finish();
        var length = current?.BytesRead ?? 0;
        string? remoteSha = null;
        string? remoteName = null;
        if (response.Resources.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in response.Resources.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object)
                {
                    remoteSha = item.TryGetProperty("sha256", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                    remoteName = item.TryGetProperty("file_name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                    break;
                }
            }
        }

        if (string.IsNullOrEmpty(remoteSha))
        {
            throw new FalconXApiException(FalconXErrorKind.InvalidResponse, $"The upload of '{fullPath}' was accepted but the answer names no SHA-256, so the sample cannot be submitted.", response.StatusCode, "POST", "/" + UploadPath, response.Errors, response.TraceId);
        }

        if (localSha is null || length != check.Length)
        {
            throw new FalconXApiException(FalconXErrorKind.InvalidRequest, $"'{fullPath}' changed while it was being sent ({check.Length} bytes expected, {length} read), so the API may hold a different file than the one on disk. Nothing was submitted; send it again once it no longer changes.", response.StatusCode, "POST", "/" + UploadPath, response.Errors, response.TraceId);
        }

        if (!string.Equals(localSha, remoteSha, StringComparison.OrdinalIgnoreCase))
        {
            throw new FalconXApiException(FalconXErrorKind.InvalidResponse, $"The API stored '{fullPath}' under SHA-256 {remoteSha}, but the bytes sent hash to {localSha}: the file changed while it was read, or something between here and the API (a proxy?) altered it. Nothing was submitted.", response.StatusCode, "POST", "/" + UploadPath, response.Errors, response.TraceId);
        }

        return new FalconXUploadedSample(localSha, remoteName ?? name, length, fullPath);
    }
}
