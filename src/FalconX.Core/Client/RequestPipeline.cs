using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace FalconX.Client;

/// <summary>
/// Sends <see cref="ApiRequest"/>s through a Polly pipeline: overall timeout → retry (our own decisions about what is
/// safe to repeat and how long to wait) → per-attempt timeout → one attempt (shared 429 cooldown, bearer token, one
/// re-authentication after an unexpected 401, envelope parsing, logging).
/// </summary>
internal sealed class RequestPipeline
{
    private static readonly ResiliencePropertyKey<CallState> StateKey = new("FalconX.CallState");
    private static readonly TimeSpan RetryAfterMargin = TimeSpan.FromMilliseconds(25);
    private static readonly Regex SecretFields = new(
        "\"(access_token|refresh_token|id_token|client_secret|token|password|document_password)\"\\s*:\\s*\"(?:[^\"\\\\]|\\\\.)*\"",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private const int DebugBodyLimit = 4096;

    private readonly FalconXClientOptions _options;
    private readonly HttpClient _http;
    private readonly Func<Uri> _baseUrl;
    private readonly ResiliencePipeline<AttemptResult> _pipeline;
    private readonly Random _jitter = new();

    public RequestPipeline(FalconXClientOptions options, HttpClient http, Func<Uri> baseUrl)
    {
        _options = options;
        _http = http;
        _baseUrl = baseUrl;
        Gate = new RateLimitGate(options.TimeProvider);
        _pipeline = new ResiliencePipelineBuilder<AttemptResult> { TimeProvider = options.TimeProvider }
            .AddTimeout(new TimeoutStrategyOptions
            {
                Name = "FalconX.OverallTimeout",
                TimeoutGenerator = _ => new ValueTask<TimeSpan>(options.OverallTimeout),
            })
            .AddRetry(new RetryStrategyOptions<AttemptResult>
            {
                Name = "FalconX.Retry",
                // The real bounds (retries per kind, total 429 wait) are enforced in ShouldRetry.
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome, args.Context)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Context.Properties.GetValue(StateKey, null!).NextDelay),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .AddTimeout(new TimeoutStrategyOptions
            {
                Name = "FalconX.AttemptTimeout",
                TimeoutGenerator = _ => new ValueTask<TimeSpan>(options.AttemptTimeout),
            })
            .Build();
    }

    /// <summary>The shared 429 cooldown of this client.</summary>
    public RateLimitGate Gate { get; }

    /// <summary>Supplies bearer tokens; set once by the client right after construction.</summary>
    public TokenProvider? Tokens { get; set; }

    /// <summary>Called with the meta of every parsed answer (the client keeps the last quota from it).</summary>
    public Action<ApiMeta>? MetaObserved { get; set; }

    /// <summary>Sends a request and returns the parsed envelope of a 2xx answer; throws <see cref="FalconXApiException"/> otherwise.</summary>
    public async Task<ApiResponse> SendAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        using var result = await ExecuteAsync(request, streaming: false, cancellationToken).ConfigureAwait(false);
        return result.Response!;
    }

    /// <summary>Sends a request and returns the body of a 2xx answer as a stream; error answers are parsed and thrown as usual.</summary>
    public async Task<ApiStreamResponse> SendStreamAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var result = await ExecuteAsync(request, streaming: true, cancellationToken).ConfigureAwait(false);
        if (result.Stream is not null)
        {
            return result.Stream;
        }

        // A 2xx that was buffered (e.g. an empty body) still has to come back as a stream.
        var bytes = result.Response is null ? Array.Empty<byte>() : Encoding.UTF8.GetBytes(result.Response.Root.ValueKind == System.Text.Json.JsonValueKind.Undefined ? string.Empty : result.Response.Root.GetRawText());
        var message = new HttpResponseMessage((HttpStatusCode)result.StatusCode) { Content = new ByteArrayContent(bytes) };
        return new ApiStreamResponse(message, new MemoryStream(bytes, writable: false), result.Response?.Headers ?? new System.Collections.Generic.Dictionary<string, string>(), result.Response?.TraceId);
    }

    private async Task<AttemptResult> ExecuteAsync(ApiRequest request, bool streaming, CancellationToken cancellationToken)
    {
        var state = new CallState(request, streaming);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StateKey, state);
        try
        {
            var result = await _pipeline.ExecuteAsync(static (ctx, self) => self.AttemptAsync(ctx), context, this).ConfigureAwait(false);
            if (result.Failure is not null)
            {
                result.Dispose();
                if (_options.OverallTimeout != Timeout.InfiniteTimeSpan && state.Elapsed >= _options.OverallTimeout)
                {
                    // The overall timeout cut the retries short: that, not the last answer, is why the call failed.
                    throw new FalconXApiException(FalconXErrorKind.Timeout, $"The call did not complete within the overall timeout of {Format(_options.OverallTimeout)}{RetrySuffix(state)}; the last answer was HTTP {result.StatusCode}.", null, request.Method.Method, "/" + request.Path, result.Failure.Errors, result.Failure.TraceId, result.Failure);
                }

                throw WithRetryNote(result.Failure, state);
            }

            return result;
        }
        catch (FalconXApiException)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TimeoutRejectedException ex)
        {
            var overall = ex.Timeout == _options.OverallTimeout && ex.Timeout != _options.AttemptTimeout;
            var summary = overall
                ? $"The call did not complete within the overall timeout of {Format(_options.OverallTimeout)}{RetrySuffix(state)}."
                : $"No answer within the attempt timeout of {Format(_options.AttemptTimeout)}{RetrySuffix(state)}.";
            throw new FalconXApiException(FalconXErrorKind.Timeout, summary, null, request.Method.Method, "/" + request.Path, innerException: ex);
        }
        catch (OperationCanceledException ex)
        {
            throw new FalconXApiException(FalconXErrorKind.Timeout, $"The request was abandoned before an answer arrived{RetrySuffix(state)}.", null, request.Method.Method, "/" + request.Path, innerException: ex);
        }
        catch (Exception ex) when (IsTransport(ex))
        {
            var host = request.BuildUri(_baseUrl()).GetLeftPart(UriPartial.Authority);
            if (IsProxyAuthenticationFailure(ex))
            {
                throw new FalconXApiException(FalconXErrorKind.ProxyAuthentication, EnvelopeParser.ProxyAuthenticationAdvice, 407, request.Method.Method, "/" + request.Path, innerException: ex);
            }

            if (IsTlsFailure(ex))
            {
                throw new FalconXApiException(
                    FalconXErrorKind.Transport,
                    $"No secure (TLS) connection to {host}: {Describe(ex)}. FalconX always checks the server's certificate and has no switch to skip that check. If a TLS-inspecting proxy re-signs traffic, add its root certificate to this machine's trusted certificates; otherwise check -BaseUrl.",
                    null,
                    request.Method.Method,
                    "/" + request.Path,
                    innerException: ex);
            }

            throw new FalconXApiException(
                FalconXErrorKind.Transport,
                $"Could not reach {host}: {Describe(ex)}{RetrySuffix(state)}. Check the network, the proxy (-Proxy) and the cloud or base URL.",
                null,
                request.Method.Method,
                "/" + request.Path,
                innerException: ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<AttemptResult> AttemptAsync(ResilienceContext context)
    {
        var state = context.Properties.GetValue(StateKey, null!);
        var cancellationToken = context.CancellationToken;
        state.Attempts++;

        string? token = null;
        if (state.Request.Authenticated)
        {
            token = await Tokens!.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        }

        var result = await SendOnceAsync(state, token, cancellationToken).ConfigureAwait(false);
        if (result.StatusCode == 401 && state.Request.Authenticated)
        {
            // The token may have been revoked, the clocks disagree, or this attempt waited (rate-limit gate, busy
            // machine) until its token ran out: one fresh token, one more try. Once per attempt, not per call: a call
            // whose later attempt (after a 5xx) meets an expired token again deserves the same second chance, and a 401
            // on the fresh token still ends the call.
            state.Reauthentications++;
            result.Dispose();
            Log(FalconXLogLevel.Verbose, $"{state.Label}: 401 with a token that should still be valid; getting a new token and trying once more.");
            Tokens!.Invalidate(token);
            token = await Tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            result = await SendOnceAsync(state, token, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private async Task<AttemptResult> SendOnceAsync(CallState state, string? token, CancellationToken cancellationToken)
    {
        var request = state.Request;
        using var message = new HttpRequestMessage(request.Method, request.BuildUri(_baseUrl()));
        message.Headers.Accept.ParseAdd(request.Accept);
        if (request.AuthorizationOverride is not null)
        {
            message.Headers.Authorization = request.AuthorizationOverride;
        }
        else if (token is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var header in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (request.ContentFactory is not null)
        {
            message.Content = request.ContentFactory();
        }

        if (!request.IsOAuthEndpoint && request.DebugBody is not null && state.Attempts == 1)
        {
            Log(FalconXLogLevel.Debug, $"{state.Label} request body: {Shorten(Mask(request.DebugBody))}");
        }

        var place = await Gate.EnterAsync(_options.MaxRateLimitWait - state.RateLimitWaited, w => state.RateLimitWaited += w, cancellationToken).ConfigureAwait(false);
        if (place is null)
        {
            var until = Gate.NotBefore ?? _options.TimeProvider.GetUtcNow();
            throw new FalconXApiException(
                FalconXErrorKind.RateLimit,
                $"Rate limited: the API accepts no request from this client before {until:HH:mm:ss} UTC, {Format(until - _options.TimeProvider.GetUtcNow())} away, beyond the {Format(_options.MaxRateLimitWait)} allowed for one call.",
                429,
                request.Method.Method,
                "/" + request.Path)
            {
                RetryAfter = until,
            };
        }

        var clock = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            place.Dispose();
            Log(FalconXLogLevel.Verbose, $"{state.Label} → no answer after {clock.ElapsedMilliseconds} ms (attempt {state.Attempts}).");
            throw;
        }
        catch (Exception ex)
        {
            place.Dispose();
            Log(FalconXLogLevel.Verbose, $"{state.Label} → failed after {clock.ElapsedMilliseconds} ms: {Describe(ex)}.");
            throw;
        }

        var keepResponse = false;
        try
        {
            var status = (int)response.StatusCode;
            var headers = EnvelopeParser.ReadHeaders(response);
            var receivedAt = _options.TimeProvider.GetUtcNow();
            var headerRateLimit = EnvelopeParser.ReadRateLimit(headers, receivedAt);
            Gate.Observe(headerRateLimit.Remaining);
            if (status == 429 && headerRateLimit.RetryAfter is DateTimeOffset retryAfter)
            {
                // Hold every other call of this client before this answer lets them go.
                Gate.Block(Max(retryAfter + RetryAfterMargin, receivedAt + _options.MinimumRateLimitWait));
            }

            if (state.Streaming && status >= 200 && status < 300)
            {
                var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                var rate = EnvelopeParser.ReadRateLimit(headers, receivedAt);
                var trace = headers.TryGetValue("X-Cs-Traceid", out var t) ? t : null;
                LogAnswer(state, status, clock.Elapsed, rate.Remaining, trace, response.Content.Headers.ContentType?.MediaType);
                keepResponse = true;
                return new AttemptResult { StatusCode = status, Stream = new ApiStreamResponse(response, stream, headers, trace) };
            }

            byte[] body;
            using (var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            using (var buffer = new MemoryStream())
            {
                await stream.CopyToAsync(buffer, 81920, cancellationToken).ConfigureAwait(false);
                body = buffer.ToArray();
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var parsed = EnvelopeParser.Parse(status, mediaType, body, headers, request.Method.Method, "/" + request.Path, receivedAt, out var failure);
            var rateLimit = parsed?.RateLimit ?? EnvelopeParser.ReadRateLimit(headers, receivedAt);
            LogAnswer(state, status, clock.Elapsed, rateLimit.Remaining, parsed?.TraceId ?? failure?.TraceId, null);
            if (!request.IsOAuthEndpoint && body.Length > 0)
            {
                Log(FalconXLogLevel.Debug, $"{state.Label} response body: {Shorten(Mask(Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, DebugBodyLimit * 2))))}");
            }

            if (parsed is not null)
            {
                MetaObserved?.Invoke(parsed.Meta);
            }
            else if (failure?.Quota is not null)
            {
                MetaObserved?.Invoke(new ApiMeta { Quota = failure.Quota });
            }

            if (headers.TryGetValue("X-Api-Deprecation", out var deprecation) || headers.TryGetValue("Deprecation", out deprecation))
            {
                Log(FalconXLogLevel.Warning, $"The API marks {request.Method.Method} /{request.Path} as deprecated ({deprecation}); a newer FalconX may use its successor.");
            }

            return new AttemptResult { StatusCode = status, Response = parsed, Failure = failure };
        }
        finally
        {
            place.Dispose();
            if (!keepResponse)
            {
                response.Dispose();
            }
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private bool ShouldRetry(Outcome<AttemptResult> outcome, ResilienceContext context)
    {
        var state = context.Properties.GetValue(StateKey, null!);
        if (context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        var safe = state.Request.RetryPolicy == RetryPolicy.Safe;
        if (outcome.Exception is Exception exception)
        {
            string what;
            bool provablyNotSent;
            if (exception is TimeoutRejectedException)
            {
                what = $"no answer within {Format(_options.AttemptTimeout)}";
                provablyNotSent = false;
            }
            else if (IsProxyAuthenticationFailure(exception) || IsTlsFailure(exception))
            {
                // Sending again changes nothing: the proxy wants credentials, or the certificate is not trusted.
                return false;
            }
            else if (IsTransport(exception))
            {
                what = Describe(exception);
                provablyNotSent = IsConnectFailure(exception);
            }
            else
            {
                return false;
            }

            if (!safe && !provablyNotSent)
            {
                Log(FalconXLogLevel.Verbose, $"{state.Label}: not retried after '{what}': the API may have received the request, and sending it again could create a second submission.");
                return false;
            }

            return TryTransientRetry(state, what);
        }

        var result = outcome.Result;
        if (result?.Failure is not FalconXApiException failure)
        {
            return false;
        }

        var status = result.StatusCode;
        if (status == 429 && failure.Kind == FalconXErrorKind.RateLimit)
        {
            return TryRateLimitRetry(state, failure);
        }

        if (status == 503)
        {
            return TryTransientRetry(state, "HTTP 503 Service Unavailable");
        }

        var transient = status >= 500 || status == 408 || (failure.Kind == FalconXErrorKind.InvalidResponse && status >= 200 && status < 300);
        if (!transient)
        {
            return false;
        }

        if (!safe)
        {
            Log(FalconXLogLevel.Verbose, $"{state.Label}: not retried after HTTP {status}: the API may have acted on the request, and sending it again could create a second submission.");
            return false;
        }

        return TryTransientRetry(state, failure.Kind == FalconXErrorKind.InvalidResponse ? $"HTTP {status} with an unreadable body" : $"HTTP {status}");
    }

    private bool TryTransientRetry(CallState state, string what)
    {
        if (state.TransientRetries >= _options.MaxRetryAttempts)
        {
            return false;
        }

        state.TransientRetries++;
        var delay = Backoff(state.TransientRetries);
        state.NextDelay = delay;
        Log(FalconXLogLevel.Verbose, $"{state.Label}: {what}; retrying in {Format(delay)} (retry {state.TransientRetries} of {_options.MaxRetryAttempts}).");
        return true;
    }

    private bool TryRateLimitRetry(CallState state, FalconXApiException failure)
    {
        var now = _options.TimeProvider.GetUtcNow();
        TimeSpan wait;
        if (failure.RetryAfter is DateTimeOffset retryAfter)
        {
            // At least until the moment the API named (plus a hair for timer rounding), never less than the floor.
            wait = retryAfter - now + RetryAfterMargin;
        }
        else
        {
            wait = TimeSpan.FromTicks(_options.MinimumRateLimitWait.Ticks * (1L << Math.Min(state.RateLimitRetries, 6)));
        }

        if (wait < _options.MinimumRateLimitWait)
        {
            wait = _options.MinimumRateLimitWait;
        }

        if (state.RateLimitRetries >= _options.MaxRateLimitRetries)
        {
            state.GiveUpNote = $"rate limited {state.RateLimitRetries + 1} times in a row";
            return false;
        }

        if (state.RateLimitWaited + wait > _options.MaxRateLimitWait)
        {
            state.GiveUpNote = $"the API asked to wait {Format(wait)} more, beyond the {Format(_options.MaxRateLimitWait)} allowed for one call";
            return false;
        }

        state.RateLimitRetries++;
        state.RateLimitWaited += wait;
        state.NextDelay = wait;
        Gate.Block(now + wait);
        Log(FalconXLogLevel.Verbose, $"{state.Label}: rate limited (429); waiting {Format(wait)} as the API asked (retry {state.RateLimitRetries} of {_options.MaxRateLimitRetries}).");
        return true;
    }

    private TimeSpan Backoff(int retry)
    {
        var exponential = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, retry - 1);
        var capped = Math.Min(exponential, _options.MaxRetryDelay.TotalMilliseconds);
        double factor;
        lock (_jitter)
        {
            factor = 0.5 + (_jitter.NextDouble() * 0.5);
        }

        return TimeSpan.FromMilliseconds(capped * factor);
    }

    private static FalconXApiException WithRetryNote(FalconXApiException failure, CallState state)
    {
        var note = state.GiveUpNote is not null ? $" Gave up: {state.GiveUpNote}." : state.TransientRetries + state.RateLimitRetries > 0 ? $" Gave up after {state.TransientRetries + state.RateLimitRetries} retries." : null;
        if (note is null)
        {
            return failure;
        }

        return new FalconXApiException(failure.Kind, failure.Summary + note, failure.StatusCode, failure.Method, failure.Path, failure.Errors, failure.TraceId)
        {
            RetryAfter = failure.RetryAfter,
            Quota = failure.Quota,
        };
    }

    private static string RetrySuffix(CallState state)
    {
        var retries = state.TransientRetries + state.RateLimitRetries;
        return retries == 0 ? string.Empty : $" (after {retries} retries)";
    }

    private void LogAnswer(CallState state, int status, TimeSpan duration, int? remaining, string? traceId, string? streamType)
    {
        var text = new StringBuilder(state.Label).Append(" → ").Append(status.ToString(CultureInfo.InvariantCulture));
        text.Append(" in ").Append(((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)).Append(" ms");
        if (streamType is not null)
        {
            text.Append(" (").Append(streamType).Append(", streamed)");
        }

        if (remaining is int r)
        {
            text.Append("; rate limit remaining ").Append(r.ToString(CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(traceId))
        {
            text.Append("; trace id ").Append(traceId);
        }

        var entry = new FalconXLogEntry(FalconXLogLevel.Verbose, text.ToString())
        {
            Method = state.Request.Method.Method,
            Path = "/" + state.Request.PathAndQuery,
            StatusCode = status,
            Duration = duration,
            RateLimitRemaining = remaining,
            TraceId = traceId,
        };
        FalconXLog.Write(_options, entry);
    }

    internal void Log(FalconXLogLevel level, string message) => FalconXLog.Write(_options, new FalconXLogEntry(level, message));

    /// <summary>Replaces the values of token, secret and password fields in JSON text.</summary>
    internal static string Mask(string text) => SecretFields.Replace(text, m => "\"" + m.Groups[1].Value + "\":\"***\"");

    private static string Shorten(string text) => text.Length <= DebugBodyLimit ? text : text.Substring(0, DebugBodyLimit) + $"... ({text.Length - DebugBodyLimit} more characters)";

    internal static bool IsTransport(Exception exception) =>
        exception is HttpRequestException or IOException or SocketException or WebException ||
        (exception.InnerException is not null && exception is not OperationCanceledException && IsTransport(exception.InnerException));

    /// <summary>True when the TLS handshake failed (untrusted or wrong certificate, a peer that does not speak TLS).</summary>
    internal static bool IsTlsFailure(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is System.Security.Authentication.AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a proxy refused the tunnel (CONNECT) with 407 Proxy Authentication Required.</summary>
    internal static bool IsProxyAuthenticationFailure(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException)
            {
                // .NET 5+ puts the proxy's status on the exception; netstandard2.0 cannot name the property.
                var status = current.GetType().GetProperty("StatusCode")?.GetValue(current);
                if (status is HttpStatusCode code && code == HttpStatusCode.ProxyAuthenticationRequired)
                {
                    return true;
                }
            }

            if (current is WebException { Response: HttpWebResponse { StatusCode: HttpStatusCode.ProxyAuthenticationRequired } })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True only when the request cannot have reached the API: the name did not resolve or the connection was refused or
    /// unreachable, so nothing was sent.
    /// </summary>
    internal static bool IsConnectFailure(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SocketException socket)
            {
                return socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable
                    or SocketError.NetworkUnreachable or SocketError.TryAgain or SocketError.NoData or SocketError.AddressNotAvailable;
            }

            if (current is WebException web)
            {
                return web.Status is WebExceptionStatus.ConnectFailure or WebExceptionStatus.NameResolutionFailure or WebExceptionStatus.ProxyNameResolutionFailure;
            }
        }

        return false;
    }

    /// <summary>The messages of the exception chain, outer first, without repeats: "Connection refused (127.0.0.1:9)".</summary>
    internal static string Describe(Exception exception)
    {
        var text = string.Empty;
        var depth = 0;
        for (var current = exception; current is not null && depth < 4; current = current.InnerException, depth++)
        {
            var message = current.Message?.Trim().TrimEnd('.') ?? string.Empty;
            if (message.Length == 0 || text.IndexOf(message, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                continue;
            }

            text = text.Length == 0 ? message : text + ": " + message;
        }

        return text.Length == 0 ? exception.GetType().Name : text;
    }

    internal static string Format(TimeSpan span)
    {
        if (span == Timeout.InfiniteTimeSpan)
        {
            return "no limit";
        }

        if (span.TotalSeconds < 1)
        {
            return ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms";
        }

        return span.TotalSeconds < 120
            ? span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s"
            : span.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + " min";
    }

    /// <summary>What one call has been through so far; lives in the Polly context of that call.</summary>
    private sealed class CallState
    {
        public CallState(ApiRequest request, bool streaming)
        {
            Request = request;
            Streaming = streaming;
            Label = $"{request.Method.Method} /{request.PathAndQuery}";
        }

        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public TimeSpan Elapsed => _clock.Elapsed;

        public ApiRequest Request { get; }

        public bool Streaming { get; }

        public string Label { get; }

        public int Attempts { get; set; }

        public int TransientRetries { get; set; }

        public int RateLimitRetries { get; set; }

        public TimeSpan RateLimitWaited { get; set; }

        public TimeSpan NextDelay { get; set; }

        public int Reauthentications { get; set; }

        public string? GiveUpNote { get; set; }
    }
}

/// <summary>The outcome of one attempt: a parsed answer, a stream, or a classified failure the retry strategy looks at.</summary>
internal sealed class AttemptResult : IDisposable
{
    public int StatusCode { get; init; }

    public ApiResponse? Response { get; init; }

    public ApiStreamResponse? Stream { get; init; }

    public FalconXApiException? Failure { get; init; }

    public void Dispose() => Stream?.Dispose();
}
