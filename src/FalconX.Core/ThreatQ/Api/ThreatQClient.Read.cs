using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Client;

namespace FalconX.ThreatQ.Api;

public sealed partial class ThreatQClient
{
    private const string IndicatorDetail = "attributes,sources,tags,score,type,status";

    /// <summary>
    /// Indicators matching the query, page by page: <c>POST /api/indicators/query?limit=&amp;offset=</c> with
    /// <c>criteria</c> (value) and <c>filters</c> (type, status, tag), as ThreatQ's own integrations query
    /// (PEERS.md §1.3 "Query"). Each value of <see cref="ThreatQIndicatorQuery.Values"/> is one query.
    /// </summary>
    public async IAsyncEnumerable<ThreatQIndicator> GetIndicatorsAsync(ThreatQIndicatorQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        var pageSize = Math.Max(1, Math.Min(1000, query.PageSize));
        var returned = 0;
        var values = query.Values.Count == 0 ? new string?[] { null } : query.Values.Select(v => (string?)v.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        foreach (var value in values)
        {
            var offset = 0;
            while (true)
            {
                var body = QueryBody(value, query);
                var root = await SendJsonAsync(HttpMethod.Post, $"api/indicators/query?limit={pageSize}&offset={offset}&sort=id&with={IndicatorDetail}", body, safeToRepeat: true, cancellationToken).ConfigureAwait(false);
                var page = DataList(root);
                foreach (var item in page)
                {
                    var indicator = ReadIndicator(item);
                    // The filters are checked here too: a ThreatQ version that ignores one must not widen the result.
                    if (!Matches(indicator, value, query))
                    {
                        continue;
                    }

                    yield return indicator;
                    if (query.First > 0 && ++returned >= query.First)
                    {
                        yield break;
                    }
                }

                offset += page.Count;
                var total = Json.Number(root, "total");
                if (page.Count < pageSize || (total is double t && offset >= t))
                {
                    break;
                }
            }
        }
    }

    /// <summary>One indicator with its attributes, sources, tags and score (<c>GET /api/indicators/{id}?with=...</c>).</summary>
    public async Task<ThreatQIndicator> GetIndicatorAsync(long id, CancellationToken cancellationToken = default)
    {
        var root = await SendJsonAsync(HttpMethod.Get, $"api/indicators/{id.ToString(CultureInfo.InvariantCulture)}?with={IndicatorDetail}", null, safeToRepeat: true, cancellationToken).ConfigureAwait(false);
        return ReadIndicator(DataObject(root));
    }

    /// <summary>
    /// Attachments matching the query: by id (<c>GET /api/attachments/{id}</c>) or listed page by page
    /// (<c>GET /api/attachments?limit=&amp;offset=</c> with name, type and tag filters, also checked here).
    /// </summary>
    public async IAsyncEnumerable<ThreatQAttachment> GetAttachmentsAsync(ThreatQAttachmentQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        if (query.Ids.Count > 0)
        {
            foreach (var id in query.Ids)
            {
                var root = await SendJsonAsync(HttpMethod.Get, $"api/attachments/{id.ToString(CultureInfo.InvariantCulture)}?with=tags,type", null, safeToRepeat: true, cancellationToken).ConfigureAwait(false);
                var attachment = ReadAttachment(DataObject(root));
                if (Matches(attachment, query))
                {
                    yield return attachment;
                }
            }

            yield break;
        }

        var pageSize = Math.Max(1, Math.Min(1000, query.PageSize));
        var offset = 0;
        var returned = 0;
        while (true)
        {
            var filters = new StringBuilder();
            Append(filters, "name", query.Name);
            Append(filters, "type_name", query.Type);
            Append(filters, "tag", query.Tag);
            var root = await SendJsonAsync(HttpMethod.Get, $"api/attachments?limit={pageSize}&offset={offset}&sort=id&with=tags,type{filters}", null, safeToRepeat: true, cancellationToken).ConfigureAwait(false);
            var page = DataList(root);
            foreach (var item in page)
            {
                var attachment = ReadAttachment(item);
                if (!Matches(attachment, query))
                {
                    continue;
                }

                yield return attachment;
                if (query.First > 0 && ++returned >= query.First)
                {
                    yield break;
                }
            }

            offset += page.Count;
            var total = Json.Number(root, "total");
            if (page.Count < pageSize || (total is double t && offset >= t))
            {
                yield break;
            }
        }

        static void Append(StringBuilder text, string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                text.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value!.Trim()));
            }
        }
    }

    /// <summary>
    /// Downloads an attachment (<c>GET /api/attachments/{id}/download</c>) into a new private temporary folder, under
    /// its own name, computing the SHA-256 while the bytes stream in. Nothing is kept when the download fails, is
    /// cancelled or passes <paramref name="maxBytes"/>. Dispose the result to delete the file.
    /// </summary>
    public async Task<ThreatQDownloadedFile> DownloadAttachmentAsync(ThreatQAttachment attachment, long maxBytes = long.MaxValue, Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        if (attachment is null)
        {
            throw new ArgumentNullException(nameof(attachment));
        }

        if (attachment.FileSize is long size && size > maxBytes)
        {
            throw TooBig(attachment, size, maxBytes);
        }

        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "falconx-tq-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, SafeFileName(attachment.Name, attachment.ThreatQId));
        var done = false;
        try
        {
            using var response = await SendAsync(HttpMethod.Get, $"api/attachments/{attachment.ThreatQId.ToString(CultureInfo.InvariantCulture)}/download", null, safeToRepeat: true, authenticated: true, streaming: true, cancellationToken).ConfigureAwait(false);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long length = 0;
            using (var source = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await source.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                    if (length > maxBytes)
                    {
                        throw TooBig(attachment, length, maxBytes);
                    }

                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
                    progress?.Invoke(length);
                }
            }

            var file = new ThreatQDownloadedFile(path, length, HashingReadStream.ToHex(hash.GetHashAndReset()));
            done = true;
            return file;
        }
        catch (IOException ex) when (ex is not FileNotFoundException)
        {
            throw new ThreatQApiException(FalconXErrorKind.Transport, $"The download of attachment '{attachment.Name}' (ThreatQ id {attachment.ThreatQId}) broke off: {TransportFailures.Describe(ex)}. Nothing was kept; run the command again.", null, "GET", $"/api/attachments/{attachment.ThreatQId}/download", innerException: ex);
        }
        finally
        {
            if (!done)
            {
                ThreatQDownloadedFile.DeleteQuietly(path);
            }
        }
    }

    private static ThreatQApiException TooBig(ThreatQAttachment attachment, long size, long maxBytes) =>
        new(FalconXErrorKind.InvalidRequest, $"Attachment '{attachment.Name}' (ThreatQ id {attachment.ThreatQId}) is {ByteSizeText.Format(size)}{(size > maxBytes && attachment.FileSize is null ? " or more" : string.Empty)}, larger than the {ByteSizeText.Format(maxBytes)} allowed; it was not downloaded.");

    private static string SafeFileName(string name, long id)
    {
        var clean = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            clean.Append(Array.IndexOf(System.IO.Path.GetInvalidFileNameChars(), c) >= 0 || c == '/' || c == '\\' ? '_' : c);
        }

        var text = clean.ToString().Trim().Trim('.');
        return text.Length == 0 ? "attachment-" + id.ToString(CultureInfo.InvariantCulture) : text;
    }

    private static string QueryBody(string? value, ThreatQIndicatorQuery query)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("criteria");
            if (value is not null)
            {
                writer.WriteString("value", value);
            }

            writer.WriteEndObject();
            writer.WriteStartObject("filters");
            if (!string.IsNullOrWhiteSpace(query.Type))
            {
                writer.WriteString("type_name", query.Type!.Trim());
            }

            if (!string.IsNullOrWhiteSpace(query.Status))
            {
                writer.WriteString("status_name", query.Status!.Trim());
            }

            if (!string.IsNullOrWhiteSpace(query.Tag))
            {
                writer.WriteString("tags", query.Tag!.Trim());
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static bool Matches(ThreatQIndicator indicator, string? value, ThreatQIndicatorQuery query) =>
        (value is null || string.Equals(indicator.Value, value, StringComparison.OrdinalIgnoreCase)) &&
        Same(indicator.Type, query.Type) &&
        Same(indicator.Status, query.Status) &&
        (string.IsNullOrWhiteSpace(query.Tag) || indicator.Tags.Contains(query.Tag!.Trim(), StringComparer.OrdinalIgnoreCase));

    private static bool Matches(ThreatQAttachment attachment, ThreatQAttachmentQuery query) =>
        Same(attachment.Name, query.Name) &&
        Same(attachment.Type, query.Type) &&
        (string.IsNullOrWhiteSpace(query.Tag) || attachment.Tags.Contains(query.Tag!.Trim(), StringComparer.OrdinalIgnoreCase));

    private static bool Same(string? actual, string? wanted) =>
        string.IsNullOrWhiteSpace(wanted) || string.Equals(actual, wanted!.Trim(), StringComparison.OrdinalIgnoreCase);

    private ThreatQIndicator ReadIndicator(JsonElement item)
    {
        var id = Json.Id(item);
        var attributes = new List<ThreatQAttribute>();
        if (item.TryGetProperty("attributes", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var attribute in list.EnumerateArray())
            {
                if (Json.String(attribute, "name") is string name && Json.String(attribute, "value") is string value)
                {
                    attributes.Add(new ThreatQAttribute(name, value));
                }
            }
        }

        double? score = null;
        if (item.TryGetProperty("score", out var scoreElement))
        {
            score = scoreElement.ValueKind == JsonValueKind.Number ? scoreElement.GetDouble()
                : scoreElement.ValueKind == JsonValueKind.Object ? Max(Json.Number(scoreElement, "generated_score"), Json.Number(scoreElement, "manual_score"))
                : null;
        }

        return new ThreatQIndicator
        {
            ThreatQId = id,
            Type = Json.Name(item, "type"),
            Value = Json.String(item, "value") ?? string.Empty,
            Status = Json.Name(item, "status"),
            Score = score,
            Tags = Json.Names(item, "tags"),
            Sources = Json.Names(item, "sources"),
            Attributes = attributes,
            CreatedAt = Json.Time(item, "created_at"),
            Link = ThreatQCollections.Link(BaseUrl, ThreatQCollections.Indicators, id),
        };
    }

    private static double? Max(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private ThreatQAttachment ReadAttachment(JsonElement item)
    {
        var id = Json.Id(item);
        return new ThreatQAttachment
        {
            ThreatQId = id,
            Name = Json.String(item, "name") ?? Json.String(item, "title") ?? "attachment-" + id.ToString(CultureInfo.InvariantCulture),
            Title = Json.String(item, "title"),
            Type = Json.Name(item, "type") ?? Json.Name(item, "attachment_type"),
            FileSize = Json.Number(item, "file_size") is double size ? (long)size : null,
            Md5 = Json.String(item, "hash"),
            Tags = Json.Names(item, "tags"),
            CreatedAt = Json.Time(item, "created_at"),
            Link = ThreatQCollections.Link(BaseUrl, ThreatQCollections.Attachments, id),
            Client = this,
        };
    }

    /// <summary>The <c>data</c> list of an answer (or the answer itself when it is a list).</summary>
    internal static IReadOnlyList<JsonElement> DataList(JsonElement root)
    {
        var data = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var d) ? d : root;
        if (data.ValueKind == JsonValueKind.Array)
        {
            return data.EnumerateArray().ToList();
        }

        return data.ValueKind == JsonValueKind.Object ? new[] { data } : Array.Empty<JsonElement>();
    }

    private static JsonElement DataObject(JsonElement root)
    {
        var data = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var d) ? d : root;
        if (data.ValueKind == JsonValueKind.Array && data.GetArrayLength() > 0)
        {
            return data[0];
        }

        return data;
    }
}
