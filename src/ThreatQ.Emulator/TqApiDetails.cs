using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using static ThreatQ.Emulator.TqNodes;

namespace ThreatQ.Emulator;

/// <summary>The routes for an object's parts: attributes, sources, tags, and an indicator's score.</summary>
internal sealed partial class TqApi
{
    private Task<TqResponse> ListAttributesAsync(TqCall call)
    {
        var collection = CollectionAt(call, 0);
        var id = IdAt(call, 1);
        if (Store.Find(collection, id) is not { } target)
        {
            return Done(NotFound(collection, id));
        }

        var json = (JsonArray)TqJson.Object(Store, target, TqJson.With("attributes"))["attributes"]!.DeepClone();
        return Done(TqResponse.Ok(TqJson.List(json.Select(n => n!).ToArray())));
    }

    /// <summary>POST /api/{collection}/{id}/attributes with one {"name","value"} or a list; a name/value pair already there is not added twice.</summary>
    private async Task<TqResponse> AddAttributesAsync(TqCall call)
    {
        var collection = CollectionAt(call, 0);
        var id = IdAt(call, 1);
        var body = await call.JsonBodyAsync().ConfigureAwait(false);
        if (Store.Find(collection, id) is not { } target)
        {
            return NotFound(collection, id);
        }

        var list = body as JsonArray ?? [body?.DeepClone()];
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var pairs = new List<(string, string)>();
        var prefix = body is JsonArray;
        foreach (var (a, i) in Each(list))
        {
            var p = prefix ? i.ToString(CultureInfo.InvariantCulture) + "." : string.Empty;
            var name = Text(a?["name"]);
            var value = Text(a?["value"]);
            if (string.IsNullOrEmpty(name))
            {
                errors[p + "name"] = ["The name field is required."];
            }
            else if (value is null)
            {
                errors[p + "value"] = ["The value field is required."];
            }
            else
            {
                pairs.Add((name, value));
            }
        }

        if (errors.Count > 0)
        {
            _state.Stats.Rejected();
            return TqResponse.Ok(TqJson.Validation(errors), 422);
        }

        var added = pairs.Select(p =>
        {
            var (attribute, _) = Store.AddAttribute(target, p.Item1, p.Item2, call.Now);
            return (JsonNode)new JsonObject { ["id"] = attribute.Id, ["name"] = attribute.Name, ["value"] = attribute.Value, ["created_at"] = TqJson.Date(attribute.CreatedAt) };
        }).ToArray();
        return TqResponse.Ok(TqJson.List(added), 201);
    }

    private async Task<TqResponse> UpdateAttributeAsync(TqCall call)
    {
        var collection = CollectionAt(call, 0);
        var id = IdAt(call, 1);
        var body = await call.JsonBodyAsync().ConfigureAwait(false);
        if (Store.Find(collection, id) is not { } target)
        {
            return NotFound(collection, id);
        }

        var value = Text(body?["value"]);
        if (value is null)
        {
            return TqResponse.Ok(TqJson.Validation(new Dictionary<string, List<string>> { ["value"] = ["The value field is required."] }), 422);
        }

        return Store.ReplaceAttribute(target, IdAt(call, 3), value, call.Now)
            ? TqResponse.Ok(TqJson.Single(TqJson.Object(Store, target, TqJson.With("attributes"))))
            : TqResponse.Error(404, $"No attribute with id {IdAt(call, 3)} on {collection} {id}.");
    }

    private Task<TqResponse> DeleteAttributeAsync(TqCall call)
    {
        var collection = CollectionAt(call, 0);
        var id = IdAt(call, 1);
        if (Store.Find(collection, id) is not { } target)
        {
            return Done(NotFound(collection, id));
        }

        return Done(Store.RemoveAttribute(target, IdAt(call, 3), call.Now)
            ? new TqResponse { Status = 204, Bytes = [] }
            : TqResponse.Error(404, $"No attribute with id {IdAt(call, 3)} on {collection} {id}."));
    }

    private Task<TqResponse> ListNamesAsync(TqCall call)
    {
        var collection = CollectionAt(call, 0);
        var id = IdAt(call, 1);
        var part = call.Segments[2].ToLowerInvariant();
        if (Store.Find(collection, id) is not { } target)
        {
            return Done(NotFound(collection, id));
        }

        var json = (JsonArray)TqJson.Object(Store, target, TqJson.With(part))[part]!.DeepClone();
        return Done(TqResponse.Ok(TqJson.List(json.Select(n => n!).ToArray())));
    }

    /// <summary>POST /api/{collection}/{id}/sources|tags with {"name"} or a list of them (or of plain names).</summary>
    private async Task<TqResponse> AddNamesAsync(TqCall call)
    {
        var collection = CollectionAt(call, 0);
        var id = IdAt(call, 1);
        var part = call.Segments[2].ToLowerInvariant();
        var body = await call.JsonBodyAsync().ConfigureAwait(false);
        if (Store.Find(collection, id) is not { } target)
        {
            return NotFound(collection, id);
        }

        var names = Each(body as JsonArray ?? [body?.DeepClone()]).Select(p => Text(p.Node is JsonObject o ? o["name"] : p.Node)).ToArray();
        if (names.Length == 0 || names.Any(string.IsNullOrEmpty))
        {
            return TqResponse.Ok(TqJson.Validation(new Dictionary<string, List<string>> { ["name"] = ["The name field is required."] }), 422);
        }

        var added = names.Select(n =>
        {
            if (part == "tags")
            {
                Store.AddTag(target, n!, call.Now);
                return (JsonNode)new JsonObject { ["id"] = Store.TagId(n!), ["name"] = n };
            }

            Store.AddSource(target, n!, call.Now);
            return (JsonNode)new JsonObject { ["id"] = Store.SourceId(n!), ["name"] = n };
        }).ToArray();
        return TqResponse.Ok(TqJson.List(added), 201);
    }

    private Task<TqResponse> DeleteNameAsync(TqCall call)
    {
        var collection = CollectionAt(call, 0);
        var id = IdAt(call, 1);
        if (Store.Find(collection, id) is not { } target)
        {
            return Done(NotFound(collection, id));
        }

        var nameId = IdAt(call, 3);
        var removed = call.Segments[2].Equals("tags", StringComparison.OrdinalIgnoreCase)
            ? Store.RemoveTag(target, nameId, call.Now)
            : Store.RemoveSource(target, nameId, call.Now);
        return Done(removed ? new TqResponse { Status = 204, Bytes = [] } : TqResponse.Error(404, $"No {call.Segments[2]} entry {nameId} on {collection} {id}."));
    }

    private Task<TqResponse> GetScoreAsync(TqCall call)
    {
        var id = IdAt(call, 1);
        return Done(Store.Find("indicators", id) is { } target
            ? TqResponse.Ok(TqJson.Single(TqJson.Object(Store, target, TqJson.With("score"))["score"]!.DeepClone()))
            : NotFound("indicators", id));
    }

    /// <summary>PUT /api/indicator/{id}/scores {"manual_score": 0..10 or null} (note the singular "indicator").</summary>
    private async Task<TqResponse> SetScoreAsync(TqCall call)
    {
        var id = IdAt(call, 1);
        var body = await call.JsonBodyAsync().ConfigureAwait(false) as JsonObject;
        if (Store.Find("indicators", id) is not { } target)
        {
            return NotFound("indicators", id);
        }

        if (body is null || !body.ContainsKey("manual_score"))
        {
            return TqResponse.Ok(TqJson.Validation(new Dictionary<string, List<string>> { ["manual_score"] = ["The manual score field must be present (a number from 0 to 10, or null)."] }), 422);
        }

        double? score = null;
        if (body["manual_score"] is JsonValue v)
        {
            if (!double.TryParse(v.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || parsed < 0 || parsed > 10)
            {
                return TqResponse.Ok(TqJson.Validation(new Dictionary<string, List<string>> { ["manual_score"] = ["The manual score must be between 0 and 10."] }), 422);
            }

            score = parsed;
        }

        Store.SetManualScore(target, score, call.Now);
        return TqResponse.Ok(TqJson.Single(TqJson.Object(Store, target, TqJson.With("score"))["score"]!.DeepClone()));
    }
}
