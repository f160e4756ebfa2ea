using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace ThreatQ.Emulator;

/// <summary>The writing routes: consume/create (upsert), update, delete, attributes, sources, tags, scores and links.</summary>
internal sealed partial class TqApi
{
    /// <summary>A link named in a write body: by id (<c>{"id":N}</c>) or by value (and type, for indicators).</summary>
    private sealed record LinkRef(string Collection, int? Id, string? Value, TqNamed? Type, string Field);

    /// <summary>One object of a write body, parsed and checked.</summary>
    private sealed record Item(
        string? Value, TqNamed? Type, TqNamed? Status, string? Description, string? PublishedAt,
        List<string> Sources, List<(string Name, string Value)> Attributes, List<string> Tags, List<LinkRef> Links);

    private static readonly Dictionary<string, Regex> ValueFormats = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MD5"] = new("^[0-9a-fA-F]{32}$"),
        ["SHA-1"] = new("^[0-9a-fA-F]{40}$"),
        ["SHA-256"] = new("^[0-9a-fA-F]{64}$"),
        ["SHA-384"] = new("^[0-9a-fA-F]{96}$"),
        ["SHA-512"] = new("^[0-9a-fA-F]{128}$"),
        ["IP Address"] = new(@"^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$"),
        ["CIDR Block"] = new(@"^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}/\d{1,2}$"),
        ["FQDN"] = new(@"^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9-]{2,63}\.?$"),
    };

    private Task<TqResponse> ConsumeAsync(TqCall call) => WriteObjectsAsync(call, consume: true);

    private Task<TqResponse> CreateAsync(TqCall call) => WriteObjectsAsync(call, consume: false);

    /// <summary>
    /// POST /api/{collection}/consume and POST /api/{collection}: every object is an upsert keyed by value (and type
    /// for indicators). The body is checked whole first: one bad object rejects it with 422 and nothing is stored.
    /// </summary>
    private async Task<TqResponse> WriteObjectsAsync(TqCall call, bool consume)
    {
        var collection = CollectionAt(call, 0);
        var body = await call.JsonBodyAsync().ConfigureAwait(false);
        var isList = body is JsonArray;
        JsonNode?[] nodes = body switch
        {
            JsonArray array => array.ToArray(),
            JsonObject single => [single],
            _ => [],
        };
        if (nodes.Length == 0)
        {
            return TqResponse.Ok(TqJson.Validation(new Dictionary<string, List<string>> { ["data"] = ["Send one object or a non-empty list of objects."] }), 422);
        }

        var max = _state.Faults.MaxBodyItems;
        if (max > 0 && nodes.Length > max)
        {
            _state.Stats.Rejected();
            return TqResponse.Error(413, $"The body holds {nodes.Length} objects; send at most {max} per request.");
        }

        return Write(collection, nodes, isList, call.Now, call.Query("with"), consume);
    }

    /// <summary>Checks a whole write body and, when every object is good, stores all of it (used by the admin seed route too).</summary>
    internal TqResponse Write(string collection, JsonNode?[] nodes, bool isList, DateTimeOffset now, string? with, bool consume)
    {
        return Store.Locked(() =>
        {
            var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var items = new List<Item>(nodes.Length);
            for (var i = 0; i < nodes.Length; i++)
            {
                items.Add(Parse(collection, nodes[i], isList ? i.ToString(CultureInfo.InvariantCulture) + "." : string.Empty, errors));
            }

            if (errors.Count > 0)
            {
                _state.Stats.Rejected();
                return TqResponse.Ok(TqJson.Validation(errors), 422);
            }

            var results = new List<JsonNode>(items.Count);
            var parts = TqJson.With(with, "type", "status");
            foreach (var item in items)
            {
                var (stored, outcome) = Apply(collection, item, now);
                _state.Stats.Wrote(outcome);
                results.Add(TqJson.Object(Store, stored, parts));
            }

            if (consume)
            {
                _state.Stats.Consumed(items.Count);
            }

            return TqResponse.Ok(TqJson.List(results), consume ? 200 : 201);
        });
    }

    private Item Parse(string collection, JsonNode? node, string prefix, Dictionary<string, List<string>> errors)
    {
        void Fail(string field, string message)
        {
            if (!errors.TryGetValue(prefix + field, out var list))
            {
                errors[prefix + field] = list = [];
            }

            list.Add(message);
        }

        var item = new Item(null, null, null, null, null, [], [], [], []);
        if (node is not JsonObject o)
        {
            Fail("data", "Each object must be a JSON object.");
            return item;
        }

        var nameField = TqCatalog.NameField(collection);
        var value = Text(o[nameField]) ?? Text(o["value"]) ?? Text(o["name"]) ?? Text(o["title"]);
        TqNamed? type = null;
        TqNamed? status = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            Fail(nameField, $"The {nameField} field is required.");
        }
        else if (_state.Faults.IsRejected(value))
        {
            Fail(nameField, $"The {nameField} '{value}' is not accepted.");
        }

        if (collection == "indicators")
        {
            var typeNode = o["type"] ?? o["type_name"] ?? o["type_id"];
            type = NamedOf(typeNode, TqCatalog.IndicatorType, TqCatalog.IndicatorTypeById);
            if (typeNode is null)
            {
                Fail("type", "The type field is required.");
            }
            else if (type is null)
            {
                Fail("type", $"The selected type '{Text(typeNode) ?? typeNode.ToJsonString()}' is invalid; GET /api/indicator/types lists the types.");
            }
            else if (value is not null && ValueFormats.TryGetValue(type.Name, out var format) && !format.IsMatch(value))
            {
                Fail("value", $"The value '{value}' is not a valid {type.Name}.");
            }

            var statusNode = o["status"] ?? o["status_name"] ?? o["status_id"];
            status = NamedOf(statusNode, TqCatalog.Status, TqCatalog.StatusById);
            if (statusNode is not null && status is null)
            {
                Fail("status", $"The selected status '{Text(statusNode) ?? statusNode.ToJsonString()}' is invalid; GET /api/indicator/statuses lists the statuses.");
            }
        }

        var sources = new List<string>();
        foreach (var (s, i) in Each(o["sources"]))
        {
            if (Text(s is JsonObject so ? so["name"] : s) is { Length: > 0 } name)
            {
                sources.Add(name);
            }
            else
            {
                Fail($"sources.{i}.name", "The source name is required.");
            }
        }

        var tags = new List<string>();
        foreach (var (t, i) in Each(o["tags"]))
        {
            if (Text(t is JsonObject to ? to["name"] : t) is { Length: > 0 } name)
            {
                tags.Add(name);
            }
            else
            {
                Fail($"tags.{i}.name", "The tag name is required.");
            }
        }

        var attributes = new List<(string, string)>();
        foreach (var (a, i) in Each(o["attributes"]))
        {
            var name = Text(a?["name"]);
            var attributeValue = Text(a?["value"]);
            if (string.IsNullOrEmpty(name))
            {
                Fail($"attributes.{i}.name", "The attribute name is required.");
            }
            else if (attributeValue is null)
            {
                Fail($"attributes.{i}.value", "The attribute value is required.");
            }
            else
            {
                attributes.Add((name, attributeValue));
            }
        }

        var links = new List<LinkRef>();
        foreach (var (key, linked) in o)
        {
            var other = key.ToLowerInvariant();
            if (!TqCatalog.IsCollection(other) || linked is not JsonArray)
            {
                continue;
            }

            foreach (var (l, j) in Each(linked))
            {
                var field = $"{other}.{j}";
                if (l is not JsonObject link)
                {
                    Fail(field, "A related object is given as {\"id\":N} or by its value.");
                    continue;
                }

                if (link["id"] is JsonValue idNode && idNode.TryGetValue<int>(out var id))
                {
                    if (Store.Find(other, id) is null)
                    {
                        Fail(field + ".id", $"The selected {other} id {id} is invalid.");
                    }
                    else
                    {
                        links.Add(new LinkRef(other, id, null, null, field));
                    }

                    continue;
                }

                var linkValue = Text(link[TqCatalog.NameField(other)]) ?? Text(link["value"]) ?? Text(link["name"]) ?? Text(link["title"]);
                if (string.IsNullOrEmpty(linkValue))
                {
                    Fail(field, "A related object needs an id or a value.");
                    continue;
                }

                if (other == "indicators")
                {
                    var linkType = NamedOf(link["type"] ?? link["type_name"] ?? link["type_id"], TqCatalog.IndicatorType, TqCatalog.IndicatorTypeById);
                    if (linkType is null)
                    {
                        Fail(field + ".type", "A related indicator named by value needs a valid type.");
                    }
                    else if (ValueFormats.TryGetValue(linkType.Name, out var format) && !format.IsMatch(linkValue))
                    {
                        Fail(field + ".value", $"The value '{linkValue}' is not a valid {linkType.Name}.");
                    }
                    else
                    {
                        links.Add(new LinkRef(other, null, linkValue, linkType, field));
                    }
                }
                else if (Store.FindByKey(other, null, linkValue) is null)
                {
                    Fail(field + ".value", $"The related {other} '{linkValue}' does not exist; write it before the objects that link to it.");
                }
                else
                {
                    links.Add(new LinkRef(other, null, linkValue, null, field));
                }
            }
        }

        var publishedAt = Text(o["published_at"]);
        if (publishedAt is not null && !DateTime.TryParse(publishedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            Fail("published_at", $"The published_at '{publishedAt}' is not a valid date (use yyyy-MM-dd HH:mm:ss).");
        }

        return new Item(value, type, status, Text(o["description"]), publishedAt, sources, attributes, tags, links);
    }

    /// <summary>Stores one checked object: created when its key is new, otherwise merged, with no duplicate attribute, source, tag or link.</summary>
    private (TqObject Stored, TqWriteOutcome Outcome) Apply(string collection, Item item, DateTimeOffset now)
    {
        var before = Store.Revision;
        var existing = Store.FindByKey(collection, item.Type?.Name, item.Value!);
        var created = existing is null;
        var target = existing ?? Store.Create(collection, item.Value!, item.Type, now, o =>
        {
            // A new indicator without a status gets the instance default, Review here.
            o.Status = collection == "indicators" ? item.Status ?? TqCatalog.Status("Review") : null;
            o.Description = item.Description;
        });
        if (!created)
        {
            before = Store.Revision;
            if (item.Status is not null)
            {
                Store.SetStatus(target, item.Status, now);
            }

            if (item.Description is not null)
            {
                Store.SetDescription(target, item.Description, now);
            }
        }

        if (item.PublishedAt is not null)
        {
            Store.SetPublishedAt(target, item.PublishedAt);
        }

        foreach (var source in item.Sources)
        {
            Store.AddSource(target, source, now);
        }

        foreach (var (name, value) in item.Attributes)
        {
            Store.AddAttribute(target, name, value, now);
        }

        foreach (var tag in item.Tags)
        {
            Store.AddTag(target, tag, now);
        }

        foreach (var link in item.Links)
        {
            var other = link.Id is { } id
                ? Store.Find(link.Collection, id)!
                : Store.FindByKey(link.Collection, link.Type?.Name, link.Value!) ?? CreateLinked(link, now);
            if (Store.Relate(target, other, now).Added)
            {
                _state.Stats.Related();
            }
        }

        var outcome = created ? TqWriteOutcome.Created : Store.Revision != before ? TqWriteOutcome.Updated : TqWriteOutcome.Unchanged;
        return (target, outcome);
    }

    private TqObject CreateLinked(LinkRef link, DateTimeOffset now)
    {
        _state.Stats.Wrote(TqWriteOutcome.Created);
        return Store.Create(link.Collection, link.Value!, link.Type, now, o => o.Status = TqCatalog.Status("Review"));
    }

    private async Task<TqResponse> UpdateAsync(TqCall call)
    {
        var collection = CollectionAt(call, 0);
        var id = IdAt(call, 1);
        var body = await call.JsonBodyAsync().ConfigureAwait(false) as JsonObject;
        if (Store.Find(collection, id) is not { } target)
        {
            return NotFound(collection, id);
        }

        if (body is null)
        {
            return TqResponse.Ok(TqJson.Validation(new Dictionary<string, List<string>> { ["data"] = ["Send a JSON object with the fields to change."] }), 422);
        }

        var statusNode = body["status"] ?? body["status_name"] ?? body["status_id"];
        if (statusNode is not null)
        {
            var status = NamedOf(statusNode, TqCatalog.Status, TqCatalog.StatusById);
            if (status is null || collection != "indicators")
            {
                return TqResponse.Ok(TqJson.Validation(new Dictionary<string, List<string>> { ["status"] = ["The selected status is invalid."] }), 422);
            }

            _state.Stats.Wrote(Store.SetStatus(target, status, call.Now) ? TqWriteOutcome.Updated : TqWriteOutcome.Unchanged);
        }

        if (Text(body["description"]) is { } description)
        {
            Store.SetDescription(target, description, call.Now);
        }

        return TqResponse.Ok(TqJson.Single(TqJson.Object(Store, target, TqJson.With(call.Query("with"), "type", "status"))));
    }

    private Task<TqResponse> DeleteAsync(TqCall call)
    {
        var collection = CollectionAt(call, 0);
        var id = IdAt(call, 1);
        return Done(Store.Delete(collection, id) ? new TqResponse { Status = 204, Bytes = [] } : NotFound(collection, id));
    }

    // ---- attributes, sources, tags, scores --------------------------------------------------------------------------

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

    // ---- links -----------------------------------------------------------------------------------------------------

    private Task<TqResponse> ListRelatedAsync(TqCall call)
    {
        var collection = CollectionAt(call, 0);
        var id = IdAt(call, 1);
        var other = CollectionAt(call, 2);
        if (Store.Find(collection, id) is null)
        {
            return Done(NotFound(collection, id));
        }

        var with = TqJson.With(call.Query("with"), "type", "status");
        var related = Store.RelatedTo(collection, id, other)
            .Select(r => (JsonNode)WithPivot(TqJson.Object(Store, r.Other, with), r.PivotId)).ToArray();
        return Done(TqResponse.Ok(TqJson.List(related)));
    }

    /// <summary>POST /api/{c1}/{id}/{c2} with {"id":N}, a list of those, or a list of ids; answers each linked object with its pivot id.</summary>
    private async Task<TqResponse> RelateAsync(TqCall call)
    {
        var collection = CollectionAt(call, 0);
        var id = IdAt(call, 1);
        var other = CollectionAt(call, 2);
        var body = await call.JsonBodyAsync().ConfigureAwait(false);
        if (Store.Find(collection, id) is not { } source)
        {
            return NotFound(collection, id);
        }

        var ids = new List<int>();
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (n, i) in Each(body as JsonArray ?? [body?.DeepClone()]))
        {
            var idNode = n is JsonObject o ? o["id"] : n;
            var key = body is JsonArray ? i.ToString(CultureInfo.InvariantCulture) + ".id" : "id";
            if (idNode is JsonValue v && v.TryGetValue<int>(out var otherId) && Store.Find(other, otherId) is not null)
            {
                ids.Add(otherId);
            }
            else
            {
                errors[key] = [$"The selected {other} id is invalid."];
            }
        }

        if (errors.Count > 0 || ids.Count == 0)
        {
            _state.Stats.Rejected();
            return TqResponse.Ok(TqJson.Validation(errors.Count > 0 ? errors : new Dictionary<string, List<string>> { ["id"] = ["The id field is required."] }), 422);
        }

        var with = TqJson.With(null, "type", "status");
        var linked = ids.Select(otherId =>
        {
            var target = Store.Find(other, otherId)!;
            var (pivot, added) = Store.Relate(source, target, call.Now);
            if (added)
            {
                _state.Stats.Related();
            }

            return (JsonNode)WithPivot(TqJson.Object(Store, target, with), pivot);
        }).ToArray();
        return TqResponse.Ok(TqJson.List(linked), 201);
    }

    /// <summary>DELETE /api/{c1}/{id}/{c2} with a list of pivot ids.</summary>
    private async Task<TqResponse> UnrelateAsync(TqCall call)
    {
        var collection = CollectionAt(call, 0);
        var id = IdAt(call, 1);
        var body = await call.JsonBodyAsync().ConfigureAwait(false);
        if (Store.Find(collection, id) is null)
        {
            return NotFound(collection, id);
        }

        var removed = 0;
        foreach (var (n, _) in Each(body as JsonArray ?? [body?.DeepClone()]))
        {
            if ((n is JsonObject o ? o["id"] : n) is JsonValue v && v.TryGetValue<int>(out var pivot) && Store.Unrelate(pivot))
            {
                removed++;
            }
        }

        return TqResponse.Ok(new JsonObject { ["total"] = removed });
    }

    private static JsonObject WithPivot(JsonObject json, int pivotId)
    {
        json["pivot"] = new JsonObject { ["id"] = pivotId };
        return json;
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private static string? Text(JsonNode? node) => node switch
    {
        JsonValue v => v.ToString(),
        JsonObject o when (o["name"] ?? o["value"]) is JsonValue inner => inner.ToString(),
        _ => null,
    };

    private static IEnumerable<(JsonNode? Node, int Index)> Each(JsonNode? node) => node switch
    {
        JsonArray a => a.Select((n, i) => (n, i)),
        null => [],
        _ => [(node, 0)],
    };

    /// <summary>A type or status given as a name, {"name":..}, {"id":N} or an id.</summary>
    private static TqNamed? NamedOf(JsonNode? node, Func<string?, TqNamed?> byName, Func<int, TqNamed?> byId)
    {
        switch (node)
        {
            case JsonObject o when o["name"] is { } name:
                return byName(name.ToString());
            case JsonObject o when o["id"] is JsonValue idValue && idValue.TryGetValue<int>(out var id):
                return byId(id);
            case JsonValue v when v.TryGetValue<int>(out var id):
                return byId(id);
            case JsonValue v:
                return byName(v.ToString());
            default:
                return null;
        }
    }
}
