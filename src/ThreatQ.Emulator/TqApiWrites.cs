using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using static ThreatQ.Emulator.TqNodes;

namespace ThreatQ.Emulator;

/// <summary>The object-writing routes: consume and create (upserts, see <see cref="TqUpsert"/>), update and delete.</summary>
internal sealed partial class TqApi
{
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

        return _upsert.Write(collection, nodes, isList, call.Now, call.Query("with"), consume);
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
}
