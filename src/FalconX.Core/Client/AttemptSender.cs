using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace FalconX.Client;

/// <summary>
/// Sends one attempt of a call: builds the HTTP message (bearer token, headers, body), waits its turn at the shared
/// rate-limit gate, sends it, reads the rate-limit headers (a 429 closes the gate for every call of the client), and
/// turns the answer into an <see cref="AttemptResult"/> (a parsed envelope, a stream, or a classified failure). It
/// makes no retry decisions: <see cref="RequestPipeline"/> does, with <see cref="RetryRules"/>.
/// </summary>
internal sealed class AttemptSender
{
    private static readonly TimeSpan RetryAfterMargin = TimeSpan.FromMilliseconds(25);

    private readonly FalconXClientOptions _options;
    private readonly HttpClient _http;
    private readonly Func<Uri> _baseUrl;
    private readonly ApiCallLog _log;
    private readonly Action<ApiMeta> _metaObserved;

    /// <param name="options">Rate-limit waits.</param>
    /// <param name="http">The client's one HttpClient.</param>
    /// <param name="baseUrl">The current API base URL (it changes when the token provider follows a region).</param>
    /// <param name="log">Where answers and bodies are logged.</param>
    /// <param name="metaObserved">Called with the meta of every parsed answer (the client keeps the last quota from it).</param>
    public AttemptSender(FalconXClientOptions options, HttpClient http, Func<Uri> baseUrl, ApiCallLog log, Action<ApiMeta> metaObserved)
    {
        _options = options;
        Gate = new RateLimitGate(options.TimeProvider);
        _http = http;
        _baseUrl = baseUrl;
        _log = log;
        _metaObserved = metaObserved;
    }

    /// <summary>The shared 429 cooldown of this client.</summary>
    public RateLimitGate Gate { get; }

    /// <summary>The current API base URL.</summary>
    public Uri BaseUrl => _baseUrl();

    /// <summary>Sends one attempt of <paramref name="state"/>'s request with <paramref name="token"/> (null: none or the request's own).</summary>
    /// <exception cref="FalconXApiException">The gate stays closed longer than the call may still wait.</exception>
    public async Task<AttemptResult> SendAsync(CallState state, string? token, CancellationToken cancellationToken)
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

        _log.RequestBody(state);

        var turn = await Gate.EnterAsync(_options.MaxRateLimitWait - state.RateLimitWaited, w => state.RateLimitWaited += w, cancellationToken).ConfigureAwait(false);
        if (turn is null)
        {
            var until = Gate.NotBefore ?? _options.TimeProvider.GetUtcNow();
            throw new FalconXApiException(
                FalconXErrorKind.RateLimit,
                $"Rate limited: the API accepts no request from this client before {until.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC, {DurationText.Format(until - _options.TimeProvider.GetUtcNow())} away, beyond the {DurationText.Format(_options.MaxRateLimitWait)} allowed for one call.",
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
            turn.Dispose();
            _log.Write(FalconXLogLevel.Verbose, $"{state.Label} → no answer after {clock.ElapsedMilliseconds} ms (attempt {state.Attempts}).");
            throw;
        }
        catch (Exception ex)
        {
            turn.Dispose();
            _log.Write(FalconXLogLevel.Verbose, $"{state.Label} → failed after {clock.ElapsedMilliseconds} ms: {TransportFailures.Describe(ex)}.");
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
                Gate.Block(Later(retryAfter + RetryAfterMargin, receivedAt + _options.MinimumRateLimitWait));
            }

            if (state.Streaming && status >= 200 && status < 300)
            {
                var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                var trace = headers.TryGetValue("X-Cs-Traceid", out var t) ? t : null;
                _log.Answer(state, status, clock.Elapsed, headerRateLimit.Remaining, trace, response.Content.Headers.ContentType?.MediaType);
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
            var rateLimit = parsed?.RateLimit ?? headerRateLimit;
            _log.Answer(state, status, clock.Elapsed, rateLimit.Remaining, parsed?.TraceId ?? failure?.TraceId, null);
            _log.ResponseBody(state, body);

            if (parsed is not null)
            {
                _metaObserved(parsed.Meta);
            }
            else if (failure?.Quota is not null)
            {
                _metaObserved(new ApiMeta { Quota = failure.Quota });
            }

            if (headers.TryGetValue("X-Api-Deprecation", out var deprecation) || headers.TryGetValue("Deprecation", out deprecation))
            {
                _log.Deprecation(request, deprecation);
            }

            return new AttemptResult { StatusCode = status, Response = parsed, Failure = failure };
        }
        finally
        {
            turn.Dispose();
            if (!keepResponse)
            {
                response.Dispose();
            }
        }
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
