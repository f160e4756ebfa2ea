using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace FalconX.Client;

/// <summary>
/// Owns the bearer token: requests it, refreshes it ahead of expiry (one refresh shared by all concurrent callers),
/// drops it after an unexpected 401, follows <c>X-Cs-Region</c> for named clouds, and revokes it.
/// </summary>
internal sealed class TokenProvider : IDisposable
{
    private readonly FalconXClientOptions _options;
    private readonly RequestPipeline _pipeline;
    private readonly Func<ConnectionTarget> _getTarget;
    private readonly Action<ConnectionTarget> _setTarget;
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private TokenState? _current;
    private int _tokenRequests;

    public TokenProvider(FalconXClientOptions options, RequestPipeline pipeline, Func<ConnectionTarget> getTarget, Action<ConnectionTarget> setTarget)
    {
        _options = options;
        _pipeline = pipeline;
        _getTarget = getTarget;
        _setTarget = setTarget;
    }

    /// <summary>When the current token expires, or null when there is none.</summary>
    public DateTimeOffset? ExpiresAt => Volatile.Read(ref _current)?.ExpiresAt;

    /// <summary>How many successful token requests this client made.</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>A token that is valid for a while yet; requests or refreshes one when needed.</summary>
    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && !current.ShouldRefresh(_options.TimeProvider.GetUtcNow()))
        {
            return current.Value;
        }

        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Whoever held the lock before us may already have refreshed it.
            current = Volatile.Read(ref _current);
            if (current is not null && !current.ShouldRefresh(_options.TimeProvider.GetUtcNow()))
            {
                return current.Value;
            }

            try
            {
                var fresh = await RequestTokenAsync(mayFollowRegion: true, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _current, fresh);
                return fresh.Value;
            }
            catch (FalconXApiException ex) when (ex.Kind is FalconXErrorKind.Transport or FalconXErrorKind.Server or FalconXErrorKind.Timeout or FalconXErrorKind.RateLimit
                && current is not null && current.IsUsable(_options.TimeProvider.GetUtcNow()))
            {
                // An early refresh failed but the token still has time left: keep working with it.
                _pipeline.Log(FalconXLogLevel.Verbose, $"Refreshing the token failed ({ex.Summary}); the current one is still valid until {current.ExpiresAt.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC.");
                return current.Value;
            }
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    /// <summary>Forgets <paramref name="token"/> after the API refused it, unless another caller already replaced it.</summary>
    public void Invalidate(string? token)
    {
        var current = Volatile.Read(ref _current);
        if (token is not null && current is not null && current.Value == token)
        {
            Interlocked.CompareExchange(ref _current, null, current);
        }
    }

    /// <summary>Revokes the current token (POST /oauth2/revoke) and forgets it. False when there was none.</summary>
    public async Task<bool> RevokeAsync(CancellationToken cancellationToken)
    {
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = Interlocked.Exchange(ref _current, null);
            if (current is null)
            {
                return false;
            }

            await SendRevokeAsync(current.Value, null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    private async Task<TokenState> RequestTokenAsync(bool mayFollowRegion, CancellationToken cancellationToken)
    {
        var credential = _options.Credential!;
        var memberCid = _options.MemberCid;
        var target = _getTarget();
        var request = new ApiRequest(HttpMethod.Post, "oauth2/token") { Authenticated = false, RetryPolicy = RetryPolicy.Safe }
            .WithContent(() =>
            {
                var fields = new List<KeyValuePair<string, string>>
                {
                    new("client_id", credential.ClientId),
                    new("client_secret", credential.RevealSecret()),
                };
                if (memberCid is not null)
                {
                    fields.Add(new KeyValuePair<string, string>("member_cid", memberCid));
                }

                return new FormUrlEncodedContent(fields);
            });

        var sentAt = _options.TimeProvider.GetUtcNow();
        ApiResponse response;
        try
        {
            response = await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (FalconXApiException ex) when (ex.StatusCode is 307 or 308)
        {
            var home = TokenRedirect.Resolve(ex, target, credential.ClientId, mayFollowRegion, _options);
            _pipeline.Log(FalconXLogLevel.Verbose, $"Redirected: {target.BaseUrl.GetLeftPart(UriPartial.Authority)} answered {ex.StatusCode} for the token of client {credential.ClientId}: it belongs to {FalconXClouds.DisplayName(home.Cloud!.Value)}{(ex.Region is null ? string.Empty : $" (X-Cs-Region: {ex.Region})")}; getting the token from {home.BaseUrl} instead and using that cloud from now on.");
            _setTarget(home);
            return await RequestTokenAsync(mayFollowRegion: false, cancellationToken).ConfigureAwait(false);
        }
        catch (FalconXApiException ex) when (ex.Kind is FalconXErrorKind.Authentication or FalconXErrorKind.InvalidRequest)
        {
            var where = target.Cloud is FalconXCloud cloud ? $"the {FalconXClouds.DisplayName(cloud)} cloud ({target.BaseUrl})" : target.BaseUrl.ToString();
            var hint = memberCid is null ? string.Empty : $" The member CID {memberCid} must be a child of the API client's parent CID.";
            var ipBlocked = ex.StatusCode == 403 && ex.Errors.Count > 0 && ex.Errors.All(e => e.Message.IndexOf("authorization failed", StringComparison.OrdinalIgnoreCase) >= 0);
            var summary = ipBlocked
                ? $"The API at {where} accepted no token request from this machine (\"access denied, authorization failed\"): most likely the tenant's IP allow-list does not contain this machine's public address. Ask a Falcon administrator to add it (Support and resources > IP allowlist management), or run from an allowed network."
                : $"The API refused the client id {credential.ClientId} and its secret at {where}: most likely the secret is wrong (or was regenerated). Check both, that the API client is enabled, and that it was created in this cloud.{hint}";
            throw new FalconXApiException(
                FalconXErrorKind.Authentication,
                summary,
                ex.StatusCode,
                ex.Method,
                ex.Path,
                ex.Errors,
                ex.TraceId,
                ex);
        }

        var root = response.Root;
        var token = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("access_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (string.IsNullOrEmpty(token))
        {
            throw new FalconXApiException(FalconXErrorKind.InvalidResponse, "The token answer has no access_token.", response.StatusCode, "POST", "/oauth2/token", response.Errors, response.TraceId);
        }

        Interlocked.Increment(ref _tokenRequests);
        var seconds = root.TryGetProperty("expires_in", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var s) && s > 0 ? s : 1799;
        var lifetime = TimeSpan.FromSeconds(seconds);
        var window = TimeSpan.FromTicks(Math.Min(_options.TokenRefreshWindow.Ticks, lifetime.Ticks / 4));
        var state = new TokenState(token!, sentAt + lifetime, window);
        _pipeline.Log(FalconXLogLevel.Verbose, $"New token for client {credential.ClientId} from {target.BaseUrl.GetLeftPart(UriPartial.Authority)}, valid for {DurationText.Format(lifetime)} (renewed {DurationText.Format(window)} before expiry).");

        if (response.Region is string region && region.Length > 0)
        {
            if (target.Cloud is not FalconXCloud current)
            {
                _pipeline.Log(FalconXLogLevel.Verbose, $"The API reports region '{region}'; the base URL {target.BaseUrl} was given explicitly and is kept.");
            }
            else if (!FalconXClouds.TryParse(region, out var discovered))
            {
                _pipeline.Log(FalconXLogLevel.Verbose, $"The API reports region '{region}', which FalconX does not know; staying on {FalconXClouds.DisplayName(current)}.");
            }
            else if (discovered != current && mayFollowRegion)
            {
                var next = ConnectionTarget.ForCloud(discovered, _options);
                _pipeline.Log(FalconXLogLevel.Verbose, $"The API says client {credential.ClientId} belongs to {FalconXClouds.DisplayName(discovered)} (X-Cs-Region: {region}), not {FalconXClouds.DisplayName(current)}: switching to {next.BaseUrl} and getting the token there.");
                _setTarget(next);
                try
                {
                    await SendRevokeAsync(token!, target.BaseUrl, cancellationToken).ConfigureAwait(false);
                }
                catch (FalconXApiException ex)
                {
                    _pipeline.Log(FalconXLogLevel.Verbose, $"Revoking the token of {FalconXClouds.DisplayName(current)} failed ({ex.Summary}); it expires by itself.");
                }

                return await RequestTokenAsync(mayFollowRegion: false, cancellationToken).ConfigureAwait(false);
            }
        }

        return state;
    }

    private async Task SendRevokeAsync(string token, Uri? baseUrl, CancellationToken cancellationToken)
    {
        var credential = _options.Credential!;
        var request = new ApiRequest(HttpMethod.Post, "oauth2/revoke")
        {
            Authenticated = false,
            RetryPolicy = RetryPolicy.Safe,
            BaseUrlOverride = baseUrl,
        }.WithContent(() => new FormUrlEncodedContent(new[]
        {
            new KeyValuePair<string, string>("token", token),
            new KeyValuePair<string, string>("client_id", credential.ClientId),
        }));
        request.AuthorizationOverride = new AuthenticationHeaderValue(
            "Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(credential.ClientId + ":" + credential.RevealSecret())));
        await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
        _pipeline.Log(FalconXLogLevel.Verbose, $"Token of client {credential.ClientId} revoked.");
    }

    /// <summary>Releases the refresh lock; the token itself is only forgotten (revoke it first).</summary>
    public void Dispose() => _refreshLock.Dispose();

    private sealed class TokenState
    {
        public TokenState(string value, DateTimeOffset expiresAt, TimeSpan refreshWindow)
        {
            Value = value;
            ExpiresAt = expiresAt;
            RefreshAt = expiresAt - refreshWindow;
        }

        public string Value { get; }

        public DateTimeOffset ExpiresAt { get; }

        public DateTimeOffset RefreshAt { get; }

        public bool ShouldRefresh(DateTimeOffset now) => now >= RefreshAt;

        public bool IsUsable(DateTimeOffset now) => now < ExpiresAt - TimeSpan.FromSeconds(1);
    }
}
