using System;
using System.Collections.Generic;
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
/// The ThreatQ client's bearer token: signs in (password or client-credentials grant), renews the token before it
/// expires (with the refresh token while the current one is valid, else by signing in again; one renewal shared by all
/// concurrent callers), and forgets a token ThreatQ refused. Token requests are retried on their own rules: they change
/// nothing on the server, so a timeout, a broken connection, 429 or 5xx is retried (up to
/// <see cref="ThreatQClientOptions.MaxRetryAttempts"/> times), a refused connection or a TLS failure never.
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The lock is a SemaphoreSlim whose wait handle is never read, so it holds nothing to release; disposing it under a call that still holds it would turn that call's error into an ObjectDisposedException. Close() forgets the tokens.")]
internal sealed class ThreatQTokenSource
{
    private const string TokenPath = "/api/token";

    private readonly ThreatQClientOptions _options;
    private readonly ThreatQRetryDelays _delays;
    private readonly Func<HttpRequestMessage, HttpCompletionOption, CancellationToken, Task<HttpResponseMessage>> _send;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private string? _accessToken;
    private string? _refreshToken;
    private DateTimeOffset _expiresAt;
    private TimeSpan _lifetime;
    private int _tokenRequests;
    private volatile bool _closed;

    /// <param name="options">The credentials, the host, the clock and the retry bounds.</param>
    /// <param name="delays">The waits between attempts.</param>
    /// <param name="send">Sends one request (the client counts it).</param>
    internal ThreatQTokenSource(ThreatQClientOptions options, ThreatQRetryDelays delays, Func<HttpRequestMessage, HttpCompletionOption, CancellationToken, Task<HttpResponseMessage>> send)
    {
        _options = options;
        _delays = delays;
        _send = send;
    }

    /// <summary><c>password</c> or <c>client_credentials</c>.</summary>
    internal string GrantType => _options.UsesClientCredentials ? "client_credentials" : "password";

    /// <summary>When the current token expires, or null when there is none.</summary>
    internal DateTimeOffset? ExpiresAt => _accessToken is null ? null : _expiresAt;

    /// <summary>Successful token requests (grants and refreshes) so far.</summary>
    internal int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>A token that is valid for a while yet; signs in or refreshes when needed.</summary>
    /// <exception cref="ThreatQApiException">ThreatQ refused the credentials, or could not be reached.</exception>
    /// <exception cref="ObjectDisposedException">The client was closed.</exception>
    internal async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _accessToken);
        if (current is not null && !NeedsRenewal())
        {
            return current;
        }

        if (_closed)
        {
            throw ThreatQClient.ClosedError();
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_closed)
            {
                throw ThreatQClient.ClosedError();
            }

            if (_accessToken is not null && !NeedsRenewal())
            {
                return _accessToken;
            }

            if (_refreshToken is not null && _accessToken is not null && _options.TimeProvider.GetUtcNow() < _expiresAt)
            {
                try
                {
                    await RequestTokenAsync(refresh: true, cancellationToken).ConfigureAwait(false);
                    return _accessToken!;
                }
                catch (ThreatQApiException ex) when (ex.Kind is FalconXErrorKind.Authentication or FalconXErrorKind.InvalidRequest)
                {
                    _options.Log(FalconXLogLevel.Verbose, "The token refresh was refused; signing in again.", "POST", TokenPath, ex.StatusCode);
                }
            }

            await RequestTokenAsync(refresh: false, cancellationToken).ConfigureAwait(false);
            return _accessToken!;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Forgets <paramref name="token"/> after ThreatQ refused it, unless another caller already replaced it.</summary>
    internal void Invalidate(string? token)
    {
        if (token is not null)
        {
            Interlocked.CompareExchange(ref _accessToken, null, token);
        }
    }

    /// <summary>Forgets both tokens for good (the client was closed).</summary>
    internal void Close()
    {
        _closed = true;
        _accessToken = null;
        _refreshToken = null;
    }

    private bool NeedsRenewal()
    {
        var window = TimeSpan.FromTicks(Math.Min(_options.TokenRefreshWindow.Ticks, _lifetime.Ticks / 5));
        return _options.TimeProvider.GetUtcNow() >= _expiresAt - window;
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
            using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.BaseUrl!, path));
            message.Headers.Accept.ParseAdd("application/json");
            message.Headers.Authorization = authorization;
            message.Content = content?.Invoke() ?? new StringContent(string.Empty);
            HttpResponseMessage response;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(_options.AttemptTimeout);
                try
                {
                    response = await _send(message, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
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
                        await _delays.DelayAsync(_delays.Backoff(attempt), $"POST {TokenPath}: {what}", cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    var tls = TransportFailures.IsTlsFailure(ex) ? " FalconX always checks the server's certificate; for an internal CA, add its root certificate to this machine's trusted certificates." : string.Empty;
                    throw new ThreatQApiException(ex is OperationCanceledException ? FalconXErrorKind.Timeout : FalconXErrorKind.Transport, $"Could not reach ThreatQ at {_options.BaseUrl!.GetLeftPart(UriPartial.Authority)} to sign in: {what}.{tls} Check the URL (-Uri), the network and the proxy.", null, "POST", TokenPath, innerException: ex);
                }
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                _options.Log(FalconXLogLevel.Verbose, $"POST {TokenPath} ({(refresh ? "refresh_token" : GrantType)}) → {status}", "POST", TokenPath, status);
                var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                if ((status == 429 || status >= 500) && attempt <= _options.MaxRetryAttempts)
                {
                    await _delays.DelayAsync(_delays.RetryAfter(response) ?? _delays.Backoff(attempt), $"POST {TokenPath}: HTTP {status}", cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (status == 400 || status == 401 || status == 403)
                {
                    var what = refresh ? "refused to refresh the token"
                        : _options.UsesClientCredentials ? "refused the client id and secret" : $"refused the sign-in of '{_options.Username}' with client id '{_options.ClientId}'";
                    throw new ThreatQApiException(FalconXErrorKind.Authentication, $"ThreatQ {what}. Check the client id and the password or secret (Connect-ThreatQ -ClientId, -Credential or -ClientSecret).", status, "POST", TokenPath, ThreatQResponseReader.ReadErrors(body));
                }

                if (status < 200 || status >= 300)
                {
                    throw ThreatQResponseReader.ErrorFor(status, "POST", TokenPath, body, attempt - 1);
                }

                var root = ThreatQResponseReader.ParseBody(body, response, "POST", TokenPath);
                var data = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : root;
                var access = Json.String(data, "access_token");
                if (string.IsNullOrEmpty(access))
                {
                    throw new ThreatQApiException(FalconXErrorKind.InvalidResponse, "ThreatQ answered the sign-in without an access token. Check that -Uri is the ThreatQ host (not a proxy or another site).", status, "POST", TokenPath);
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
}
