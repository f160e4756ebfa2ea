using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace FalconX.Emulator;

/// <summary>An uploaded archive: its bytes (in memory), what it holds, and whether it could be opened.</summary>
internal sealed record StoredArchive(string Sha256, string Name, byte[] Content, string? Password, DateTimeOffset UploadedAt, IReadOnlyList<ZipReader.Entry> Entries, string Status, string? Error);

/// <summary>An extraction: which files of an archive were extracted into the sample store, and how each went.</summary>
internal sealed record StoredExtraction(string Id, string ArchiveSha256, DateTimeOffset At, JsonArray Files, string Status);

/// <summary>
/// The archive family (tag sample-uploads): upload v2 (multipart <c>file</c>, <c>name</c>, <c>password</c>,
/// <c>is_confidential</c>, <c>comment</c>), get and delete v1, the list of its files, extractions (create, get) and the
/// files of an extraction. Zips are really opened (<see cref="ZipReader"/>: stored or deflated, plain or ZipCrypto);
/// an archive that cannot be opened is stored with status <c>failed</c> and an <c>error</c>, as an asynchronous
/// processing status would report it. Extracted files go to the sample store, so they can be submitted by SHA-256.
/// </summary>
internal sealed class ArchiveEndpoints
{
    private const int MaxFieldBytes = 64 * 1024;
    private readonly EmulatorState _state;

    public ArchiveEndpoints(EmulatorState state) => _state = state;

    public void Map(RouteTable routes)
    {
        routes.Map("POST", "/archives/entities/archives/v2", UploadAsync);
        routes.Map("GET", "/archives/entities/archives/v1", r => Task.FromResult(GetArchive(r)));
        routes.Map("DELETE", "/archives/entities/archives/v1", r => Task.FromResult(DeleteArchive(r)));
        routes.Map("GET", "/archives/entities/archive-files/v1", r => Task.FromResult(ListFiles(r)));
        routes.Map("POST", "/archives/entities/extractions/v1", ExtractAsync);
        routes.Map("GET", "/archives/entities/extractions/v1", r => Task.FromResult(GetExtraction(r)));
        routes.Map("GET", "/archives/entities/extraction-files/v1", r => Task.FromResult(ExtractionFiles(r)));
    }

    private ConcurrentDictionary<string, StoredArchive> Store => _state.Archives;

    private ConcurrentDictionary<string, StoredExtraction> Extractions => _state.Extractions;

    private static ApiResponse Fail(ApiRequest request, int status, string message) =>
        Envelope.Error(request, status, message, poweredBy: null, withResources: true);

    private async Task<ApiResponse> UploadAsync(ApiRequest request)
    {
        var http = request.Http;
        if (!http.Request.HasFormContentType)
        {
            return Fail(request, StatusCodes.Status400BadRequest, "send multipart/form-data with a 'file' part and a 'name' field.");
        }

        if (http.Request.ContentLength > _state.Samples.MaxBytes + 1024 * 1024)
        {
            var tooLarge = Fail(request, StatusCodes.Status413PayloadTooLarge, $"the archive is larger than the maximum of {_state.Samples.MaxBytes} bytes.");
            tooLarge.CloseConnection = true;
            return tooLarge;
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return Fail(request, StatusCodes.Status400BadRequest, "the multipart body is malformed: " + ex.Message);
        }

        var file = form.Files.GetFile("file");
        var name = form["name"].FirstOrDefault();
        if (file is null || file.Length == 0)
        {
            return Fail(request, StatusCodes.Status400BadRequest, "the 'file' part with the archive is missing or empty.");
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            return Fail(request, StatusCodes.Status400BadRequest, "name is required: add a 'name' form field, e.g. the archive's file name.");
        }

        var confidentialText = form["is_confidential"].FirstOrDefault();
        if (confidentialText is not null && !bool.TryParse(confidentialText, out _))
        {
            return Fail(request, StatusCodes.Status400BadRequest, "is_confidential must be true or false.");
        }

        byte[] content;
        using (var buffer = new MemoryStream())
        {
            await file.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
            content = buffer.ToArray();
        }

        var password = form["password"].FirstOrDefault();
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        var archive = Open(sha, name, content, string.IsNullOrEmpty(password) ? null : password, request.ReceivedAt);
        Store[sha] = archive;
        return Envelope.Ok(request, StatusCodes.Status200OK, Envelope.Meta(request, poweredBy: null), new JsonArray(ArchiveJson(archive, includeFiles: true)));
    }

    /// <summary>Opens the zip with the password: every entry must list and decrypt, else the archive is "failed" with why.</summary>
    private static StoredArchive Open(string sha, string name, byte[] content, string? password, DateTimeOffset at)
    {
        try
        {
            var entries = ZipReader.List(content);
            foreach (var entry in entries)
            {
                _ = ZipReader.Extract(content, entry, password);
            }

            return new StoredArchive(sha, name, content, password, at, entries, entries.Count == 0 ? "failed" : "done", entries.Count == 0 ? "the archive holds no file." : null);
        }
        catch (ZipReader.WrongPasswordException ex)
        {
            return new StoredArchive(sha, name, content, password, at, [], "failed", "wrong password: " + ex.Message);
        }
        catch (ZipReader.ZipException ex)
        {
            return new StoredArchive(sha, name, content, password, at, [], "failed", "the archive cannot be read: " + ex.Message);
        }
    }

    private static JsonObject ArchiveJson(StoredArchive archive, bool includeFiles)
    {
        var json = new JsonObject
        {
            ["sha256"] = archive.Sha256,
            ["name"] = archive.Name,
            ["mime_type"] = "application/zip",
            ["size"] = archive.Content.LongLength,
            ["status"] = archive.Status,
            ["upload_timestamp"] = Envelope.Timestamp(archive.UploadedAt),
        };
        if (archive.Error is not null)
        {
            json["error"] = archive.Error;
        }

        if (includeFiles)
        {
            json["files"] = Envelope.Strings(archive.Entries.Select(e => e.Name));
        }

        return json;
    }

    private bool TryFind(ApiRequest request, out StoredArchive archive, out ApiResponse? refused)
    {
        archive = null!;
        refused = null;
        var id = request.Query("id");
        if (string.IsNullOrWhiteSpace(id))
        {
            refused = Fail(request, StatusCodes.Status400BadRequest, "id is required: pass the archive's SHA-256 as ?id=<sha256>.");
            return false;
        }

        if (!Store.TryGetValue(id, out archive!))
        {
            refused = Fail(request, StatusCodes.Status404NotFound, $"archive {id} not found.");
            return false;
        }

        return true;
    }

    private ApiResponse GetArchive(ApiRequest request) =>
        TryFind(request, out var archive, out var refused)
            ? Envelope.Ok(request, StatusCodes.Status200OK, Envelope.Meta(request, poweredBy: null),
                new JsonArray(ArchiveJson(archive, string.Equals(request.Query("include_files"), "true", StringComparison.OrdinalIgnoreCase))))
            : refused!;

    private ApiResponse DeleteArchive(ApiRequest request)
    {
        if (!TryFind(request, out var archive, out var refused))
        {
            return refused!;
        }

        Store.TryRemove(archive.Sha256, out _);
        return Envelope.Ok(request, StatusCodes.Status202Accepted, Envelope.Meta(request, poweredBy: null), Envelope.Strings([archive.Sha256]));
    }

    private static bool TryPage(ApiRequest request, out int offset, out int limit, out ApiResponse? refused)
    {
        refused = null;
        offset = 0;
        limit = 100;
        if ((request.Query("limit") is { } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > 5000))
            || (request.Query("offset") is { } o && !int.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out offset)))
        {
            refused = Fail(request, StatusCodes.Status400BadRequest, "limit must be 1 to 5000 and offset 0 or more.");
            return false;
        }

        return true;
    }

    private ApiResponse ListFiles(ApiRequest request)
    {
        if (!TryFind(request, out var archive, out var refused) || !TryPage(request, out var offset, out var limit, out refused))
        {
            return refused!;
        }

        var page = archive.Entries.Skip(offset).Take(limit).Select(e => e.Name);
        return Envelope.Ok(request, StatusCodes.Status200OK, Envelope.Meta(request, poweredBy: null, pagination: Pagination(offset, limit, archive.Entries.Count)), Envelope.Strings(page));
    }

    private static JsonObject Pagination(int offset, int limit, int total) => new() { ["offset"] = offset, ["limit"] = limit, ["total"] = total };

    private async Task<ApiResponse> ExtractAsync(ApiRequest request)
    {
        var body = await JsonBody.ReadAsync(request).ConfigureAwait(false);
        if (body.Error is not null)
        {
            return Fail(request, StatusCodes.Status400BadRequest, body.Error);
        }

        if (body.Document is not JsonObject document || document["sha256"] is not JsonValue shaNode || shaNode.GetValueKind() != JsonValueKind.String)
        {
            return Fail(request, StatusCodes.Status400BadRequest, "send {\"sha256\":\"<archive sha256>\", \"extract_all\": true} or a list of files.");
        }

        var sha = shaNode.GetValue<string>();
        if (!Store.TryGetValue(sha, out var archive))
        {
            return Fail(request, StatusCodes.Status404NotFound, $"archive {sha} not found: upload it first with POST /archives/entities/archives/v2.");
        }

        if (archive.Status != "done")
        {
            return Fail(request, StatusCodes.Status400BadRequest, $"archive {sha} cannot be extracted: {archive.Error}");
        }

        var all = document["extract_all"] is JsonValue e && e.GetValueKind() == JsonValueKind.True;
        var wanted = new List<(string Name, string? Comment, bool Confidential)>();
        if (document["files"] is JsonArray files)
        {
            foreach (var item in files)
            {
                if (item is not JsonObject f || f["name"] is not JsonValue n || n.GetValueKind() != JsonValueKind.String)
                {
                    return Fail(request, StatusCodes.Status400BadRequest, "each element of files needs a name.");
                }

                wanted.Add((n.GetValue<string>(), f["comment"]?.ToString(), f["is_confidential"] is not JsonValue c || c.GetValueKind() != JsonValueKind.False));
            }
        }

        if (!all && wanted.Count == 0)
        {
            return Fail(request, StatusCodes.Status400BadRequest, "set extract_all to true or list the files to extract.");
        }

        if (all)
        {
            wanted = archive.Entries.Select(x => (x.Name, (string?)null, true)).ToList();
        }

        var results = new JsonArray();
        foreach (var (name, comment, confidential) in wanted)
        {
            var entry = archive.Entries.FirstOrDefault(x => x.Name == name);
            var result = new JsonObject { ["name"] = name, ["extract_timestamp"] = Envelope.Timestamp(request.ReceivedAt) };
            if (entry is null)
            {
                result["status"] = "failed";
                result["error"] = "file not found in the archive.";
            }
            else
            {
                var bytes = ZipReader.Extract(archive.Content, entry, archive.Password);
                var saved = await _state.Samples.SaveAsync(new MemoryStream(bytes), Path.GetFileName(name), comment, confidential, request.ReceivedAt, request.Http.RequestAborted).ConfigureAwait(false);
                if (saved.Sample is { } sample)
                {
                    result["status"] = "done";
                    result["sha256"] = sample.Sha256;
                }
                else
                {
                    result["status"] = "failed";
                    result["error"] = saved.Status == SampleStore.SaveStatus.Empty ? "the file is empty." : "the file is too large.";
                }
            }

            results.Add(result);
        }

        var extraction = new StoredExtraction(Guid.NewGuid().ToString("N"), archive.Sha256, request.ReceivedAt, results, "done");
        Extractions[extraction.Id] = extraction;
        return Envelope.Ok(request, StatusCodes.Status200OK, Envelope.Meta(request, poweredBy: null), new JsonArray(ExtractionJson(extraction, includeFiles: true)));
    }

    private static JsonObject ExtractionJson(StoredExtraction extraction, bool includeFiles)
    {
        var json = new JsonObject
        {
            ["id"] = extraction.Id,
            ["status"] = extraction.Status,
            ["extract_timestamp"] = Envelope.Timestamp(extraction.At),
        };
        if (includeFiles)
        {
            json["files"] = extraction.Files.DeepClone();
        }

        return json;
    }

    private bool TryFindExtraction(ApiRequest request, out StoredExtraction extraction, out ApiResponse? refused)
    {
        extraction = null!;
        refused = null;
        var id = request.Query("id");
        if (string.IsNullOrWhiteSpace(id))
        {
            refused = Fail(request, StatusCodes.Status400BadRequest, "id is required: pass the extraction id as ?id=<id>.");
            return false;
        }

        if (!Extractions.TryGetValue(id, out extraction!))
        {
            refused = Fail(request, StatusCodes.Status404NotFound, $"extraction {id} not found.");
            return false;
        }

        return true;
    }

    private ApiResponse GetExtraction(ApiRequest request) =>
        TryFindExtraction(request, out var extraction, out var refused)
            ? Envelope.Ok(request, StatusCodes.Status200OK, Envelope.Meta(request, poweredBy: null),
                new JsonArray(ExtractionJson(extraction, string.Equals(request.Query("include_files"), "true", StringComparison.OrdinalIgnoreCase))))
            : refused!;

    private ApiResponse ExtractionFiles(ApiRequest request)
    {
        if (!TryFindExtraction(request, out var extraction, out var refused) || !TryPage(request, out var offset, out var limit, out refused))
        {
            return refused!;
        }

        var page = new JsonArray(extraction.Files.Skip(offset).Take(limit).Select(f => f!.DeepClone()).ToArray());
        return Envelope.Ok(request, StatusCodes.Status200OK, Envelope.Meta(request, poweredBy: null, pagination: Pagination(offset, limit, extraction.Files.Count)), page);
    }
}
