using System;
using System.Globalization;
using System.Text;
using System.Threading.Tasks;
using Emulator.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace FalconX.Emulator;

/// <summary>
/// Runs every API request through the same steps as the real gateway (URL length, routing, rate limit, bearer check)
/// and through the fault switches, then records what was received.
/// </summary>
internal sealed class ApiPipeline
{
    private readonly EmulatorState _state;
    private readonly RouteTable _routes;

    public ApiPipeline(EmulatorState state, RouteTable routes)
    {
        _state = state;
        _routes = routes;
    }

    public async Task HandleAsync(HttpContext http)
    {
        _state.Stats.RequestStarted();
        var counting = new CountingStream(http.Request.Body);
        http.Request.Body = counting;
        var request = new ApiRequest(http, _state.Now);
        var path = request.Path;
        var routeKey = request.Method + " " + path;
        var status = 0;
        var recorded = false;
        void RecordOnce()
        {
            if (recorded)
            {
                return;
            }

            recorded = true;
            // Counted here rather than in the handler, so token requests that met a fault or the rate limit count too.
            if (request.Method == "POST" && string.Equals(path, "/oauth2/token", StringComparison.OrdinalIgnoreCase))
            {
                _state.Stats.TokenRequested();
            }

            _state.Stats.Record(routeKey, new RecordedRequest(
                request.Method, path, http.Request.QueryString.Value ?? string.Empty, status, request.ReceivedAt, counting.BytesRead, request.TokenId));
        }

        try
        {
            var response = await ProduceAsync(request).ConfigureAwait(false);
            status = response.Status;
            // Recorded before the answer goes out: a client holding the answer can rely on the request being counted.
            RecordOnce();
            await WriteAsync(request, response).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing left to answer. 499 is the nginx convention for this in logs.
            status = 499;
        }
        finally
        {
            RecordOnce();
            _state.Stats.RequestEnded();
        }
    }

    private async Task<ApiResponse> ProduceAsync(ApiRequest request)
    {
        var faults = _state.Faults;
        var http = request.Http;
        http.Response.Headers["X-Cs-Traceid"] = request.TraceId;

        var latency = faults.LatencyMs;
        if (latency > 0)
        {
            await Task.Delay(latency, http.RequestAborted).ConfigureAwait(false);
        }

        var decision = _state.RateLimiter.Check(request.ReceivedAt, faults.RateLimitPerMinute, TimeSpan.FromSeconds(faults.RateLimitWindowSec), http.Connection.Id);
        if (decision.Early)
        {
            _state.Stats.EarlyRetry();
        }

        http.Response.Headers["X-Ratelimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["X-Ratelimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        if (!decision.Allowed)
        {
            _state.Stats.RateLimitHit();
            return Envelope.Error(request, StatusCodes.Status429TooManyRequests, "API rate limit exceeded.")
                .With("X-Ratelimit-Retryafter", decision.RetryAfterEpochSeconds.ToString(CultureInfo.InvariantCulture));
        }

        var urlLength = request.Path.Length + (http.Request.QueryString.Value?.Length ?? 0);
        if (urlLength > _state.Options.MaxUrlLength)
        {
            return Envelope.Error(request, StatusCodes.Status414RequestUriTooLong,
                $"request URL is {urlLength} characters; the limit is {_state.Options.MaxUrlLength}. Send fewer ids per request.");
        }

        var handler = _routes.Find(request.Method, request.Path);
        if (handler is null)
        {
            return _routes.PathExists(request.Path)
                ? Envelope.Error(request, StatusCodes.Status405MethodNotAllowed,
                    $"method {request.Method} is not allowed on {request.Path}; use {string.Join(" or ", _routes.MethodsFor(request.Path))}.")
                : Envelope.Error(request, StatusCodes.Status404NotFound, $"no route for {request.Method} {request.Path}.");
        }

        if (!_routes.IsAnonymous(request.Path))
        {
            var token = HttpAnswers.BearerToken(http);
            if (token is not null)
            {
                request.TokenId = TokenStore.IdOf(token);
            }

            if (token is null || !_state.Tokens.IsValid(token, request.ReceivedAt))
            {
                return Envelope.Error(request, StatusCodes.Status401Unauthorized, "access denied, invalid bearer token");
            }

            if (Scopes.For(request.Method, request.Path) is string scope && !faults.HasScope(scope))
            {
                // The real API names no scope: the same words as an IP allow-list refusal.
                return Envelope.Error(request, StatusCodes.Status403Forbidden, "access denied, authorization failed");
            }
        }

        if (_state.Canned.TryTake(request.Method, request.Path, out var canned))
        {
            // In place of the route, so it has no side effect; never faulted on top.
            _state.Stats.FaultInjected("canned");
            return canned.ToResponse();
        }

        request.ErrorFaultsApply = faults.MatchesErrorRoute(request.Method, request.Path);
        request.DropFaultsApply = faults.MatchesDropRoute(request.Method, request.Path);
        if (request.ErrorFaultsApply)
        {
            var failStatus = faults.TryConsumeFailNext();
            if (failStatus == 0 && faults.Roll(faults.ErrorRate))
            {
                failStatus = faults.PickErrorStatus();
            }

            if (failStatus != 0)
            {
                _state.Stats.FaultInjected("error");
                var injected = Envelope.Error(request, failStatus, ReasonPhrases.GetReasonPhrase(failStatus).ToLowerInvariant());
                if (failStatus == StatusCodes.Status429TooManyRequests)
                {
                    injected.With("X-Ratelimit-Retryafter", (request.ReceivedAt.ToUnixTimeSeconds() + 1).ToString(CultureInfo.InvariantCulture));
                }

                return injected;
            }

            if (faults.Roll(faults.HtmlErrorRate))
            {
                _state.Stats.FaultInjected("html");
                return ApiResponse.Bytes(StatusCodes.Status502BadGateway, "text/html", Encoding.ASCII.GetBytes(HttpAnswers.NginxErrorPage(StatusCodes.Status502BadGateway)));
            }
        }

        return await handler(request).ConfigureAwait(false);
    }

    private async Task WriteAsync(ApiRequest request, ApiResponse response)
    {
        var http = request.Http;
        var faults = _state.Faults;
        var drop = request.DropFaultsApply && faults.Roll(faults.DropConnectionRate);
        var truncate = !drop && request.ErrorFaultsApply && response.IsJson && faults.Roll(faults.TruncatedJsonRate);
        if (drop || truncate)
        {
            _state.Stats.FaultInjected(drop ? "dropped" : "truncated");
        }

        http.Response.StatusCode = response.Status;
        http.Response.ContentType = response.ContentType;
        foreach (var (name, value) in response.Headers)
        {
            http.Response.Headers[name] = value;
        }

        if (response.CloseConnection)
        {
            http.Response.Headers.Connection = "close";
        }

        if (response.BodyFile is not null)
        {
            await WriteFileAsync(http, response.BodyFile, drop).ConfigureAwait(false);
            return;
        }

        var body = response.Body;
        if (truncate)
        {
            // A well-framed answer whose JSON simply stops, as when a proxy cuts the upstream short.
            http.Response.ContentLength = body.Length / 2;
            await http.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), http.RequestAborted).ConfigureAwait(false);
            return;
        }

        http.Response.ContentLength = body.Length;
        if (drop)
        {
            // Promise the full length, send half, then reset the connection: the client sees a body that ends early.
            await http.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), http.RequestAborted).ConfigureAwait(false);
            await http.Response.Body.FlushAsync(http.RequestAborted).ConfigureAwait(false);
            http.Abort();
            return;
        }

        await http.Response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteFileAsync(HttpContext http, string path, bool drop)
    {
        var file = HttpAnswers.OpenForSending(path);
        await using (file.ConfigureAwait(false))
        {
            http.Response.ContentLength = file.Length;
            if (!drop)
            {
                await file.CopyToAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
                return;
            }

            var half = new byte[(int)Math.Min(file.Length / 2, 1024 * 1024)];
            await file.ReadExactlyAsync(half, http.RequestAborted).ConfigureAwait(false);
            await http.Response.Body.WriteAsync(half, http.RequestAborted).ConfigureAwait(false);
            await http.Response.Body.FlushAsync(http.RequestAborted).ConfigureAwait(false);
            http.Abort();
        }
    }
}
