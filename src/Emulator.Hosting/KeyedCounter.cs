using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace Emulator.Hosting;

/// <summary>Thread-safe counts by name (requests per route, faults per kind), listed in ordinal order.</summary>
public sealed class KeyedCounter
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>A copy of the counts, sorted by name.</summary>
    public IReadOnlyDictionary<string, int> Snapshot => new SortedDictionary<string, int>(_counts, StringComparer.Ordinal);

    /// <summary>The count of one name; 0 when it was never counted.</summary>
    public int this[string key] => _counts.TryGetValue(key, out var n) ? n : 0;

    public void Increment(string key) => _counts.AddOrUpdate(key, 1, (_, n) => n + 1);

    public void Clear() => _counts.Clear();

    /// <summary>The counts as a JSON object, names sorted (as <c>GET /_emulator/stats</c> shows them).</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (var (key, count) in Snapshot)
        {
            json[key] = count;
        }

        return json;
    }
}
