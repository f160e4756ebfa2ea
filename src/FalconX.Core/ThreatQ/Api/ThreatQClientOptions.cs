using System;
using System.Net;
using FalconX.Client;

namespace FalconX.ThreatQ.Api;

/// <summary>How to reach and sign in to a ThreatQ instance.</summary>
public sealed class ThreatQClientOptions
{
    /// <summary>The ThreatQ host, e.g. https://threatq.example.org (http only for loopback, e.g. the emulator).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The OAuth client id of the ThreatQ API client.</summary>
    public string? ClientId { get; set; }

    /// <summary>The user's e-mail for the password grant.</summary>
    public string? Username { get; set; }

    /// <summary>The user's password for the password grant.</summary>
    public string? Password { get; set; }

    /// <summary>The client secret for the client-credentials grant (instead of user and password).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>An explicit proxy; null: the system proxy (unless <see cref="UseSystemProxy"/> is false).</summary>
    public IWebProxy? Proxy { get; set; }

    /// <summary>Use the system proxy when no explicit proxy is set (default true).</summary>
    public bool UseSystemProxy { get; set; } = true;

    /// <summary>Sign in to the proxy with the Windows account.</summary>
    public bool UseDefaultProxyCredentials { get; set; }

    /// <summary>Credentials for the proxy.</summary>
    public ICredentials? ProxyCredentials { get; set; }

    /// <summary>Longest wait for one answer (default 100 s).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Retries after 5xx, 503 or a broken connection, for calls that are safe to repeat (default 4).</summary>
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>First backoff delay (doubled each retry, with jitter; default 1 s).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest backoff delay (default 30 s).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most 429 answers waited out in a row for one call (default 10).</summary>
    public int MaxRateLimitRetries { get; set; } = 10;

    /// <summary>Longest total 429 wait for one call (default 5 min).</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Renew the token this long before it expires (default 60 s; at most a fifth of its lifetime).</summary>
    public TimeSpan TokenRefreshWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Token lifetime assumed when the token answer has no <c>expires_in</c>: 30 minutes, as ThreatQ's own SDK assumes
    /// (PEERS.md §1.1).
    /// </summary>
    public TimeSpan DefaultTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Receives log entries (verbose: one per request; debug: retries).</summary>
    public Action<FalconXLogEntry>? Logger { get; set; }

    /// <summary>
    /// The clock behind token expiry and renewal, retry backoff and Retry-After waits. Default
    /// <see cref="TimeProvider.System"/>; tests pass a fake clock.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>True when the options sign in with the client-credentials grant.</summary>
    public bool UsesClientCredentials => !string.IsNullOrEmpty(ClientSecret);

    /// <summary>Writes one entry, marked as ThreatQ's, to <see cref="Logger"/>.</summary>
    internal void Log(FalconXLogLevel level, string message, string? method = null, string? path = null, int? status = null) =>
        FalconXLog.Write(Logger, new FalconXLogEntry(level, "ThreatQ: " + message) { Method = method, Path = path, StatusCode = status });

    internal ThreatQClientOptions ValidateAndCopy()
    {
        if (BaseUrl is null)
        {
            throw new ArgumentException("No ThreatQ URL: give -Uri https://your-threatq-host (or set THREATQ_URL).", nameof(BaseUrl));
        }

        ValidateUrl(BaseUrl);
        if (string.IsNullOrWhiteSpace(ClientId))
        {
            throw new ArgumentException("No ThreatQ client id: give -ClientId (or set THREATQ_CLIENT_ID). ThreatQ shows it under My Account > API credentials.", nameof(ClientId));
        }

        if (string.IsNullOrEmpty(ClientSecret) && (string.IsNullOrWhiteSpace(Username) || string.IsNullOrEmpty(Password)))
        {
            throw new ArgumentException("No ThreatQ credentials: give -Credential (user e-mail and password) or -ClientSecret (or set THREATQ_USERNAME and THREATQ_PASSWORD, or THREATQ_CLIENT_SECRET).", nameof(Username));
        }

        if (AttemptTimeout <= TimeSpan.Zero || MaxRetryAttempts < 0 || RetryBaseDelay < TimeSpan.Zero || MaxRetryDelay < TimeSpan.Zero || TokenRefreshWindow < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(AttemptTimeout), "Timeouts must be positive; retry counts and delays cannot be negative.");
        }

        var copy = (ThreatQClientOptions)MemberwiseClone();
        copy.BaseUrl = new Uri(BaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        copy.ClientId = ClientId!.Trim();
        copy.Username = Username?.Trim();
        copy.TimeProvider = TimeProvider ?? TimeProvider.System;
        return copy;
    }

    /// <summary>Accepts https anywhere and http on loopback only (the token and password would travel in clear text).</summary>
    public static void ValidateUrl(Uri url)
    {
        if (url is null)
        {
            throw new ArgumentNullException(nameof(url));
        }

        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException($"The ThreatQ URL '{url}' is not absolute. Use https://host[:port].", nameof(url));
        }

        if (url.Scheme == Uri.UriSchemeHttps)
        {
            return;
        }

        if (url.Scheme == Uri.UriSchemeHttp)
        {
            if (FalconXClientOptions.IsLoopback(url))
            {
                return;
            }

            throw new ArgumentException($"The ThreatQ URL '{url}' uses http on a non-loopback host: the password and token would travel in clear text. Use https (http is accepted only for 127.0.0.1, ::1 and localhost, e.g. the emulator).", nameof(url));
        }

        throw new ArgumentException($"The ThreatQ URL '{url}' has the scheme '{url.Scheme}'. Use https://host[:port].", nameof(url));
    }
}
