using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace FalconX.Emulator;

/// <summary>
/// /samples/entities/samples/v2 and v3 (upload, download, delete) and /samples/queries/samples/GET/v1.
/// Uploads are accepted in both forms real clients use: multipart (FalconPy, rapid7) and a raw
/// application/octet-stream body with file_name in the query string (PSFalcon, XSOAR).
/// </summary>
internal sealed class SampleEndpoints
{
    /// <summary>Room for the multipart boundaries and form fields around a sample of the maximum size.</summary>
    private const long MultipartOverhead = 1024 * 1024;
    private const int MaxFieldBytes = 64 * 1024;
    private const int MaxQueryHashes = 200;

    private readonly EmulatorState _state;

    public SampleEndpoints(EmulatorState state) => _state = state;

    public void Map(RouteTable routes)
    {
        foreach (var version in new[] { "v2", "v3" })
        {
            var path = "/samples/entities/samples/" + version;
            routes.Map("POST", path, UploadAsync);
            routes.Map("GET", path, DownloadAsync);
            routes.Map("DELETE", path, DeleteAsync);
        }

        routes.Map("POST", "/samples/queries/samples/GET/v1", QueryAsync);
    }

    private async Task<ApiResponse> UploadAsync(ApiRequest request)
    {
        var http = request.Http;
        var max = _state.Samples.MaxBytes;
        var isMultipart = http.Request.HasFormContentType && (http.Request.ContentType ?? string.Empty).StartsWith("multipart/", StringComparison.OrdinalIgnoreCase);
        var declared = http.Request.ContentLength;
        if (declared > max + (isMultipart ? MultipartOverhead : 0))
        {
            return TooLarge(request);
        }

        if (isMultipart)
        {
            return await UploadMultipartAsync(request).ConfigureAwait(false);
        }

        var mediaType = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        if (!string.Equals(mediaType, "application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(request, StatusCodes.Status400BadRequest,
                $"unsupported Content-Type '{http.Request.ContentType}': send multipart/form-data with a 'sample' part, or application/octet-stream with file_name in the query string.");
        }

        var fileName = request.Query("file_name");
        if (fileName is null)
        {
            return Refuse(request, StatusCodes.Status400BadRequest, "file_name is required: add ?file_name=<name> to an application/octet-stream upload.");
        }

        if (!TryParseConfidential(request.Query("is_confidential"), out var confidential))
        {
            return Refuse(request, StatusCodes.Status400BadRequest, "is_confidential must be true or false.");
        }

        var result = await _state.Samples.SaveAsync(http.Request.Body, fileName, request.Query("comment"), confidential, request.ReceivedAt, http.RequestAborted).ConfigureAwait(false);
        return Answer(request, result, fileName);
    }

    private async Task<ApiResponse> UploadMultipartAsync(ApiRequest request)
    {
        var http = request.Http;
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(http.Request.ContentType).Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return Refuse(request, StatusCodes.Status400BadRequest, "the multipart Content-Type has no boundary.");
        }

        var reader = new MultipartReader(boundary, http.Request.Body) { HeadersLengthLimit = MaxFieldBytes };
        string? fileName = request.Query("file_name");
        string? partFileName = null;
        var comment = request.Query("comment");
        var confidentialText = request.Query("is_confidential");
        SampleStore.SaveResult? saved = null;
        try
        {
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(http.RequestAborted).ConfigureAwait(false)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (string.Equals(name, "sample", StringComparison.OrdinalIgnoreCase) || (name is null or "file" && disposition.IsFileDisposition()))
                {
                    if (saved is not null)
                    {
                        return Refuse(request, StatusCodes.Status400BadRequest, "send one 'sample' part per upload.");
                    }

                    partFileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                    saved = await _state.Samples.SaveAsync(section.Body, "pending", null, true, request.ReceivedAt, http.RequestAborted).ConfigureAwait(false);
                    if (saved.Value.Status == SampleStore.SaveStatus.TooLarge)
                    {
                        return TooLarge(request);
                    }

                    continue;
                }

                var value = await ReadFieldAsync(section, request).ConfigureAwait(false);
                switch (name)
                {
                    case "file_name": fileName = value; break;
                    case "comment": comment = value; break;
                    case "is_confidential": confidentialText = value; break;
                    default: break;
                }
            }
        }
        catch (IOException ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            return Refuse(request, StatusCodes.Status400BadRequest, "the multipart body is malformed: " + ex.Message);
        }
        catch (InvalidDataException ex)
        {
            return Refuse(request, StatusCodes.Status400BadRequest, "the multipart body is malformed: " + ex.Message);
        }

        if (saved is null)
        {
            return Refuse(request, StatusCodes.Status400BadRequest, "the multipart body has no 'sample' part holding the file.");
        }

        fileName ??= string.IsNullOrEmpty(partFileName) ? null : partFileName;
        if (!TryParseConfidential(confidentialText, out var confidential) || fileName is null)
        {
            // The bytes stay stored under their hash (another upload may share them); only this answer fails.
            return Refuse(request, StatusCodes.Status400BadRequest, fileName is null
                ? "file_name is required: add a 'file_name' form field."
                : "is_confidential must be true or false.");
        }

        var result = saved.Value;
        if (result.Sample is { } sample)
        {
            result = result with { Sample = _state.Samples.Rename(sample, fileName, comment, confidential) };
        }

        return Answer(request, result, fileName);
    }

    private ApiResponse Answer(ApiRequest request, SampleStore.SaveResult result, string fileName)
    {
        switch (result.Status)
        {
            case SampleStore.SaveStatus.TooLarge:
                return TooLarge(request);
            case SampleStore.SaveStatus.Empty:
                return Envelope.Error(request, StatusCodes.Status400BadRequest, "the sample is empty: upload a file with content.", poweredBy: null, withResources: true);
            default:
                _state.Stats.Uploaded();
                var sample = result.Sample!;
                return Envelope.Ok(request, StatusCodes.Status200OK, Envelope.Meta(request, poweredBy: null),
                    new JsonArray(new JsonObject { ["sha256"] = sample.Sha256, ["file_name"] = fileName }));
        }
    }

    private ApiResponse TooLarge(ApiRequest request) =>
        Refuse(request, StatusCodes.Status413PayloadTooLarge,
            $"the sample is larger than the maximum of {_state.Samples.MaxBytes / (1024 * 1024)} MB ({_state.Samples.MaxBytes} bytes).");

    /// <summary>An error that leaves the rest of the body unread, so the connection is closed rather than drained.</summary>
    private static ApiResponse Refuse(ApiRequest request, int status, string message)
    {
        var response = Envelope.Error(request, status, message, poweredBy: null, withResources: true);
        response.CloseConnection = true;
        return response;
    }

    private static async Task<string> ReadFieldAsync(MultipartSection section, ApiRequest request)
    {
        using var reader = new StreamReader(section.Body, Encoding.UTF8);
        var buffer = new char[MaxFieldBytes];
        var length = await reader.ReadBlockAsync(buffer.AsMemory(), request.Http.RequestAborted).ConfigureAwait(false);
        return new string(buffer, 0, length);
    }

    private static bool TryParseConfidential(string? text, out bool confidential)
    {
        // The API defaults to confidential, and FalconPy never sends false: absence means true.
        confidential = true;
        return text is null || bool.TryParse(text.Trim(), out confidential);
    }

    private async Task<ApiResponse> DownloadAsync(ApiRequest request)
    {
        var sha = request.Query("ids");
        if (sha is null)
        {
            return Envelope.Error(request, StatusCodes.Status400BadRequest, "ids is required: pass one SHA-256 as ?ids=<sha256>.", poweredBy: null);
        }

        var protectedText = request.Query("password_protected");
        if (protectedText is not null && !bool.TryParse(protectedText, out _))
        {
            return Envelope.Error(request, StatusCodes.Status400BadRequest, "password_protected must be true or false.", poweredBy: null);
        }

        var zip = string.Equals(protectedText, "true", StringComparison.OrdinalIgnoreCase);
        byte[]? content = null;
        if (_state.Samples.TryGet(sha, out var sample))
        {
            if (!zip)
            {
                return ApiResponse.File("application/octet-stream", sample.FilePath)
                    .With("Content-Disposition", $"attachment; filename=\"{sample.Sha256}\"");
            }

            content = await File.ReadAllBytesAsync(sample.FilePath, request.Http.RequestAborted).ConfigureAwait(false);
        }
        else if (DroppedFiles.TryFind(_state.Submissions.All(), sha, request.ReceivedAt, out var dropped))
        {
            // Files a detonation dropped are downloadable by their SHA-256 like uploads (file_available_to_download).
            content = dropped;
        }

        if (content is null)
        {
            return Envelope.Error(request, StatusCodes.Status404NotFound, $"sample {sha} not found.", poweredBy: null);
        }

        var name = sha.ToLowerInvariant();
        return zip
            ? ApiResponse.Bytes(StatusCodes.Status200OK, "application/zip", ZipCrypto.WriteEncryptedZip(name, content, "infected", request.ReceivedAt.UtcDateTime))
                .With("Content-Disposition", $"attachment; filename=\"{name}.zip\"")
            : ApiResponse.Bytes(StatusCodes.Status200OK, "application/octet-stream", content)
                .With("Content-Disposition", $"attachment; filename=\"{name}\"");
    }

    private Task<ApiResponse> DeleteAsync(ApiRequest request)
    {
        var sha = request.Query("ids");
        if (sha is null)
        {
            return Task.FromResult(Envelope.Error(request, StatusCodes.Status400BadRequest, "ids is required: pass one SHA-256 as ?ids=<sha256>.", poweredBy: null, withResources: true));
        }

        if (!_state.Samples.Delete(sha))
        {
            return Task.FromResult(Envelope.Error(request, StatusCodes.Status404NotFound, $"sample {sha} not found.", poweredBy: null, withResources: true));
        }

        return Task.FromResult(Envelope.Ok(request, StatusCodes.Status200OK, Envelope.Meta(request, poweredBy: null), Envelope.Strings([sha.ToLowerInvariant()])));
    }

    private async Task<ApiResponse> QueryAsync(ApiRequest request)
    {
        var body = await JsonBody.ReadAsync(request).ConfigureAwait(false);
        if (body.Error is not null)
        {
            return Envelope.Error(request, StatusCodes.Status400BadRequest, body.Error, poweredBy: null, withResources: true);
        }

        if (body.Document is not JsonObject query || query["sha256s"] is not JsonArray hashes || hashes.Any(h => h is not JsonValue))
        {
            return Envelope.Error(request, StatusCodes.Status400BadRequest, "send {\"sha256s\": [\"<sha256>\", ...]}.", poweredBy: null, withResources: true);
        }

        if (hashes.Count > MaxQueryHashes)
        {
            return Envelope.Error(request, StatusCodes.Status400BadRequest, $"at most {MaxQueryHashes} sha256s per request; got {hashes.Count}.", poweredBy: null, withResources: true);
        }

        var found = hashes.Select(h => h!.ToString()).Where(h => _state.Samples.TryGet(h, out _)).Select(h => h.ToLowerInvariant());
        return Envelope.Ok(request, StatusCodes.Status200OK, Envelope.Meta(request, poweredBy: null), Envelope.Strings(found));
    }
}

/// <summary>Reads a small JSON request body with a clear message for each way it can be wrong.</summary>
internal static class JsonBody
{
    private const int MaxBytes = 1024 * 1024;

    public readonly record struct Result(JsonNode? Document, string? Error);

    public static async Task<Result> ReadAsync(ApiRequest request)
    {
        var http = request.Http;
        var mediaType = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        if (!string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return new Result(null, $"unsupported Content-Type '{http.Request.ContentType}': send application/json.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false)) > 0)
        {
            await buffer.WriteAsync(chunk.AsMemory(0, read), http.RequestAborted).ConfigureAwait(false);
            if (buffer.Length > MaxBytes)
            {
                return new Result(null, "the JSON body is larger than 1 MB.");
            }
        }

        if (buffer.Length == 0)
        {
            return new Result(null, "the request body is empty: send a JSON document.");
        }

        try
        {
            return new Result(JsonNode.Parse(buffer.ToArray()), null);
        }
        catch (JsonException ex)
        {
            return new Result(null, "the body is not valid JSON: " + ex.Message);
        }
    }
}
