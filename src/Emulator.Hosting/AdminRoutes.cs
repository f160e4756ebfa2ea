using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Emulator.Hosting;

/// <summary>
/// The unauthenticated <c>/_emulator/{name}</c> routes by name and method: 404 naming the known routes for an unknown
/// name, 405 for a known name with another method. They are never recorded or faulted.
/// </summary>
public sealed class AdminRoutes
{
    /// <summary>Every admin route starts with this; everything else is the emulated API.</summary>
    public const string Prefix = "/_emulator/";

    private readonly Dictionary<string, Dictionary<string, RequestDelegate>> _routes = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private readonly string _noun;
    private readonly JsonSerializerOptions? _output;
    private readonly Func<Exception, bool>? _isBadInput;

    /// <param name="noun">How the 404 message calls a route ("admin endpoint", "admin route").</param>
    /// <param name="output">How answers are serialised; null = the System.Text.Json defaults.</param>
    /// <param name="isBadInput">Exceptions from a handler that mean a bad request: answered 400 with their message.</param>
    public AdminRoutes(string noun, JsonSerializerOptions? output = null, Func<Exception, bool>? isBadInput = null)
    {
        _noun = noun;
        _output = output;
        _isBadInput = isBadInput;
    }

    /// <summary>One request delegate for the whole server: admin routes here, everything else to <paramref name="api"/>.</summary>
    public RequestDelegate Before(RequestDelegate api) => http =>
        (http.Request.Path.Value ?? string.Empty).StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? HandleAsync(http) : api(http);

    /// <summary>Adds a route; names are listed in the 404 message in the order they were first mapped.</summary>
    public AdminRoutes Map(string name, string method, RequestDelegate handler)
    {
        if (!_routes.TryGetValue(name, out var byMethod))
        {
            _routes[name] = byMethod = new Dictionary<string, RequestDelegate>(StringComparer.Ordinal);
            _names.Add(name);
        }

        byMethod[method] = handler;
        return this;
    }

    /// <summary>Adds a route that answers 200 with <paramref name="answer"/>'s JSON.</summary>
    public AdminRoutes Map(string name, string method, Func<JsonNode> answer) =>
        Map(name, method, http => WriteAsync(http, 200, answer()));

    /// <summary>
    /// The routes every emulator has: GET health, POST shutdown (answers, then stops the server), POST reset, GET stats,
    /// GET requests, GET faults.
    /// </summary>
    public AdminRoutes MapCommon(IEmulatorAdmin emulator, Action shutdown)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        ArgumentNullException.ThrowIfNull(shutdown);
        return Map("health", "GET", emulator.Health)
            .Map("shutdown", "POST", async http =>
            {
                await WriteAsync(http, 200, new JsonObject { ["status"] = "stopping" }).ConfigureAwait(false);
                await http.Response.CompleteAsync().ConfigureAwait(false);
                shutdown();
            })
            .Map("reset", "POST", () =>
            {
                emulator.Reset();
                return new JsonObject { ["status"] = "reset" };
            })
            .Map("stats", "GET", emulator.StatsJson)
            .Map("requests", "GET", emulator.RequestsJson)
            .Map("faults", "GET", emulator.FaultsJson);
    }

    public async Task HandleAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            await DispatchAsync(http).ConfigureAwait(false);
        }
        catch (Exception ex) when (_isBadInput?.Invoke(ex) == true)
        {
            await WriteAsync(http, 400, Problem(ex.Message)).ConfigureAwait(false);
        }
    }

    private Task DispatchAsync(HttpContext http)
    {
        var method = http.Request.Method;
        var name = (http.Request.Path.Value ?? string.Empty)[Prefix.Length..].TrimEnd('/').ToLowerInvariant();
        if (!_routes.TryGetValue(name, out var byMethod))
        {
            return WriteAsync(http, 404, Problem($"Unknown {_noun} {http.Request.Path}. Known: {string.Join(", ", _names)}."));
        }

        return byMethod.TryGetValue(method, out var handler)
            ? handler(http)
            : WriteAsync(http, 405, Problem($"{method} is not allowed on {http.Request.Path}."));
    }

    /// <summary>An admin answer: JSON with a Content-Length.</summary>
    public async Task WriteAsync(HttpContext http, int status, JsonNode body)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(body);
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString(_output));
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = bytes.Length;
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The body of an admin error: <c>{"error": message}</c>.</summary>
    public static JsonObject Problem(string message) => new() { ["error"] = message };
}
