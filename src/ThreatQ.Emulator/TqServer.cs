using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Emulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ThreatQ.Emulator;

/// <summary>An answer an API handler produced: JSON, bytes or a file, plus extra headers.</summary>
internal sealed class TqResponse
{
    public int Status { get; init; } = 200;

    public JsonNode? Json { get; init; }

    public byte[]? Bytes { get; init; }

    public string? FilePath { get; init; }

    public string ContentType { get; init; } = "application/json";

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static TqResponse Ok(JsonNode json, int status = 200) => new() { Status = status, Json = json };

    public static TqResponse Error(int status, params string[] messages) => new() { Status = status, Json = TqJson.Errors(messages) };
}

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
        int.TryParse(Query(name), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : fallback;

    /// <summary>The JSON body, or null when it is empty; throws <see cref="JsonException"/> when it is not JSON.</summary>
    public async Task<JsonNode?> JsonBodyAsync()
    {
        using var reader = new StreamReader(Http.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(Http.RequestAborted).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
    }
}

/// <summary>Shared state of one running emulator.</summary>
internal sealed class TqState
{
    private long _clockOffsetTicks;
    private long _retryAfterTicks;

    public TqState(TqOptions options, string dataDir)
    {
        Options = options;
        DataDir = dataDir;
        Faults = new TqFaults(options);
    }

    public TqOptions Options { get; }

    public string DataDir { get; }

    public TqFaults Faults { get; }

    public TqStats Stats { get; } = new();

    public TqStore Store { get; } = new();

    public TqTokens Tokens { get; } = new();

    /// <summary>The emulator's clock: the real one plus whatever <c>POST /_emulator/clock</c> moved it by.</summary>
    public DateTimeOffset Now => DateTimeOffset.UtcNow + TimeSpan.FromTicks(Interlocked.Read(ref _clockOffsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _clockOffsetTicks, by.Ticks);

    /// <summary>When the last 429 said the client may come back.</summary>
    public DateTimeOffset RetryAfter
    {
        get => new(Interlocked.Read(ref _retryAfterTicks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _retryAfterTicks, value.UtcTicks);
    }

    public void Reset()
    {
        Store.Clear();
        Stats.Reset();
        Faults.Reset();
        Interlocked.Exchange(ref _retryAfterTicks, 0);
        foreach (var file in Directory.EnumerateFiles(DataDir))
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Still being downloaded; the directory goes at shutdown.
            }
        }
    }
}

/// <summary>
/// A running ThreatQ API emulator on 127.0.0.1, used in-process by the xunit tests and by <see cref="Program"/>.
/// </summary>
public sealed class TqServer : IAsyncDisposable
{
    private static readonly CompositeFormat NginxPage = CompositeFormat.Parse("<html>\r\n<head><title>{0} {1}</title></head>\r\n<body>\r\n<center><h1>{0} {1}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");

    private readonly WebApplication _app;
    private readonly TqState _state;
    private readonly bool _ownsDataDir;
    private int _disposed;

    private TqServer(WebApplication app, TqState state, bool ownsDataDir, Uri baseUrl)
    {
        _app = app;
        _state = state;
        _ownsDataDir = ownsDataDir;
        BaseUrl = baseUrl;
    }

    /// <summary>http://127.0.0.1:&lt;port&gt;</summary>
    public Uri BaseUrl { get; }

    public TqOptions Options => _state.Options;

    public TqFaults Faults => _state.Faults;

    public TqStats Stats => _state.Stats;

    public TqStore Store => _state.Store;

    /// <summary>Moves the emulator's clock forward (token expiry without waiting).</summary>
    public void AdvanceClock(TimeSpan by) => _state.Advance(by);

    /// <summary>Expires every issued access token now; returns how many.</summary>
    public int ExpireTokens() => _state.Tokens.ExpireAll();

    /// <summary>Clears objects, counters and faults (issued tokens stay valid).</summary>
    public void Reset() => _state.Reset();

    public static async Task<TqServer> StartAsync(TqOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options.Clone();
        var ownsDataDir = options.DataDir is null;
        var dataDir = options.DataDir ?? Path.Combine(Path.GetTempPath(), "threatq-emulator-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        var state = new TqState(options, dataDir);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(TqServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        var app = builder.Build();
        var api = new TqApi(state);
        var admin = new TqAdmin(state, api, () => app.Lifetime.StopApplication());
        app.Run(http => (http.Request.Path.Value ?? string.Empty).StartsWith(TqAdmin.Prefix, StringComparison.OrdinalIgnoreCase)
            ? admin.HandleAsync(http)
            : HandleAsync(state, api, http));

        await app.StartAsync(ct).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TqServer(app, state, ownsDataDir, new Uri($"http://127.0.0.1:{new Uri(address).Port}"));
    }

    public void RequestShutdown() => _app.Lifetime.StopApplication();

    public Task WaitForShutdownAsync(CancellationToken ct = default) => _app.WaitForShutdownAsync(ct);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            if (_ownsDataDir)
            {
                try
                {
                    Directory.Delete(_state.DataDir, recursive: true);
                }
                catch (IOException)
                {
                    // A file still open; it lives in the temp directory.
                }
            }
        }
    }

    /// <summary>
    /// Every API request: route, Retry-After bookkeeping, faults (429, 5xx, dropped connection before or after the
    /// work), bearer check, the handler, then the answer; recorded before the answer goes out.
    /// </summary>
    private static async Task HandleAsync(TqState state, TqApi api, HttpContext http)
    {
        var counting = new CountingStream(http.Request.Body);
        http.Request.Body = counting;
        var now = state.Now;
        var method = http.Request.Method;
        var path = http.Request.Path.Value ?? "/";
        string? tokenId = null;
        string? fault = null;
        var route = method + " " + path;
        var status = 0;

        void Record() => state.Stats.Record(new TqRecordedRequest(method, path, route, Redact(http.Request.QueryString.Value), status, now, counting.BytesRead, tokenId, fault));

        try
        {
            if (state.Faults.LatencyMs > 0)
            {
                await Task.Delay(state.Faults.LatencyMs, http.RequestAborted).ConfigureAwait(false);
            }

            if (now < state.RetryAfter)
            {
                state.Stats.EarlyRetry();
            }

            var resolved = api.Resolve(method, path);
            if (resolved.Template is not null)
            {
                route = method + " " + resolved.Template;
            }

            if (route == "POST /api/token")
            {
                state.Stats.TokenRequested();
            }

            TqResponse response;
            var drop = false;
            if (resolved.Handler is null)
            {
                response = resolved.Template is null
                    ? TqResponse.Error(404, $"The requested URL {path} was not found on this server.")
                    : TqResponse.Error(405, $"The {method} method is not supported for this route.");
            }
            else
            {
                var decision = state.Faults.Decide(method, path);
                if (decision.Throttle)
                {
                    fault = "throttle";
                    var seconds = Math.Max(1, state.Faults.RetryAfterSec);
                    state.RetryAfter = now.AddSeconds(seconds);
                    response = TqResponse.Error(429, "Too Many Attempts.");
                    response.Headers["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (decision.ErrorStatus != 0)
                {
                    fault = "error";
                    response = decision.ErrorStatus == 500 || decision.ErrorStatus < 500
                        ? TqResponse.Error(decision.ErrorStatus, decision.ErrorStatus == 500 ? "Server Error" : ReasonPhrases.GetReasonPhrase(decision.ErrorStatus))
                        : new TqResponse
                        {
                            Status = decision.ErrorStatus,
                            ContentType = "text/html",
                            Bytes = Encoding.ASCII.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, NginxPage, decision.ErrorStatus, ReasonPhrases.GetReasonPhrase(decision.ErrorStatus))),
                        };
                }
                else if (decision.Drop && state.Faults.DropMode == "before")
                {
                    fault = "drop";
                    status = 0;
                    Record();
                    http.Abort();
                    return;
                }
                else
                {
                    drop = decision.Drop;
                    var token = BearerToken(http);
                    tokenId = token is null ? null : TqTokens.IdOf(token);
                    var tokenState = token is null ? TokenState.Unknown : state.Tokens.Check(token, now);
                    if (!resolved.Anonymous && tokenState != TokenState.Valid)
                    {
                        state.Stats.Denied();
                        response = TqResponse.Error(401, tokenState == TokenState.Expired ? "Token has expired." : "Unauthenticated.");
                    }
                    else
                    {
                        var call = new TqCall(http, path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray(), now);
                        try
                        {
                            response = await resolved.Handler(call).ConfigureAwait(false);
                        }
                        catch (JsonException ex)
                        {
                            response = TqResponse.Error(400, "The request body is not valid JSON: " + ex.Message);
                        }
                        catch (InvalidOperationException ex) when (ex.Message.Contains("JSON", StringComparison.OrdinalIgnoreCase))
                        {
                            response = TqResponse.Error(400, "The request body is not in the expected JSON shape: " + ex.Message);
                        }
                    }
                }
            }

            status = response.Status;
            if (drop)
            {
                // The work is done; the client never learns it.
                fault = "drop";
                status = 0;
                Record();
                http.Abort();
                return;
            }

            Record();
            await WriteAsync(http, response).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            status = 499;
            Record();
        }
    }

    private static async Task WriteAsync(HttpContext http, TqResponse response)
    {
        http.Response.StatusCode = response.Status;
        http.Response.ContentType = response.ContentType;
        foreach (var (name, value) in response.Headers)
        {
            http.Response.Headers[name] = value;
        }

        if (response.FilePath is not null)
        {
            var file = new FileStream(response.FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                http.Response.ContentLength = file.Length;
                await file.CopyToAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
            }

            return;
        }

        var body = response.Bytes ?? Encoding.UTF8.GetBytes((response.Json ?? new JsonObject()).ToJsonString(TqJson.Output));
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
    }

    private static readonly string[] SecretParameters = ["refresh_token", "password", "client_secret", "access_token"];

    /// <summary>The query string for the request log, with secret values (the refresh grant sends its token in the query) replaced.</summary>
    internal static string Redact(string? query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return string.Empty;
        }

        var parts = query.TrimStart('?').Split('&');
        for (var i = 0; i < parts.Length; i++)
        {
            var eq = parts[i].IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq < 0 ? parts[i] : parts[i][..eq]);
            if (eq >= 0 && SecretParameters.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                parts[i] = parts[i][..eq] + "=***";
            }
        }

        return "?" + string.Join('&', parts);
    }

    internal static string? BearerToken(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (header.Length > scheme.Length && header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            var token = header[scheme.Length..].Trim();
            return token.Length == 0 ? null : token;
        }

        return null;
    }
}

/// <summary>A host lifetime that hooks no process signals; <see cref="Program"/> handles Ctrl+C and SIGTERM itself.</summary>
internal sealed class QuietLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
