using System;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Client;

namespace FalconX.ThreatQ.Api;

/// <summary>
/// A client of the ThreatQ REST API (<c>/api/...</c>) for one user or API client. Thread-safe. It holds one
/// <see cref="HttpClient"/> (proxy and TLS as the Falcon X client: the OS certificate store, no switch to skip
/// checks), the token (<see cref="ThreatQTokenSource"/>: renewed before it expires, once more after an unexpected 401)
/// and the retry rules: 429 and 503 are waited out (Retry-After), other 5xx and broken connections are retried only
/// for calls that are safe to repeat (<see cref="ThreatQRetryDelays"/>). Answers are read by
/// <see cref="ThreatQResponseReader"/>; reading lives in ThreatQClient.Read.cs, writing in <see cref="ThreatQEntityWriter"/>.
/// </summary>
public sealed partial class ThreatQClient : IDisposable
{
    private readonly ThreatQClientOptions _options;
    private readonly HttpClient _http;
    private readonly ThreatQRetryDelays _delays;
    private readonly ThreatQTokenSource _tokens;
    private int _requests;
    private int _disposed;

    /// <summary>Creates a client; no request is made until the first call (or <see cref="ConnectAsync"/>).</summary>
    /// <exception cref="ArgumentException">The options are incomplete or invalid (no URL, http to a non-loopback host, no credentials).</exception>
    public ThreatQClient(ThreatQClientOptions options)
        : this(options, null)
    {
    }

    /// <summary>Creates a client over a given handler (tests).</summary>
    [SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "The HttpClient is made with disposeHandler: true, so it owns the handler; Dispose() disposes the HttpClient.")]
    internal ThreatQClient(ThreatQClientOptions options, HttpMessageHandler? handler)
    {
        _options = (options ?? throw new ArgumentNullException(nameof(options))).ValidateAndCopy();
        var proxy = new FalconXClientOptions
        {
            Proxy = _options.Proxy,
            UseSystemProxy = _options.UseSystemProxy,
            UseDefaultProxyCredentials = _options.UseDefaultProxyCredentials,
            ProxyCredentials = _options.ProxyCredentials,
        };
        _http = new HttpClient(handler ?? FalconXClient.CreateHandler(proxy), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.TryParseAdd(FalconXClientOptions.DefaultUserAgent);
        _delays = new ThreatQRetryDelays(_options);
        _tokens = new ThreatQTokenSource(_options, _delays, SendCountedAsync);
    }

    /// <summary>The ThreatQ host (with a trailing slash).</summary>
    public Uri BaseUrl => _options.BaseUrl!;

    /// <summary>The OAuth client id.</summary>
    public string ClientId => _options.ClientId!;

    /// <summary>The user (password grant), or null with the client-credentials grant.</summary>
    public string? Username => _options.UsesClientCredentials ? null : _options.Username;

    /// <summary><c>password</c> or <c>client_credentials</c>.</summary>
    public string GrantType => _tokens.GrantType;

    /// <summary>When the current token expires, or null before the first call and after <see cref="Dispose"/>.</summary>
    public DateTimeOffset? TokenExpiresAt => _tokens.ExpiresAt;

    /// <summary>HTTP requests sent so far, token requests included (for benchmarks and diagnostics).</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>Successful token requests (grants and refreshes) so far.</summary>
    public int TokenRequestCount => _tokens.TokenRequests;

    /// <summary>True after <see cref="Dispose"/>.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    internal ThreatQClientOptions Options => _options;

    /// <summary>Signs in now, which proves the URL and the credentials.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets the token and releases the connection pool.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _tokens.Close();
            _http.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"ThreatQ {BaseUrl} client {ClientId}" + (Username is null ? " (client credentials)" : " user " + Username);

    /// <summary>The error of a call on a closed client.</summary>
    internal static ObjectDisposedException ClosedError() =>
        new(nameof(ThreatQClient), "This ThreatQ connection was closed (Disconnect-ThreatQ). Run Connect-ThreatQ again.");

    /// <summary>Sends a JSON call and returns the parsed 2xx body (an undefined element for an empty body).</summary>
    internal async Task<JsonElement> SendJsonAsync(HttpMethod method, string pathAndQuery, string? jsonBody, bool safeToRepeat, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, pathAndQuery, jsonBody is null ? null : () => new StringContent(jsonBody, Encoding.UTF8, "application/json"), safeToRepeat, authenticated: true, streaming: false, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        return ThreatQResponseReader.ParseBody(body, response, method.Method, PathOnly(pathAndQuery));
    }

    /// <summary>
    /// Sends a call with the retry rules and returns the 2xx answer (the caller disposes it); throws
    /// <see cref="ThreatQApiException"/> for anything else.
    /// </summary>
    internal async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, Func<HttpContent>? content, bool safeToRepeat, bool authenticated, bool streaming, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var path = PathOnly(pathAndQuery);
        var transientRetries = 0;
        var rateLimitRetries = 0;
        var rateLimitWaited = TimeSpan.Zero;
        var reauthenticated = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var token = authenticated ? await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false) : null;
            HttpResponseMessage response;
            var clock = Stopwatch.StartNew();
            using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attempt.CancelAfter(_options.AttemptTimeout);
                using var message = new HttpRequestMessage(method, new Uri(BaseUrl, pathAndQuery.TrimStart('/')));
                message.Headers.Accept.ParseAdd("application/json");
                if (token is not null)
                {
                    message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                message.Content = content?.Invoke();
                try
                {
                    response = await SendCountedAsync(message, streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, attempt.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception ex) when (ex is OperationCanceledException || TransportFailures.IsTransport(ex))
                {
                    var timedOut = ex is OperationCanceledException;
                    var what = timedOut ? $"no answer within {DurationText.Format(_options.AttemptTimeout)}" : TransportFailures.Describe(ex);
                    _options.Log(FalconXLogLevel.Verbose, $"{method.Method} {path} → failed after {clock.ElapsedMilliseconds} ms: {what}.", method.Method, path);
                    var notSent = !timedOut && TransportFailures.IsConnectFailure(ex);
                    var tls = !timedOut && TransportFailures.IsTlsFailure(ex);
                    if (!tls && (safeToRepeat || notSent) && transientRetries < _options.MaxRetryAttempts && !notSent)
                    {
                        transientRetries++;
                        await _delays.DelayAsync(_delays.Backoff(transientRetries), $"{method.Method} {path}: {what}", cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    var host = BaseUrl.GetLeftPart(UriPartial.Authority);
                    if (tls)
                    {
                        throw new ThreatQApiException(FalconXErrorKind.Transport, $"No secure (TLS) connection to {host}: {what}. FalconX always checks the server's certificate and has no switch to skip that check; for an internal CA, add its root certificate to this machine's trusted certificates.", null, method.Method, path, innerException: ex);
                    }

                    throw new ThreatQApiException(
                        timedOut ? FalconXErrorKind.Timeout : FalconXErrorKind.Transport,
                        $"Could not reach ThreatQ at {host}: {what}{Retried(transientRetries)}. Check the URL (-Uri), the network and the proxy.",
                        null,
                        method.Method,
                        path,
                        innerException: ex);
                }
            }

            var status = (int)response.StatusCode;
            _options.Log(FalconXLogLevel.Verbose, $"{method.Method} {path} → {status} in {clock.ElapsedMilliseconds} ms", method.Method, path, status);
            if (status >= 200 && status < 300)
            {
                return response;
            }

            var retryAfter = _delays.RetryAfter(response);
            if (status == 401 && authenticated && !reauthenticated)
            {
                // Revoked, expired early, or the clocks disagree: one fresh token, one more try.
                reauthenticated = true;
                response.Dispose();
                _tokens.Invalidate(token);
                continue;
            }

            if (status == 429 || status == 503)
            {
                var wait = retryAfter ?? _delays.Backoff(rateLimitRetries + 1);
                if (rateLimitRetries < _options.MaxRateLimitRetries && rateLimitWaited + wait <= _options.MaxRateLimitWait)
                {
                    rateLimitRetries++;
                    rateLimitWaited += wait;
                    response.Dispose();
                    await _delays.DelayAsync(wait, $"{method.Method} {path}: HTTP {status}", cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }
            else if (status >= 500 && safeToRepeat && transientRetries < _options.MaxRetryAttempts)
            {
                transientRetries++;
                response.Dispose();
                await _delays.DelayAsync(_delays.Backoff(transientRetries), $"{method.Method} {path}: HTTP {status}", cancellationToken).ConfigureAwait(false);
                continue;
            }

            using (response)
            {
                var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                throw ThreatQResponseReader.ErrorFor(status, method.Method, path, body, transientRetries + rateLimitRetries);
            }
        }
    }

    /// <summary>The path without its query (which may carry a refresh token), for messages and logs.</summary>
    internal static string PathOnly(string pathAndQuery)
    {
        var path = "/" + pathAndQuery.TrimStart('/');
        var question = path.IndexOf('?');
        return question < 0 ? path : path.Substring(0, question);
    }

    private static string Retried(int retries) => retries == 0 ? string.Empty : $" (after {retries} retries)";

    /// <summary>Every request of this client, token requests included, goes out here and is counted.</summary>
    private Task<HttpResponseMessage> SendCountedAsync(HttpRequestMessage message, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        return _http.SendAsync(message, completion, cancellationToken);
    }

    private void ThrowIfDisposed()
    {
        if (IsDisposed)
        {
            throw ClosedError();
        }
    }
}
