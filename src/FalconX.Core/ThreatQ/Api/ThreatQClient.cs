using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
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
/// checks), the token (renewed before it expires, once more after an unexpected 401) and the retry rules: 429 and 503
/// are waited out (Retry-After), other 5xx and broken connections are retried only for calls that are safe to repeat.
/// Reading lives in ThreatQClient.Read.cs, writing in <see cref="ThreatQEntityWriter"/>.
/// </summary>
public sealed partial class ThreatQClient : IDisposable
{
    private readonly ThreatQClientOptions _options;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private readonly Random _jitter = new();
    private string? _accessToken;
    private string? _refreshToken;
    private DateTimeOffset _expiresAt;
    private TimeSpan _lifetime;
    private int _requests;
    private int _tokenRequests;
    private int _disposed;

    /// <summary>Creates a client; no request is made until the first call (or <see cref="ConnectAsync"/>).</summary>
    /// <exception cref="ArgumentException">The options are incomplete or invalid (no URL, http to a non-loopback host, no credentials).</exception>
    public ThreatQClient(ThreatQClientOptions options)
        : this(options, null)
    {
    }

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
    }

    /// <summary>The ThreatQ host (with a trailing slash).</summary>
    public Uri BaseUrl => _options.BaseUrl!;

    /// <summary>The OAuth client id.</summary>
    public string ClientId => _options.ClientId!;

    /// <summary>The user (password grant), or null with the client-credentials grant.</summary>
    public string? Username => _options.UsesClientCredentials ? null : _options.Username;

    /// <summary><c>password</c> or <c>client_credentials</c>.</summary>
    public string GrantType => _options.UsesClientCredentials ? "client_credentials" : "password";

    /// <summary>When the current token expires, or null before the first call and after <see cref="Dispose"/>.</summary>
    public DateTimeOffset? TokenExpiresAt => _accessToken is null ? null : _expiresAt;

    /// <summary>HTTP requests sent so far, token requests included (for benchmarks and diagnostics).</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>Successful token requests (grants and refreshes) so far.</summary>
    public int TokenRequestCount => Volatile.Read(ref _tokenRequests);

    /// <summary>True after <see cref="Dispose"/>.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    internal ThreatQClientOptions Options => _options;

    /// <summary>Signs in now, which proves the URL and the credentials.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await GetTokenAsync(null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets the token and releases the connection pool.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _accessToken = null;
            _refreshToken = null;
            _http.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"ThreatQ {BaseUrl} client {ClientId}" + (Username is null ? " (client credentials)" : " user " + Username);

    /// <summary>Deletes a temporary file and its private folder, ignoring failures.</summary>
    internal static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
            var folder = System.IO.Path.GetDirectoryName(path);
            if (folder is not null && System.IO.Path.GetFileName(folder).StartsWith("falconx-tq-", StringComparison.Ordinal))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Sends a JSON call and returns the parsed 2xx body (an undefined element for an empty body).</summary>
    internal async Task<JsonElement> SendJsonAsync(HttpMethod method, string pathAndQuery, string? jsonBody, bool safeToRepeat, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, pathAndQuery, jsonBody is null ? null : () => new StringContent(jsonBody, Encoding.UTF8, "application/json"), safeToRepeat, authenticated: true, streaming: false, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        return ParseBody(body, response, method.Method, PathOnly(pathAndQuery));
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
            var token = authenticated ? await GetTokenAsync(null, cancellationToken).ConfigureAwait(false) : null;
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
                Interlocked.Increment(ref _requests);
                try
                {
                    response = await _http.SendAsync(message, streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, attempt.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception ex) when (ex is OperationCanceledException || TransportFailures.IsTransport(ex))
                {
                    var timedOut = ex is OperationCanceledException;
                    var what = timedOut ? $"no answer within {DurationText.Format(_options.AttemptTimeout)}" : TransportFailures.Describe(ex);
                    Log(FalconXLogLevel.Verbose, $"{method.Method} {path} → failed after {clock.ElapsedMilliseconds} ms: {what}.", method.Method, path, null);
                    var notSent = !timedOut && TransportFailures.IsConnectFailure(ex);
                    var tls = !timedOut && TransportFailures.IsTlsFailure(ex);
                    if (!tls && (safeToRepeat || notSent) && transientRetries < _options.MaxRetryAttempts && !notSent)
                    {
                        transientRetries++;
                        await DelayAsync(Backoff(transientRetries), $"{method.Method} {path}: {what}", cancellationToken).ConfigureAwait(false);
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
            Log(FalconXLogLevel.Verbose, $"{method.Method} {path} → {status} in {clock.ElapsedMilliseconds} ms", method.Method, path, status);
            if (status >= 200 && status < 300)
            {
                return response;
            }

            var retryAfter = RetryAfter(response);
            if (status == 401 && authenticated && !reauthenticated)
            {
                // Revoked, expired early, or the clocks disagree: one fresh token, one more try.
                reauthenticated = true;
                response.Dispose();
                Invalidate(token);
                continue;
            }

            if (status == 429 || status == 503)
            {
                var wait = retryAfter ?? Backoff(rateLimitRetries + 1);
                if (rateLimitRetries < _options.MaxRateLimitRetries && rateLimitWaited + wait <= _options.MaxRateLimitWait)
                {
                    rateLimitRetries++;
                    rateLimitWaited += wait;
                    response.Dispose();
                    await DelayAsync(wait, $"{method.Method} {path}: HTTP {status}", cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }
            else if (status >= 500 && safeToRepeat && transientRetries < _options.MaxRetryAttempts)
            {
                transientRetries++;
                response.Dispose();
                await DelayAsync(Backoff(transientRetries), $"{method.Method} {path}: HTTP {status}", cancellationToken).ConfigureAwait(false);
                continue;
            }

            using (response)
            {
                var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                throw ErrorFor(status, method.Method, path, body, transientRetries + rateLimitRetries);
            }
        }
    }

    private async Task<string> GetTokenAsync(string? rejected, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _accessToken);
        if (current is not null && current != rejected && !NeedsRenewal())
        {
            return current;
        }

        await _tokenLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            if (_accessToken is not null && _accessToken != rejected && !NeedsRenewal())
            {
                return _accessToken;
            }

            if (_refreshToken is not null && _accessToken is not null && _accessToken != rejected && _options.TimeProvider.GetUtcNow() < _expiresAt)
            {
                try
                {
                    await RequestTokenAsync(refresh: true, cancellationToken).ConfigureAwait(false);
                    return _accessToken!;
                }
                catch (ThreatQApiException ex) when (ex.Kind is FalconXErrorKind.Authentication or FalconXErrorKind.InvalidRequest)
                {
                    Log(FalconXLogLevel.Verbose, "The token refresh was refused; signing in again.", "POST", "/api/token", ex.StatusCode);
                }
            }

            await RequestTokenAsync(refresh: false, cancellationToken).ConfigureAwait(false);
            return _accessToken!;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    private bool NeedsRenewal()
    {
        var window = TimeSpan.FromTicks(Math.Min(_options.TokenRefreshWindow.Ticks, _lifetime.Ticks / 5));
        return _options.TimeProvider.GetUtcNow() >= _expiresAt - window;
    }

    private void Invalidate(string? token)
    {
        if (token is not null)
        {
            Interlocked.CompareExchange(ref _accessToken, null, token);
        }
    }

    private async Task RequestTokenAsync(bool refresh, CancellationToken cancellationToken)
    {
        // PEERS.md §1.1: password grant with client_id, email and password in one JSON body (ThreatQ_v2, polarity);
        // client credentials with HTTP Basic and the grant in the query (threatqsdk private mode); refresh with the
        // refresh token in the query and the current bearer token.
        string path;
        Func<HttpContent>? content = null;
        AuthenticationHeaderValue? authorization;
        if (refresh)
        {
            path = "api/token?grant_type=refresh_token&refresh_token=" + Uri.EscapeDataString(_refreshToken!);
            authorization = new AuthenticationHeaderValue("Bearer", _accessToken);
        }
        else if (_options.UsesClientCredentials)
        {
            path = "api/token?grant_type=client_credentials";
            authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(_options.ClientId + ":" + _options.ClientSecret)));
        }
        else
        {
            path = "api/token";
            authorization = null;
            var body = JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["grant_type"] = "password",
                ["client_id"] = _options.ClientId!,
                ["email"] = _options.Username!,
                ["password"] = _options.Password!,
            });
            content = () => new StringContent(body, Encoding.UTF8, "application/json");
        }

        var attempt = 0;
        while (true)
        {
            attempt++;
            using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUrl, path));
            message.Headers.Accept.ParseAdd("application/json");
            message.Headers.Authorization = authorization;
            message.Content = content?.Invoke() ?? new StringContent(string.Empty);
            Interlocked.Increment(ref _requests);
            HttpResponseMessage response;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(_options.AttemptTimeout);
                try
                {
                    response = await _http.SendAsync(message, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception ex) when (ex is OperationCanceledException || TransportFailures.IsTransport(ex))
                {
                    var what = ex is OperationCanceledException ? $"no answer within {DurationText.Format(_options.AttemptTimeout)}" : TransportFailures.Describe(ex);
                    // A token request changes nothing on the server: safe to repeat, unless the host is plainly not there.
                    if (!TransportFailures.IsConnectFailure(ex) && !TransportFailures.IsTlsFailure(ex) && attempt <= _options.MaxRetryAttempts)
                    {
                        await DelayAsync(Backoff(attempt), $"POST /api/token: {what}", cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    var tls = TransportFailures.IsTlsFailure(ex) ? " FalconX always checks the server's certificate; for an internal CA, add its root certificate to this machine's trusted certificates." : string.Empty;
                    throw new ThreatQApiException(ex is OperationCanceledException ? FalconXErrorKind.Timeout : FalconXErrorKind.Transport, $"Could not reach ThreatQ at {BaseUrl.GetLeftPart(UriPartial.Authority)} to sign in: {what}.{tls} Check the URL (-Uri), the network and the proxy.", null, "POST", "/api/token", innerException: ex);
                }
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                Log(FalconXLogLevel.Verbose, $"POST /api/token ({(refresh ? "refresh_token" : GrantType)}) → {status}", "POST", "/api/token", status);
                var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                if ((status == 429 || status >= 500) && attempt <= _options.MaxRetryAttempts)
                {
                    await DelayAsync(RetryAfter(response) ?? Backoff(attempt), $"POST /api/token: HTTP {status}", cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (status == 400 || status == 401 || status == 403)
                {
                    var what = refresh ? "refused to refresh the token"
                        : _options.UsesClientCredentials ? "refused the client id and secret" : $"refused the sign-in of '{_options.Username}' with client id '{_options.ClientId}'";
                    throw new ThreatQApiException(FalconXErrorKind.Authentication, $"ThreatQ {what}. Check the client id and the password or secret (Connect-ThreatQ -ClientId, -Credential or -ClientSecret).", status, "POST", "/api/token", ReadErrors(body));
                }

                if (status < 200 || status >= 300)
                {
                    throw ErrorFor(status, "POST", "/api/token", body, attempt - 1);
                }

                var root = ParseBody(body, response, "POST", "/api/token");
                var data = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : root;
                var access = Json.String(data, "access_token");
                if (string.IsNullOrEmpty(access))
                {
                    throw new ThreatQApiException(FalconXErrorKind.InvalidResponse, "ThreatQ answered the sign-in without an access token. Check that -Uri is the ThreatQ host (not a proxy or another site).", status, "POST", "/api/token");
                }

                var lifetime = Json.Number(data, "expires_in") is double seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : _options.DefaultTokenLifetime;
                _lifetime = lifetime;
                _expiresAt = _options.TimeProvider.GetUtcNow() + lifetime;
                _refreshToken = Json.String(data, "refresh_token") ?? (refresh ? _refreshToken : null);
                Volatile.Write(ref _accessToken, access);
                Interlocked.Increment(ref _tokenRequests);
                return;
            }
        }
    }

    internal static JsonElement ParseBody(byte[] body, HttpResponseMessage response, string method, string path)
    {
        if (body.Length == 0)
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            var first = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200)).Split('\n')[0].Trim();
            throw new ThreatQApiException(FalconXErrorKind.InvalidResponse, $"ThreatQ answered {(int)response.StatusCode} but the body is not JSON ({response.Content.Headers.ContentType?.MediaType ?? "no content type"}): \"{first}\".", (int)response.StatusCode, method, path, innerException: ex);
        }
    }

    private static ThreatQApiException ErrorFor(int status, string method, string path, byte[] body, int retries)
    {
        var errors = ReadErrors(body);
        var note = retries > 0 ? $" Gave up after {retries} retries." : string.Empty;
        return status switch
        {
            401 => new ThreatQApiException(FalconXErrorKind.Authentication, "ThreatQ refused the token even after a fresh one was requested. Run Connect-ThreatQ again." + note, status, method, path, errors),
            403 => new ThreatQApiException(FalconXErrorKind.Authentication, "ThreatQ denied access: the user or API client lacks the permission for this call." + note, status, method, path, errors),
            404 => new ThreatQApiException(FalconXErrorKind.NotFound, "Not found in ThreatQ." + note, status, method, path, errors),
            429 => new ThreatQApiException(FalconXErrorKind.RateLimit, "ThreatQ kept asking to slow down (429)." + note, status, method, path, errors),
            >= 500 => new ThreatQApiException(FalconXErrorKind.Server, "ThreatQ failed." + note, status, method, path, errors),
            >= 400 => new ThreatQApiException(FalconXErrorKind.InvalidRequest, "ThreatQ rejected the request." + note, status, method, path, errors) { ItemIndex = ItemIndexOf(body) },
            >= 300 => new ThreatQApiException(FalconXErrorKind.InvalidResponse, "ThreatQ answered with a redirect, which FalconX does not follow (the token goes to the given host only). Check -Uri.", status, method, path, errors),
            _ => new ThreatQApiException(FalconXErrorKind.InvalidResponse, "Unexpected answer from ThreatQ." + note, status, method, path, errors),
        };
    }

    /// <summary>
    /// ThreatQ's error texts, from the shapes public integrations parse (PEERS.md §1.3 "Errors"): a top-level
    /// <c>errors</c> list or field map, <c>data.errors</c>, or OAuth's <c>error</c>/<c>error_description</c>.
    /// </summary>
    internal static IReadOnlyList<string> ReadErrors(byte[] body)
    {
        var list = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return list;
            }

            Collect(root, list);
            if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
            {
                Collect(data, list);
            }

            if (Json.String(root, "error_description") is string description)
            {
                list.Add(description);
            }
            else if (Json.String(root, "error") is string error)
            {
                list.Add(error);
            }

            if (list.Count == 0 && Json.String(root, "message") is string message)
            {
                list.Add(message);
            }
        }
        catch (JsonException)
        {
        }

        return list;

        static void Collect(JsonElement holder, List<string> list)
        {
            if (!holder.TryGetProperty("errors", out var errors))
            {
                return;
            }

            if (errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in errors.EnumerateArray())
                {
                    list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : Json.String(item, "message") ?? item.GetRawText());
                }
            }
            else if (errors.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in errors.EnumerateObject())
                {
                    var messages = field.Value.ValueKind == JsonValueKind.Array
                        ? string.Join(" ", EnumerateStrings(field.Value))
                        : field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString() : field.Value.GetRawText();
                    list.Add(field.Name + ": " + messages);
                }
            }
        }
    }

    /// <summary>The index of the rejected item of a consume body: the leading number of an error field ("3.value", "3").</summary>
    internal static int? ItemIndexOf(byte[] body)
    {
        foreach (var text in ReadErrors(body))
        {
            var end = 0;
            while (end < text.Length && char.IsDigit(text[end]))
            {
                end++;
            }

            if (end > 0 && end < text.Length && (text[end] == '.' || text[end] == ':') &&
                int.TryParse(text.Substring(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                return index;
            }
        }

        return null;
    }

    private static IEnumerable<string> EnumerateStrings(JsonElement array)
    {
        foreach (var item in array.EnumerateArray())
        {
            yield return item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText();
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var headers = EnvelopeParser.ReadHeaders(response);
        var now = _options.TimeProvider.GetUtcNow();
        var rate = EnvelopeParser.ReadRateLimit(headers, now);
        if (rate.RetryAfter is DateTimeOffset at)
        {
            var wait = at - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private TimeSpan Backoff(int retry)
    {
        var exponential = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 16) - 1);
        var capped = Math.Min(exponential, _options.MaxRetryDelay.TotalMilliseconds);
        double factor;
        lock (_jitter)
        {
            factor = 0.5 + (_jitter.NextDouble() * 0.5);
        }

        return TimeSpan.FromMilliseconds(capped * factor);
    }

    private async Task DelayAsync(TimeSpan wait, string why, CancellationToken cancellationToken)
    {
        Log(FalconXLogLevel.Verbose, $"{why}; retrying in {DurationText.Format(wait)}.", null, null, null);
        if (wait > TimeSpan.Zero)
        {
            await _options.TimeProvider.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Retried(int retries) => retries == 0 ? string.Empty : $" (after {retries} retries)";

    /// <summary>The path without its query (which may carry a refresh token), for messages and logs.</summary>
    internal static string PathOnly(string pathAndQuery)
    {
        var path = "/" + pathAndQuery.TrimStart('/');
        var question = path.IndexOf('?');
        return question < 0 ? path : path.Substring(0, question);
    }

    internal void Log(FalconXLogLevel level, string message, string? method, string? path, int? status)
    {
        var entry = new FalconXLogEntry(level, "ThreatQ: " + message) { Method = method, Path = path, StatusCode = status };
        FalconXLog.Write(_options.Logger, entry);
    }

    private void ThrowIfDisposed()
    {
        if (IsDisposed)
        {
            throw new ObjectDisposedException(nameof(ThreatQClient), "This ThreatQ connection was closed (Disconnect-ThreatQ). Run Connect-ThreatQ again.");
        }
    }
}
