using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace FalconX.Client;

/// <summary>
/// Opens archives for submission: upload one (<c>POST /archives/entities/archives/v2</c>, multipart with the
/// password), wait until the API has opened it, and extract all files or those matching wildcard patterns
/// (<c>POST /archives/entities/extractions/v1</c>). Each extracted file is then submitted by SHA-256 through
/// <see cref="FalconX.Workflows.SampleSubmitter"/> (<see cref="FalconX.Workflows.SampleToSubmit.FromArchiveFile"/>),
/// with the user tag <see cref="ArchiveTagPrefix"/>&lt;archive sha256&gt;, so every submission and report says which
/// archive it came from.
/// </summary>
public sealed class ArchiveSubmitter
{
    /// <summary>The user tag prefix that names the archive a submission came from.</summary>
    public const string ArchiveTagPrefix = "archive:";

    private const string UploadPath = "archives/entities/archives/v2";
    private const string ArchivePath = "archives/entities/archives/v1";
    private const string ExtractPath = "archives/entities/extractions/v1";

    private readonly FalconXClient _client;

    /// <summary>Uses <paramref name="client"/>.</summary>
    public ArchiveSubmitter(FalconXClient client) => _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <summary>How long to wait for the API to open an uploaded archive. Default 2 minutes.</summary>
    public TimeSpan ProcessingTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Between two looks at an archive still being opened. Default 2 seconds.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Uploads an archive file and waits until the API has opened it (or failed to).</summary>
    /// <exception cref="ArgumentException">The file cannot be sent (missing, empty, over 256 MB…).</exception>
    public async Task<FalconXArchive> UploadAsync(string path, string? password, bool isConfidential = true, CancellationToken cancellationToken = default)
    {
        var check = FalconXClient.CheckSampleFile(path);
        if (!check.IsValid)
        {
            throw new ArgumentException(check.Message, nameof(path));
        }

        var fullPath = Path.GetFullPath(path);
        var name = Path.GetFileName(fullPath);
        var request = new ApiRequest(HttpMethod.Post, UploadPath).WithContent(
            () =>
            {
                var form = new MultipartFormDataContent();
                var file = new StreamContent(new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan | FileOptions.Asynchronous), 81920);
                file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                form.Add(file, "file", name);
                form.Add(new StringContent(name), "name");
                form.Add(new StringContent(isConfidential ? "true" : "false"), "is_confidential");
                if (!string.IsNullOrEmpty(password))
                {
                    form.Add(new StringContent(password!), "password");
                }

                return form;
            },
            $"multipart: file={name}, name={name}, is_confidential={(isConfidential ? "true" : "false")}{(string.IsNullOrEmpty(password) ? string.Empty : ", password=***")}");
        var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var archive = ReadArchive(response) ?? throw new FalconXApiException(FalconXErrorKind.InvalidResponse, $"The API accepted the archive '{fullPath}' but its answer names no archive.", response.StatusCode, "POST", "/" + UploadPath, response.Errors, response.TraceId);
        var deadline = _client.Time.GetUtcNow() + ProcessingTimeout;
        while (archive.Status is not ("done" or "failed" or "error"))
        {
            if (_client.Time.GetUtcNow() >= deadline)
            {
                throw new FalconXApiException(FalconXErrorKind.Timeout, $"The API was still opening the archive '{name}' (status '{archive.Status}') after {ProcessingTimeout.TotalSeconds:0} seconds. Try again later.", method: "GET", path: "/" + ArchivePath);
            }

            await _client.Time.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            var again = await _client.SendAsync(new ApiRequest(HttpMethod.Get, ArchivePath).AddQuery("id", archive.Sha256).AddQuery("include_files", "true"), cancellationToken).ConfigureAwait(false);
            archive = ReadArchive(again) ?? archive;
        }

        return archive;
    }

    /// <summary>
    /// Extracts the files whose names match one of <paramref name="include"/> (wildcards <c>*</c> and <c>?</c>, on the
    /// name or the path inside the archive; null or empty: all). Files that fail come back with <see cref="FalconXArchiveFile.Error"/>.
    /// </summary>
    public async Task<IReadOnlyList<FalconXArchiveFile>> ExtractAsync(FalconXArchive archive, IReadOnlyCollection<string>? include, CancellationToken cancellationToken = default)
    {
        if (archive is null)
        {
            throw new ArgumentNullException(nameof(archive));
        }

        var names = archive.Files.Where(f => Matches(f, include)).ToList();
        if (names.Count == 0)
        {
            return Array.Empty<FalconXArchiveFile>();
        }

        var body = new ExtractionBody
        {
            Sha256 = archive.Sha256,
            ExtractAll = include is null || include.Count == 0 ? true : null,
            Files = include is null || include.Count == 0 ? null : names.Select(n => new ExtractionFileBody { Name = n }).ToArray(),
        };
        var response = await _client.SendAsync(new ApiRequest(HttpMethod.Post, ExtractPath).WithJsonBody(body), cancellationToken).ConfigureAwait(false);
        var results = new List<FalconXArchiveFile>();
        if (response.Resources.ValueKind == JsonValueKind.Array)
        {
            foreach (var extraction in response.Resources.EnumerateArray())
            {
                if (extraction.ValueKind != JsonValueKind.Object || !extraction.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var file in files.EnumerateArray())
                {
                    var name = Text(file, "name") ?? string.Empty;
                    var item = new FalconXArchiveFile(archive.Sha256, archive.Name, name);
                    var sha = Text(file, "sha256");
                    if (Text(file, "status") == "done" && FalconXClient.IsSha256(sha))
                    {
                        item.Sha256 = FalconXClient.NormalizeSha256(sha!);
                    }
                    else
                    {
                        item.Error = Text(file, "error") ?? $"the API did not extract it (status '{Text(file, "status")}').";
                    }

                    results.Add(item);
                }
            }
        }

        return results;
    }

    /// <summary>True when <paramref name="name"/> (or its last path part) matches one of the wildcard patterns, or there are none.</summary>
    public static bool Matches(string name, IReadOnlyCollection<string>? include)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        if (include is null || include.Count == 0)
        {
            return true;
        }

        var leaf = name.Replace('\\', '/').Split('/').Last();
        return include.Any(pattern =>
        {
            var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$";
            return Regex.IsMatch(name, regex, RegexOptions.IgnoreCase) || Regex.IsMatch(leaf, regex, RegexOptions.IgnoreCase);
        });
    }

    private static FalconXArchive? ReadArchive(ApiResponse response)
    {
        if (response.Resources.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var item in response.Resources.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && Text(item, "sha256") is { } sha)
            {
                var files = item.TryGetProperty("files", out var f) && f.ValueKind == JsonValueKind.Array
                    ? f.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
                    : new List<string>();
                return new FalconXArchive(sha.ToLowerInvariant(), Text(item, "name") ?? string.Empty, Text(item, "status") ?? string.Empty, Text(item, "error"), files);
            }
        }

        return null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed class ExtractionBody
    {
        public string Sha256 { get; set; } = string.Empty;

        public bool? ExtractAll { get; set; }

        public ExtractionFileBody[]? Files { get; set; }
    }

    private sealed class ExtractionFileBody
    {
        public string Name { get; set; } = string.Empty;
    }
}
