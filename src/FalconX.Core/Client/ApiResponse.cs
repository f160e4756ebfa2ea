using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace FalconX.Client;

/// <summary>
/// A successful (2xx) JSON answer: the parsed envelope. <see cref="Resources"/> is a detached <see cref="JsonElement"/>
/// (safe to keep after the response is gone); endpoint methods turn it into models with <see cref="GetResources{T}"/>.
/// </summary>
internal sealed class ApiResponse
{
    public int StatusCode { get; init; }

    public ApiMeta Meta { get; init; } = ApiMeta.Empty;

    /// <summary><c>resources</c>; <see cref="JsonValueKind.Undefined"/> when absent, Null when null.</summary>
    public JsonElement Resources { get; init; }

    /// <summary>The whole body (e.g. the token answer, which is not an envelope). Undefined for an empty body.</summary>
    public JsonElement Root { get; init; }

    /// <summary><c>errors[]</c>; may be non-empty on a 2xx (partial success, e.g. some ids not found).</summary>
    public IReadOnlyList<FalconXApiError> Errors { get; init; } = Array.Empty<FalconXApiError>();

    /// <summary><c>meta.trace_id</c>, else the <c>X-Cs-Traceid</c> header.</summary>
    public string? TraceId { get; init; }

    public ApiRateLimit RateLimit { get; init; } = new();

    /// <summary><c>X-Cs-Region</c> (only on the token answer).</summary>
    public string? Region { get; init; }

    /// <summary>Response headers (first value of each), case-insensitive.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Reads each element of <c>resources</c> as <typeparamref name="T"/> (snake_case names); empty when absent or null.</summary>
    public IReadOnlyList<T> GetResources<T>()
    {
        if (Resources.ValueKind != JsonValueKind.Array)
        {
            return Array.Empty<T>();
        }

        var list = new List<T>(Resources.GetArrayLength());
        foreach (var element in Resources.EnumerateArray())
        {
            var item = element.Deserialize<T>(FalconXJson.Options);
            if (item is not null)
            {
                list.Add(item);
            }
        }

        return list;
    }

    /// <summary>The string elements of <c>resources</c> (ids from a query endpoint).</summary>
    public IReadOnlyList<string> GetResourceStrings() =>
        Resources.ValueKind != JsonValueKind.Array
            ? Array.Empty<string>()
            : Resources.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();
}
