using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Emulator.Hosting;
using Microsoft.AspNetCore.Http;

namespace FalconX.Emulator;

/// <summary>
/// The unauthenticated <c>/_emulator/*</c> endpoints used by tests and the build: health, shutdown, reset,
/// statistics, recorded requests, the fault switches and canned answers. They are never recorded or faulted.
/// </summary>
internal sealed class AdminEndpoints
{
    private const int MaxFaultDocumentBytes = 64 * 1024;

    private readonly EmulatorState _state;

    public AdminEndpoints(EmulatorState state, Action shutdown)
    {
        _state = state;
        Routes = new AdminRoutes("admin endpoint")
            .MapCommon(state, shutdown)
            .Map("faults", "PUT", PutFaultsAsync)
            .Map("canned", "GET", () => _state.Canned.ToJson())
            .Map("canned", "PUT", PutCannedAsync)
            .Map("canned", "POST", PutCannedAsync)
            .Map("canned", "DELETE", () =>
            {
                _state.Canned.Clear();
                return _state.Canned.ToJson();
            })
            .Map("clock", "GET", ClockJson)
            .Map("clock", "POST", AdvanceClockAsync);
    }

    /// <summary>health, shutdown, reset, stats, requests, faults, canned and clock.</summary>
    public AdminRoutes Routes { get; }

    private JsonObject ClockJson() => new()
    {
        ["now"] = _state.Now.ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", System.Globalization.CultureInfo.InvariantCulture),
        ["offsetSec"] = _state.Clock.Offset.TotalSeconds,
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
            await Routes.WriteAsync(http, 400, AdminRoutes.Problem(Usage)).ConfigureAwait(false);
            return;
        }

        _state.Clock.Advance(TimeSpan.FromSeconds(seconds));
        await Routes.WriteAsync(http, 200, ClockJson()).ConfigureAwait(false);
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
            await Routes.WriteAsync(http, 400, AdminRoutes.Problem(ex.Message)).ConfigureAwait(false);
            return;
        }

        await Routes.WriteAsync(http, 200, _state.Canned.ToJson()).ConfigureAwait(false);
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
            await Routes.WriteAsync(http, 400, AdminRoutes.Problem("Send a JSON object such as {\"errorRate\":0.5}.")).ConfigureAwait(false);
            return;
        }

        try
        {
            _state.Faults.Apply(changes);
        }
        catch (ArgumentException ex)
        {
            await Routes.WriteAsync(http, 400, AdminRoutes.Problem(ex.Message)).ConfigureAwait(false);
            return;
        }

        await Routes.WriteAsync(http, 200, _state.Faults.ToJson()).ConfigureAwait(false);
    }

    /// <summary>Reads a JSON body of at most 64 KB; answers 400/413 itself and returns null when it is not usable.</summary>
    private async Task<JsonNode?> ReadDocumentAsync(HttpContext http)
    {
        JsonNode? document;
        try
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var buffer = new char[MaxFaultDocumentBytes + 1];
            var length = await reader.ReadBlockAsync(buffer.AsMemory(), http.RequestAborted).ConfigureAwait(false);
            if (length > MaxFaultDocumentBytes)
            {
                await Routes.WriteAsync(http, 413, AdminRoutes.Problem("The document is larger than 64 KB.")).ConfigureAwait(false);
                return null;
            }

            document = JsonNode.Parse(new string(buffer, 0, length));
        }
        catch (JsonException ex)
        {
            await Routes.WriteAsync(http, 400, AdminRoutes.Problem("The body is not valid JSON: " + ex.Message)).ConfigureAwait(false);
            return null;
        }

        if (document is null)
        {
            await Routes.WriteAsync(http, 400, AdminRoutes.Problem("The body is empty; send a JSON document.")).ConfigureAwait(false);
        }

        return document;
    }
}
