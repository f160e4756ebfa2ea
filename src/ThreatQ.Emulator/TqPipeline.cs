using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Emulator.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace ThreatQ.Emulator;

/// <summary>
/// Every API request: route, Retry-After bookkeeping, faults (429, 5xx, dropped connection before or after the
/// work), bearer check, the handler, then the answer; recorded before the answer goes out.
/// </summary>
internal sealed class TqPipeline
{
    private static readonly string[] SecretParameters = ["refresh_token", "password", "client_secret", "access_token"];

    private readonly TqState _state;
    private readonly TqApi _api;

    public TqPipeline(TqState state, TqApi api)
    {
        _state = state;
        _api = api;
    }

    public async Task HandleAsync(HttpContext http)
    {
        var state = _state;
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

        void Drop()
        {
            fault = "drop";
            status = 0;
            Record();
            http.Abort();
        }

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

            var resolved = _api.Resolve(method, path);
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
                    response.Headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture);
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
                            Bytes = Encoding.ASCII.GetBytes(HttpAnswers.NginxErrorPage(decision.ErrorStatus)),
                        };
                }
                else if (decision.Drop && state.Faults.DropMode == "before")
                {
                    Drop();
                    return;
                }
                else
                {
                    drop = decision.Drop;
                    var token = HttpAnswers.BearerToken(http);
                    tokenId = token is null ? null : TqTokens.IdOf(token);
                    var tokenState = token is null ? TokenState.Unknown : state.Tokens.Check(token, now);
                    if (!resolved.Anonymous && tokenState != TokenState.Valid)
                    {
                        state.Stats.Denied();
                        response = TqResponse.Error(401, tokenState == TokenState.Expired ? "Token has expired." : "Unauthenticated.");
                    }
                    else
                    {
                        response = await RunAsync(resolved.Handler, new TqCall(http, path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray(), now)).ConfigureAwait(false);
                    }
                }
            }

            status = response.Status;
            if (drop)
            {
                // The work is done; the client never learns it.
                Drop();
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

    /// <summary>Runs the route's handler; a body that is not JSON, or not the JSON expected, is a 400.</summary>
    private static async Task<TqResponse> RunAsync(TqHandler handler, TqCall call)
    {
        try
        {
            return await handler(call).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return TqResponse.Error(400, "The request body is not valid JSON: " + ex.Message);
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("JSON", StringComparison.OrdinalIgnoreCase))
        {
            return TqResponse.Error(400, "The request body is not in the expected JSON shape: " + ex.Message);
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
            var file = HttpAnswers.OpenForSending(response.FilePath);
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
}
