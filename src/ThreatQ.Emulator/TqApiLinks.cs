using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using static ThreatQ.Emulator.TqNodes;

namespace ThreatQ.Emulator;

/// <summary>The link routes: list, add and remove the relations between two objects (each with its pivot id).</summary>
internal sealed partial class TqApi
{
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
}
