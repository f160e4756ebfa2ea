using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Emulator.Hosting;
using Microsoft.AspNetCore.Http;

namespace ThreatQ.Emulator;

/// <summary>
/// The unauthenticated <c>/_emulator/*</c> routes for tests, the demo and the build: health, shutdown, reset, stats,
/// requests, faults, the stored objects and links, seeding, token expiry and the clock. Never recorded or faulted.
/// </summary>
internal sealed class TqAdmin
{
    private readonly TqState _state;
    private readonly TqUpsert _upsert;
    private readonly AdminRoutes _routes;

    public TqAdmin(TqState state, Action shutdown)
    {
        _state = state;
        _upsert = new TqUpsert(state);
        _routes = new AdminRoutes("admin route", TqJson.Output, ex => ex is ArgumentException or JsonException or InvalidOperationException or FormatException)
            .MapCommon(state, shutdown)
            .Map("faults", "PUT", PutFaultsAsync)
            .Map("faults", "POST", PutFaultsAsync)
            .Map("objects", "GET", ObjectsAsync)
            .Map("relations", "GET", Relations)
            .Map("seed", "POST", SeedAsync)
            .Map("expire-tokens", "POST", () => new JsonObject { ["expired"] = _state.Tokens.ExpireAll() })
            .Map("clock", "GET", ClockJson)
            .Map("clock", "POST", AdvanceClockAsync);
    }

    /// <summary>One request delegate for the server: the admin routes, and <paramref name="api"/> for everything else.</summary>
    public RequestDelegate Before(RequestDelegate api) => _routes.Before(api);

    private async Task PutFaultsAsync(HttpContext http)
    {
        if (await TqCall.ReadJsonAsync(http).ConfigureAwait(false) is not JsonObject changes)
        {
            await _routes.WriteAsync(http, 400, AdminRoutes.Problem("Send a JSON object such as {\"errorRate\":0.2}.")).ConfigureAwait(false);
            return;
        }

        _state.Faults.Apply(changes);
        await _routes.WriteAsync(http, 200, _state.Faults.ToJson()).ConfigureAwait(false);
    }

    private JsonObject ClockJson() => new() { ["now"] = TqJson.Date(_state.Now) };

    private async Task AdvanceClockAsync(HttpContext http)
    {
        var body = await TqCall.ReadJsonAsync(http).ConfigureAwait(false);
        var seconds = body?["advanceSec"] is JsonValue v && v.TryGetValue<double>(out var s) && s >= 0 ? s : -1;
        if (seconds < 0)
        {
            await _routes.WriteAsync(http, 400, AdminRoutes.Problem("Send {\"advanceSec\": N} with N >= 0.")).ConfigureAwait(false);
            return;
        }

        _state.Clock.Advance(TimeSpan.FromSeconds(seconds));
        await _routes.WriteAsync(http, 200, ClockJson()).ConfigureAwait(false);
    }

    private Task ObjectsAsync(HttpContext http) => _routes.WriteAsync(http, 200, Objects(http.Request.Query["collection"].ToString()));

    /// <summary>
    /// Every stored object with its attributes, sources, tags and links, by collection (or one collection), plus the
    /// store revision: equal revisions before and after a run mean the run changed nothing.
    /// </summary>
    private JsonObject Objects(string? only)
    {
        var store = _state.Store;
        var collections = new JsonObject();
        foreach (var collection in store.CollectionsInUse().Where(c => string.IsNullOrEmpty(only) || c == only))
        {
            collections[collection] = new JsonArray(store.All(collection).Select(o => (JsonNode)Describe(o)).ToArray());
        }

        return new JsonObject { ["revision"] = store.Revision, ["collections"] = collections };
    }

    private JsonObject Describe(TqObject o)
    {
        var store = _state.Store;
        return new JsonObject
        {
            ["id"] = o.Id,
            ["collection"] = o.Collection,
            ["value"] = o.Value,
            ["type"] = o.Type?.Name,
            ["status"] = o.Status?.Name,
            ["description"] = o.Description,
            ["published_at"] = o.PublishedAt,
            ["attributes"] = new JsonArray(o.Attributes.Select(a => (JsonNode)new JsonObject { ["name"] = a.Name, ["value"] = a.Value }).ToArray()),
            ["sources"] = new JsonArray(o.Sources.Select(s => (JsonNode)s).ToArray()),
            ["tags"] = new JsonArray(o.Tags.Select(t => (JsonNode)t).ToArray()),
            ["links"] = new JsonArray(store.RelatedTo(o.Collection, o.Id).Select(r => (JsonNode)Ref(r.Other, r.PivotId)).ToArray()),
        };
    }

    private static JsonObject Ref(TqObject o, int? pivotId = null)
    {
        var json = new JsonObject { ["collection"] = o.Collection, ["id"] = o.Id, ["value"] = o.Value, ["type"] = o.Type?.Name };
        if (pivotId is not null)
        {
            json["pivot_id"] = pivotId;
        }

        return json;
    }

    private JsonArray Relations()
    {
        var store = _state.Store;
        return new JsonArray(store.Relations().Select(r =>
        {
            var a = store.Find(r.CollectionA, r.IdA);
            var b = store.Find(r.CollectionB, r.IdB);
            return (JsonNode)new JsonObject
            {
                ["pivot_id"] = r.PivotId,
                ["a"] = a is null ? null : Ref(a),
                ["b"] = b is null ? null : Ref(b),
            };
        }).ToArray());
    }

    /// <summary>
    /// POST /_emulator/seed {"indicators":[consume items], "report":[...], "attachments":[{"name","type","title",
    /// "tags":[..],"content":"text" or "contentBase64":"..."}]}: the same checks as the API, no token, not counted as requests.
    /// </summary>
    private async Task SeedAsync(HttpContext http)
    {
        if (await TqCall.ReadJsonAsync(http).ConfigureAwait(false) is not JsonObject body)
        {
            await _routes.WriteAsync(http, 400, AdminRoutes.Problem("Send a JSON object keyed by collection.")).ConfigureAwait(false);
            return;
        }

        var result = new JsonObject();
        foreach (var (collection, items) in body)
        {
            if (items is not JsonArray list || !TqCatalog.IsCollection(collection))
            {
                await _routes.WriteAsync(http, 400, AdminRoutes.Problem($"'{collection}' is not a collection holding a list.")).ConfigureAwait(false);
                return;
            }

            if (collection == "attachments")
            {
                var created = new JsonArray();
                foreach (var item in list.OfType<JsonObject>())
                {
                    created.Add(SeedAttachment(item));
                }

                result[collection] = created;
                continue;
            }

            var response = _upsert.Write(collection, list.ToArray(), isList: true, _state.Now, "attributes,sources,tags", consume: false);
            if (response.Status >= 400)
            {
                await _routes.WriteAsync(http, response.Status, response.Json!).ConfigureAwait(false);
                return;
            }

            result[collection] = response.Json!["data"]!.DeepClone();
        }

        await _routes.WriteAsync(http, 200, result).ConfigureAwait(false);
    }

    private JsonObject SeedAttachment(JsonObject item)
    {
        var name = item["name"]?.ToString() ?? throw new ArgumentException("A seeded attachment needs a name.");
        var typeName = item["type"]?.ToString() ?? "Malware Sample";
        var type = TqCatalog.AttachmentType(typeName) ?? throw new ArgumentException($"Unknown attachment type '{typeName}'.");
        var bytes = item["contentBase64"] is { } b64 ? Convert.FromBase64String(b64.ToString()) : Encoding.UTF8.GetBytes(item["content"]?.ToString() ?? name);
        var path = Path.Combine(_state.DataDir, Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, bytes);
        var store = _state.Store;
        var now = _state.Now;
        var attachment = store.Create("attachments", name, type, now, o =>
        {
            o.Title = item["title"]?.ToString() ?? name;
            o.FileSize = bytes.Length;
            o.Md5 = Convert.ToHexString(System.Security.Cryptography.MD5.HashData(bytes)).ToLowerInvariant();
            o.FilePath = path;
            o.ContentType = "application/octet-stream";
            o.MalwareLocked = item["malware_locked"]?.ToString() is "1" or "true";
        });
        foreach (var tag in (item["tags"] as JsonArray ?? []).Select(t => t?.ToString()).OfType<string>())
        {
            store.AddTag(attachment, tag, now);
        }

        return TqJson.Object(store, attachment, TqJson.With("type,tags"));
    }
}
