using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Client;

namespace FalconX.ThreatQ.Api;

/// <summary>
/// Writes consume bodies to ThreatQ (<c>POST /api/{collection}/consume</c>, PEERS.md §1.3), in batches of at most
/// 500 objects, reports first so that later bodies find the reports they link to by value. A consume body is an upsert
/// (same collection, type and value: the same object), so a body whose answer was lost is sent again: ThreatQ merges
/// it into the objects the first copy made, no duplicates. Relationships to the source objects travel inside the
/// bodies (<c>"indicators":[{"id":N}]</c>), so they cost no extra request. A body rejected for one object is sent
/// again without it (the object ThreatQ names, or found by halving the body when it names none); a body that fails for
/// any other reason is reported and the others still go.
/// </summary>
public sealed class ThreatQEntityWriter
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly ThreatQClient _client;

    /// <summary>A writer over a client.</summary>
    public ThreatQEntityWriter(ThreatQClient client) => _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <summary>Called after each body with (objects done, objects in all).</summary>
    public Action<int, int>? Progress { get; set; }

    /// <summary>Writes entities (cut into bodies of at most <paramref name="batchSize"/>).</summary>
    public Task<ThreatQSendResult> SendAsync(IEnumerable<ThreatQEntity> entities, int batchSize = ThreatQConsumePayload.MaxBatchSize, CancellationToken cancellationToken = default) =>
        SendAsync(ThreatQConsumePayload.Create(entities, batchSize), cancellationToken);

    /// <summary>Writes ready consume bodies (ConvertTo-ThreatQEntity -AsConsumePayload), in the order given.</summary>
    public async Task<ThreatQSendResult> SendAsync(IReadOnlyList<ThreatQConsumePayload> payloads, CancellationToken cancellationToken = default)
    {
        if (payloads is null)
        {
            throw new ArgumentNullException(nameof(payloads));
        }

        var result = new ThreatQSendResult();
        var total = payloads.Sum(p => p.Count);
        var done = 0;
        foreach (var payload in payloads)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var document = JsonDocument.Parse(payload.Body);
            var items = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().ToList() : new List<JsonElement> { document.RootElement };
            await SendItemsAsync(payload.Collection, items, result, cancellationToken).ConfigureAwait(false);
            done += payload.Count;
            Progress?.Invoke(done, total);
        }

        return result;
    }

    private async Task SendItemsAsync(string collection, List<JsonElement> items, ThreatQSendResult result, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return;
        }

        JsonElement answer;
        try
        {
            answer = await _client.SendJsonAsync(HttpMethod.Post, "api/" + collection + "/consume", Serialize(items), safeToRepeat: true, cancellationToken).ConfigureAwait(false);
            result.ConsumeCalls++;
        }
        catch (ThreatQApiException ex) when (ex.Kind == FalconXErrorKind.InvalidRequest && ex.StatusCode is int status && status != 413)
        {
            result.ConsumeCalls++;
            if (items.Count == 1)
            {
                result.AddFailed(Failure(collection, items, ex));
                return;
            }

            if (ex.ItemIndex is int index && index >= 0 && index < items.Count)
            {
                // ThreatQ named the object: report it and send the rest again (an upsert, so nothing doubles).
                result.AddFailed(Failure(collection, new List<JsonElement> { items[index] }, Named(ex, collection, items[index])));
                var rest = new List<JsonElement>(items);
                rest.RemoveAt(index);
                await SendItemsAsync(collection, rest, result, cancellationToken).ConfigureAwait(false);
                return;
            }

            // No object named: halve the body until the rejected objects stand alone.
            var half = items.Count / 2;
            await SendItemsAsync(collection, items.GetRange(0, half), result, cancellationToken).ConfigureAwait(false);
            await SendItemsAsync(collection, items.GetRange(half, items.Count - half), result, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (ThreatQApiException ex) when (ex.Kind is not FalconXErrorKind.Authentication)
        {
            result.AddFailed(Failure(collection, items, ex));
            return;
        }

        var written = ThreatQClient.DataList(answer);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var value = Json.String(item, "value") ?? Json.String(item, "name") ?? string.Empty;
            var type = Json.Name(item, "type");
            var match = i < written.Count && Same(written[i], value) ? written[i] : written.FirstOrDefault(w => Same(w, value));
            var id = match.ValueKind == JsonValueKind.Object ? Json.Id(match) : 0;
            result.AddWritten(new ThreatQWrittenObject
            {
                Collection = collection,
                ThreatQId = id,
                Type = collection == ThreatQCollections.Indicators ? type : null,
                Value = value,
                Link = id > 0 ? ThreatQCollections.Link(_client.BaseUrl, collection, id) : string.Empty,
                RelatedTo = LinksOf(item),
            });
        }
    }

    private static bool Same(JsonElement written, string value) =>
        written.ValueKind == JsonValueKind.Object &&
        string.Equals(Json.String(written, "value") ?? Json.String(written, "name"), value, StringComparison.OrdinalIgnoreCase);

    private static IReadOnlyList<ThreatQObjectRef> LinksOf(JsonElement item)
    {
        List<ThreatQObjectRef>? links = null;
        foreach (var collection in new[] { ThreatQCollections.Indicators, ThreatQCollections.Attachments })
        {
            if (item.TryGetProperty(collection, out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var link in list.EnumerateArray())
                {
                    if (Json.Id(link) is long id && id > 0)
                    {
                        (links ??= new List<ThreatQObjectRef>()).Add(new ThreatQObjectRef(collection, id, null, null));
                    }
                }
            }
        }

        return (IReadOnlyList<ThreatQObjectRef>?)links ?? Array.Empty<ThreatQObjectRef>();
    }

    private static ThreatQApiException Named(ThreatQApiException ex, string collection, JsonElement item)
    {
        var type = Json.Name(item, "type");
        var value = Json.String(item, "value") ?? Json.String(item, "name") ?? "?";
        return new ThreatQApiException(ex.Kind, $"ThreatQ rejected {(type is null ? collection : type)} '{value}'; the other objects of its batch were written.", ex.StatusCode, ex.Method, ex.Path, ex.Errors, ex) { ItemIndex = ex.ItemIndex };
    }

    private static ThreatQWriteFailure Failure(string collection, List<JsonElement> items, ThreatQApiException ex)
    {
        var first = items[0];
        var value = Json.String(first, "value") ?? Json.String(first, "name") ?? "?";
        var type = Json.Name(first, "type");
        if (items.Count == 1 && ex.Kind == FalconXErrorKind.InvalidRequest && !ex.Summary.StartsWith("ThreatQ rejected ", StringComparison.Ordinal))
        {
            ex = Named(ex, collection, first);
        }

        return new ThreatQWriteFailure(collection, type, value, items.Count, ex);
    }

    private static string Serialize(List<JsonElement> items)
    {
        using var buffer = new MemoryStream(items.Count * 512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                item.WriteTo(writer);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
