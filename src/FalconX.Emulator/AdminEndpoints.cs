using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace FalconX.Emulator;

/// <summary>
/// The unauthenticated <c>/_emulator/*</c> endpoints used by tests and the build: health, shutdown, reset,
/// statistics, recorded requests, the fault switches and canned answers. They are never recorded or faulted.
/// </summary>
internal sealed class AdminEndpoints
{
    public const string Prefix = "/_emulator/";
    private const int MaxFaultDocumentBytes = 64 * 1024;

    private readonly EmulatorState _state;
    private readonly Action _shutdown;

    public AdminEndpoints(EmulatorState state, Action shutdown)
    {
        _state = state;
        _shutdown = shutdown;
    }

    public async Task HandleAsync(HttpContext http)
    {
        var method = http.Request.Method;
        var name = (http.Request.Path.Value ?? string.Empty)[Prefix.Length..].TrimEnd('/').ToLowerInvariant();
        switch (name, method)
        {
            case ("health", "GET"):
                await WriteAsync(http, 200, new JsonObject { ["status"] = "ok", ["cid"] = _state.Options.Cid }).ConfigureAwait(false);
                break;
            case ("shutdown", "POST"):
                await WriteAsync(http, 200, new JsonObject { ["status"] = "stopping" }).ConfigureAwait(false);
                await http.Response.CompleteAsync().ConfigureAwait(false);
                _shutdown();
                break;
            case ("reset", "POST"):
                _state.Reset();
                await WriteAsync(http, 200, new JsonObject { ["status"] = "reset" }).ConfigureAwait(false);
                break;
            case ("clock", "GET"):
                await WriteAsync(http, 200, ClockJson()).ConfigureAwait(false);
                break;
            case ("clock", "POST"):
                await AdvanceClockAsync(http).ConfigureAwait(false);
                break;
            case ("stats", "GET"):
                await WriteAsync(http, 200, _state.Stats.ToJson()).ConfigureAwait(false);
                break;
            case ("requests", "GET"):
                await WriteAsync(http, 200, _state.Stats.RequestsToJson()).ConfigureAwait(false);
                break;
            case ("faults", "GET"):
                await WriteAsync(http, 200, _state.Faults.ToJson()).ConfigureAwait(false);
                break;
            case ("faults", "PUT"):
                await PutFaultsAsync(http).ConfigureAwait(false);
                break;
            case ("canned", "GET"):
                await WriteAsync(http, 200, _state.Canned.ToJson()).ConfigureAwait(false);
                break;
            case ("canned", "PUT" or "POST"):
                await PutCannedAsync(http).ConfigureAwait(false);
                break;
            case ("canned", "DELETE"):
                _state.Canned.Clear();
                await WriteAsync(http, 200, _state.Canned.ToJson()).ConfigureAwait(false);
                break;
            case ("health" or "stats" or "requests", _):
            case ("shutdown" or "reset", _):
            case ("faults" or "canned" or "clock", _):
                await WriteAsync(http, 405, Problem($"{method} is not allowed on {http.Request.Path}.")).ConfigureAwait(false);
                break;
            default:
                await WriteAsync(http, 404, Problem($"Unknown admin endpoint {http.Request.Path}. Known: health, shutdown, reset, stats, requests, faults, canned, clock.")).ConfigureAwait(false);
                break;
        }
    }

    private JsonObject ClockJson() => new()
    {
        ["now"] = _state.Now.ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", System.Globalization.CultureInfo.InvariantCulture),
        ["offsetSec"] = _state.ClockOffset.TotalSeconds,
    };

    private async Task AdvanceClockAsync(HttpContext http)
    {
        var document = await ReadDocumentAsync(http).ConfigureAwait(false);
        if (document is null)
        {
            return;
        }

        const string Usage = "Send {\"advanceSec\": <seconds greater than 0>} to move the emulator's clock forward.";
        if (document is not JsonObject changes || changes["advanceSec"] is not JsonValue value || !value.TryGetValue<double>(out var seconds)
            || !(seconds > 0 && seconds <= 366 * 86400))
        {
            await WriteAsync(http, 400, Problem(Usage)).ConfigureAwait(false);
            return;
        }

        _state.AdvanceClock(TimeSpan.FromSeconds(seconds));
        await WriteAsync(http, 200, ClockJson()).ConfigureAwait(false);
    }

    private async Task PutCannedAsync(HttpContext http)
    {
        var document = await ReadDocumentAsync(http).ConfigureAwait(false);
        if (document is null)
        {
            return;
        }

        try
        {
            _state.Canned.Add(document);
        }
        catch (ArgumentException ex)
        {
            await WriteAsync(http, 400, Problem(ex.Message)).ConfigureAwait(false);
            return;
        }

        await WriteAsync(http, 200, _state.Canned.ToJson()).ConfigureAwait(false);
    }

    private async Task PutFaultsAsync(HttpContext http)
    {
        var document = await ReadDocumentAsync(http).ConfigureAwait(false);
        if (document is null)
        {
            return;
        }

        if (document is not JsonObject changes)
        {
            await WriteAsync(http, 400, Problem("Send a JSON object such as {\"errorRate\":0.5}.")).ConfigureAwait(false);
            return;
        }

        try
        {
            _state.Faults.Apply(changes);
        }
        catch (ArgumentException ex)
        {
            await WriteAsync(http, 400, Problem(ex.Message)).ConfigureAwait(false);
            return;
        }

        await WriteAsync(http, 200, _state.Faults.ToJson()).ConfigureAwait(false);
    }

    /// <summary>Reads a JSON body of at most 64 KB; answers 400/413 itself and returns null when it is not usable.</summary>
    private static async Task<JsonNode?> ReadDocumentAsync(HttpContext http)
    {
        JsonNode? document;
        try
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var buffer = new char[MaxFaultDocumentBytes + 1];
            var length = await reader.ReadBlockAsync(buffer.AsMemory(), http.RequestAborted).ConfigureAwait(false);
            if (length > MaxFaultDocumentBytes)
            {
                await WriteAsync(http, 413, Problem("The document is larger than 64 KB.")).ConfigureAwait(false);
                return null;
            }

            document = JsonNode.Parse(new string(buffer, 0, length));
        }
        catch (JsonException ex)
        {
            await WriteAsync(http, 400, Problem("The body is not valid JSON: " + ex.Message)).ConfigureAwait(false);
            return null;
        }

        if (document is null)
        {
            await WriteAsync(http, 400, Problem("The body is empty; send a JSON document.")).ConfigureAwait(false);
        }

        return document;
    }

    private static JsonObject Problem(string message) => new() { ["error"] = message };

    private static async Task WriteAsync(HttpContext http, int status, JsonNode body)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = bytes.Length;
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted).ConfigureAwait(false);
    }
}
