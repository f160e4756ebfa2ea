using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using static ThreatQ.Emulator.TqNodes;

namespace ThreatQ.Emulator;

/// <summary>The attachment (file) routes: multipart upload, the SDK's two-step upload, and download.</summary>
internal sealed partial class TqApi
{
    /// <summary>Files sent to POST /api/attachments/upload, waiting for the POST /api/attachments that names them.</summary>
    private readonly ConcurrentDictionary<string, (string Path, long Size, string Md5)> _staged = new(StringComparer.Ordinal);

    /// <summary>
    /// POST /api/attachments: multipart with a <c>file</c> part and <c>name</c>, <c>title</c>, <c>type</c> (name) or
    /// <c>type_id</c>, <c>malware_locked</c> 0/1, optional <c>tags</c>/<c>sources</c> (comma-separated); or JSON naming a
    /// file staged by POST /api/attachments/upload (the SDK's two steps).
    /// </summary>
    private async Task<TqResponse> UploadAttachmentAsync(TqCall call)
    {
        var request = call.Http.Request;
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        (string Path, long Size, string Md5)? stored = null;
        string? fileName = null;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(call.Http.RequestAborted).ConfigureAwait(false);
            foreach (var (key, value) in form)
            {
                fields[key] = value.ToString();
            }

            var file = form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null);
            if (file is null)
            {
                return TqResponse.Ok(TqJson.Validation(new Dictionary<string, List<string>> { ["file"] = ["The file field is required."] }), 422);
            }

            fileName = file.FileName;
            var saved = await SaveAsync(file.OpenReadStream(), call).ConfigureAwait(false);
            if (saved is null)
            {
                return TooLarge();
            }

            stored = saved;
        }
        else if (await call.JsonBodyAsync().ConfigureAwait(false) is JsonObject json)
        {
            foreach (var (key, value) in json)
            {
                if (value is JsonValue)
                {
                    fields[key] = value.ToString();
                }
                else if (value is JsonArray list)
                {
                    fields[key] = string.Join(',', list.Select(n => Text(n is JsonObject o ? o["name"] : n)));
                }
            }

            fileName = fields.GetValueOrDefault("name");
            if (fileName is not null && _staged.TryRemove(fileName, out var staged))
            {
                stored = staged;
            }
            else
            {
                return TqResponse.Ok(TqJson.Validation(new Dictionary<string, List<string>> { ["name"] = [$"No uploaded file named '{fileName}'; send it to POST /api/attachments/upload first, or upload it as multipart."] }), 422);
            }
        }
        else
        {
            return TqResponse.Ok(TqJson.Validation(new Dictionary<string, List<string>> { ["file"] = ["The file field is required."] }), 422);
        }

        var name = fields.GetValueOrDefault("name") is { Length: > 0 } n ? n : fileName ?? "attachment";
        var typeText = fields.GetValueOrDefault("type") ?? fields.GetValueOrDefault("type_name");
        var type = fields.GetValueOrDefault("type_id") is { } typeId && int.TryParse(typeId, NumberStyles.None, CultureInfo.InvariantCulture, out var tid)
            ? TqCatalog.AttachmentTypes.FirstOrDefault(t => t.Id == tid)
            : TqCatalog.AttachmentType(typeText);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (type is null)
        {
            errors["type"] = [typeText is null && !fields.ContainsKey("type_id") ? "The type field is required." : "The selected type is invalid; GET /api/attachments/types lists the types."];
        }

        if (_state.Faults.IsRejected(name))
        {
            errors["name"] = [$"The name '{name}' is not accepted."];
        }

        if (errors.Count > 0)
        {
            File.Delete(stored.Value.Path);
            _state.Stats.Rejected();
            return TqResponse.Ok(TqJson.Validation(errors), 422);
        }

        var attachment = Store.Create("attachments", name, type, call.Now, o =>
        {
            o.Title = fields.GetValueOrDefault("title") ?? name;
            o.FileSize = stored.Value.Size;
            o.Md5 = stored.Value.Md5;
            o.FilePath = stored.Value.Path;
            o.ContentType = "application/octet-stream";
            o.MalwareLocked = fields.GetValueOrDefault("malware_locked") is "1" or "true" or "True";
        });
        foreach (var tag in Split(fields.GetValueOrDefault("tags")))
        {
            Store.AddTag(attachment, tag, call.Now);
        }

        foreach (var source in Split(fields.GetValueOrDefault("sources")))
        {
            Store.AddSource(attachment, source, call.Now);
        }

        _state.Stats.Uploaded();
        _state.Stats.Wrote(TqWriteOutcome.Created);
        return TqResponse.Ok(TqJson.List([TqJson.Object(Store, attachment, TqJson.With("type,tags,sources"))]), 201);
    }

    /// <summary>
    /// POST /api/attachments/upload: the SDK's first step, multipart with the file and resumable.js fields
    /// (<c>resumableFilename</c>...). Single-chunk uploads only; the file waits for POST /api/attachments naming it.
    /// </summary>
    private async Task<TqResponse> UploadChunkAsync(TqCall call)
    {
        if (!call.Http.Request.HasFormContentType)
        {
            return TqResponse.Ok(TqJson.Validation(new Dictionary<string, List<string>> { ["file"] = ["Send the file as multipart/form-data."] }), 422);
        }

        var form = await call.Http.Request.ReadFormAsync(call.Http.RequestAborted).ConfigureAwait(false);
        var file = form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null);
        var chunks = form["resumableTotalChunks"].ToString();
        if (file is null)
        {
            return TqResponse.Ok(TqJson.Validation(new Dictionary<string, List<string>> { ["file"] = ["The file field is required."] }), 422);
        }

        if (chunks.Length > 0 && chunks != "1")
        {
            return TqResponse.Ok(TqJson.Validation(new Dictionary<string, List<string>> { ["resumableTotalChunks"] = ["This emulator takes single-chunk uploads only (resumableTotalChunks=1)."] }), 422);
        }

        var name = form["resumableFilename"].ToString() is { Length: > 0 } n ? n : file.FileName;
        var saved = await SaveAsync(file.OpenReadStream(), call).ConfigureAwait(false);
        if (saved is null)
        {
            return TooLarge();
        }

        if (_staged.TryRemove(name, out var previous))
        {
            File.Delete(previous.Path);
        }

        _staged[name] = saved.Value;
        return TqResponse.Ok(new JsonObject { ["data"] = new JsonObject { ["name"] = name, ["file_size"] = saved.Value.Size, ["hash"] = saved.Value.Md5 } }, 201);
    }

    private Task<TqResponse> DownloadAsync(TqCall call)
    {
        var id = IdAt(call, 1);
        if (Store.Find("attachments", id) is not { FilePath: { } path } attachment || !File.Exists(path))
        {
            return Done(NotFound("attachments", id));
        }

        _state.Stats.Downloaded();
        var response = new TqResponse { FilePath = path, ContentType = "application/octet-stream" };
        response.Headers["Content-Disposition"] = "attachment; filename=\"" + attachment.Value.Replace("\"", "'", StringComparison.Ordinal) + "\"";
        return Done(response);
    }

    /// <summary>Streams an upload to the data directory with its MD5; null (and nothing kept) when it is over the size limit.</summary>
    private async Task<(string Path, long Size, string Md5)?> SaveAsync(Stream content, TqCall call)
    {
        var path = Path.Combine(_state.DataDir, Guid.NewGuid().ToString("N"));
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        long size = 0;
        await using (content.ConfigureAwait(false))
        {
            var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
            await using (target.ConfigureAwait(false))
            {
                var buffer = new byte[64 * 1024];
                int read;
                while ((read = await content.ReadAsync(buffer, call.Http.RequestAborted).ConfigureAwait(false)) > 0)
                {
                    size += read;
                    if (size > _state.Options.MaxUploadBytes)
                    {
                        break;
                    }

                    md5.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), call.Http.RequestAborted).ConfigureAwait(false);
                }
            }
        }

        if (size > _state.Options.MaxUploadBytes)
        {
            File.Delete(path);
            return null;
        }

        return (path, size, Convert.ToHexString(md5.GetHashAndReset()).ToLowerInvariant());
    }

    private TqResponse TooLarge() => TqResponse.Error(StatusCodes.Status413PayloadTooLarge, $"The file is larger than the {_state.Options.MaxUploadBytes} bytes this instance accepts.");

    private static string[] Split(string? list) => (list ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
