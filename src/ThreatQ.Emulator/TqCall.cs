using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace ThreatQ.Emulator;

/// <summary>One API call being handled: the HTTP context, the path split into segments, and the emulator's clock reading.</summary>
internal sealed class TqCall
{
    public TqCall(HttpContext http, string[] segments, DateTimeOffset now)
    {
        Http = http;
        Segments = segments;
        Now = now;
    }

    public HttpContext Http { get; }

    public string[] Segments { get; }

    public DateTimeOffset Now { get; }

    public string? Query(string name)
    {
        var values = Http.Request.Query[name];
        var first = values.Count > 0 ? values[0] : null;
        return string.IsNullOrEmpty(first) ? null : first;
    }

    public int QueryInt(string name, int fallback) =>
        int.TryParse(Query(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : fallback;

    /// <summary>The JSON body, or null when it is empty; throws <see cref="JsonException"/> when it is not JSON.</summary>
    public Task<JsonNode?> JsonBodyAsync() => ReadJsonAsync(Http);

    /// <summary>A request's JSON body, or null when it is empty; throws <see cref="JsonException"/> when it is not JSON.</summary>
    internal static async Task<JsonNode?> ReadJsonAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
    }
}
