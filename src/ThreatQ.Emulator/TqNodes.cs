using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace ThreatQ.Emulator;

/// <summary>How request bodies name things: plain values, <c>{"name":..}</c> / <c>{"value":..}</c> objects, one or a list.</summary>
internal static class TqNodes
{
    /// <summary>The text of a value, or of an object's <c>name</c> (else <c>value</c>); null for anything else.</summary>
    public static string? Text(JsonNode? node) => node switch
    {
        JsonValue v => v.ToString(),
        JsonObject o when (o["name"] ?? o["value"]) is JsonValue inner => inner.ToString(),
        _ => null,
    };

    /// <summary>The items of a list with their index; a single node is a list of one, null an empty list.</summary>
    public static IEnumerable<(JsonNode? Node, int Index)> Each(JsonNode? node) => node switch
    {
        JsonArray a => a.Select((n, i) => (n, i)),
        null => [],
        _ => [(node, 0)],
    };

    /// <summary>A type or status given as a name, {"name":..}, {"id":N} or an id.</summary>
    public static TqNamed? NamedOf(JsonNode? node, Func<string?, TqNamed?> byName, Func<int, TqNamed?> byId)
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
