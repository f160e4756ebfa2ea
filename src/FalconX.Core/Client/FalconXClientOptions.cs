using System;
using System.Collections.Generic;
using System.Net;
using System.Text.RegularExpressions;

namespace FalconX.Client;

/// <summary>
/// Everything a <see cref="FalconXClient"/> needs: where to connect, as whom, through which proxy, and how patient
/// to be. Defaults suit an interactive session and a scheduled task alike.
/// </summary>
public sealed class FalconXClientOptions
{
    private static readonly Regex MemberCidPattern = new("^(?<cid>[A-Fa-f0-9]{32})(-[A-Za-z0-9]{2})?$", RegexOptions.CultureInvariant);

    /// <summary>The cloud to connect to when <see cref="BaseUrl"/> is not set. Default US-2.</summary>
    public FalconXCloud Cloud { get; set; } = FalconXCloud.US2;

    /// <summary>
    /// A fixed API base URL (an API gateway or the emulator). When set, <see cref="Cloud"/> is ignored and region
    /// autodiscovery never moves the client away from it. https only; http only on a loopback address.
    /// </summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The API client id and secret. Required.</summary>
    public FalconXCredential? Credential { get; set; }

    /// <summary>A Flight Control child CID to act on (32 hex; a "-XX" checksum suffix is accepted and dropped).</summary>
    public string? MemberCid { get; set; }

    /// <summary>The Falcon console host for report links; default: the cloud's console, or US-1's for a custom base URL.</summary>
    public Uri? ConsoleHost { get; set; }

    /// <summary>An explicit proxy. When null and <see cref="UseSystemProxy"/> is true, the system proxy applies.</summary>
    public IWebProxy? Proxy { get; set; }

    /// <summary>Whether to use the system proxy when <see cref="Proxy"/> is null. Default true.</summary>
    public bool UseSystemProxy { get; set; } = true;

    /// <summary>Send the signed-in user's default credentials to the system proxy (NTLM/Kerberos proxies).</summary>
    public bool UseDefaultProxyCredentials { get; set; }

    /// <summary>Credentials for the system proxy (an explicit <see cref="Proxy"/> carries its own).</summary>
    public ICredentials? ProxyCredentials { get; set; }

    /// <summary>How long one HTTP attempt may take before it is abandoned (and retried when that is safe). Default 100 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How long one call may take including every retry and wait. Default 10 minutes; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan OverallTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Retries after server errors (5xx), dropped connections and attempt timeouts. Default 4.</summary>
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>First backoff delay after a server or transport error; it doubles with each retry, with jitter. Default 1 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest single backoff delay. Default 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after HTTP 429 (rate limited) for one call. Default 10.</summary>
    public int MaxRateLimitRetries { get; set; } = 10;

    /// <summary>The longest total time one call waits for the rate limit to reset before giving up. Default 5 minutes.</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The least time waited after a 429, even when <c>X-Ratelimit-Retryafter</c> is already in the past. Default 1 s
    /// (the API's header has whole-second resolution).
    /// </summary>
    public TimeSpan MinimumRateLimitWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A new token is requested when less than this is left of the current one (or a quarter of its lifetime, when
    /// that is shorter, so that short-lived tokens are not refreshed on every call). Default 120 s.
    /// </summary>
    public TimeSpan TokenRefreshWindow { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// The longest request URL (base URL, path and query) the client builds when it puts many ids in one GET
    /// (reports, summaries, submissions). Lookups of many ids are split into requests that fit; gateways and the API
    /// refuse longer URLs (HTTP 414). Default 18,500 characters, about 264 report ids per request: the budget
    /// CrowdStrike's own PowerShell module (PSFalcon) uses against the real API for every id list; at least 1,024.
    /// </summary>
    public int MaxUrlLength { get; set; } = 18_500;

    /// <summary>How many batched id lookups one call sends at the same time (1 to 16). Default 4. The shared rate-limit gate still applies.</summary>
    public int MaxParallelRequests { get; set; } = 4;

    /// <summary>The User-Agent header. Default <c>FalconX-PowerShell/&lt;version&gt;</c>.</summary>
    public string? UserAgent { get; set; }

    /// <summary>
    /// Receives log entries (requests, retries, token refreshes) from every call of the client, on whatever thread
    /// makes the call. See also <see cref="FalconXLog.BeginScope"/> for per-caller capture.
    /// </summary>
    public Action<FalconXLogEntry>? Logger { get; set; }

    /// <summary>
    /// The clock behind token expiry and renewal, retry backoff, Retry-After waits, the rate-limit gate and the waits
    /// of <see cref="SubmissionPoller"/>. Default <see cref="TimeProvider.System"/>; tests pass a fake clock so that
    /// expiry and backoff are checked in milliseconds without waiting.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Test-only: replaces the cloud → host map (see <see cref="FalconXClouds.HostsOverrideVariable"/>).</summary>
    internal IReadOnlyDictionary<FalconXCloud, Uri>? CloudHostOverrides { get; set; }

    /// <summary>Checks the options and returns a copy that the client keeps (later changes to this object do not affect it).</summary>
    internal FalconXClientOptions ValidateAndCopy()
    {
        if (Credential is null)
        {
            throw new ArgumentException("No credential: set FalconXClientOptions.Credential to the API client id and secret.", nameof(Credential));
        }

        if (BaseUrl is not null)
        {
            ValidateBaseUrl(BaseUrl);
        }

        RequirePositive(AttemptTimeout, nameof(AttemptTimeout));
        if (OverallTimeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            RequirePositive(OverallTimeout, nameof(OverallTimeout));
        }

        if (MaxRetryAttempts < 0 || MaxRateLimitRetries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetryAttempts), "Retry counts cannot be negative; use 0 for no retries.");
        }

        if (RetryBaseDelay < TimeSpan.Zero || MaxRetryDelay < TimeSpan.Zero || MinimumRateLimitWait < TimeSpan.Zero || MaxRateLimitWait < TimeSpan.Zero || TokenRefreshWindow < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryBaseDelay), "Delays and windows cannot be negative.");
        }

        if (MaxUrlLength < 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxUrlLength), MaxUrlLength, "MaxUrlLength must be at least 1024 characters so that a request holds at least a few ids.");
        }

        if (MaxParallelRequests < 1 || MaxParallelRequests > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxParallelRequests), MaxParallelRequests, "MaxParallelRequests must be between 1 and 16.");
        }

        return new FalconXClientOptions
        {
            Cloud = Cloud,
            BaseUrl = BaseUrl is null ? null : NormalizeBaseUrl(BaseUrl),
            Credential = Credential,
            MemberCid = NormalizeMemberCid(MemberCid),
            ConsoleHost = ConsoleHost,
            Proxy = Proxy,
            UseSystemProxy = UseSystemProxy,
            UseDefaultProxyCredentials = UseDefaultProxyCredentials,
            ProxyCredentials = ProxyCredentials,
            AttemptTimeout = AttemptTimeout,
            OverallTimeout = OverallTimeout,
            MaxRetryAttempts = MaxRetryAttempts,
            RetryBaseDelay = RetryBaseDelay,
            MaxRetryDelay = MaxRetryDelay,
            MaxRateLimitRetries = MaxRateLimitRetries,
            MaxRateLimitWait = MaxRateLimitWait,
            MinimumRateLimitWait = MinimumRateLimitWait,
            TokenRefreshWindow = TokenRefreshWindow,
            MaxUrlLength = MaxUrlLength,
            MaxParallelRequests = MaxParallelRequests,
            UserAgent = string.IsNullOrWhiteSpace(UserAgent) ? DefaultUserAgent : UserAgent,
            Logger = Logger,
            TimeProvider = TimeProvider ?? TimeProvider.System,
            CloudHostOverrides = CloudHostOverrides,
        };
    }

    /// <summary>The default User-Agent: product and version.</summary>
    public static string DefaultUserAgent { get; } =
        "FalconX-PowerShell/" + (typeof(FalconXClientOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    /// <summary>
    /// Throws when a base URL is not usable: it must be absolute, https, or http on a loopback address only (the
    /// emulator); it must not carry a query, fragment or user info.
    /// </summary>
    public static void ValidateBaseUrl(Uri baseUrl)
    {
        if (baseUrl is null)
        {
            throw new ArgumentNullException(nameof(baseUrl));
        }

        if (!baseUrl.IsAbsoluteUri)
        {
            throw new ArgumentException($"The base URL '{baseUrl}' is not absolute. Give it as https://host[:port], e.g. https://api.us-2.crowdstrike.com.", nameof(baseUrl));
        }

        if (!string.IsNullOrEmpty(baseUrl.UserInfo) || !string.IsNullOrEmpty(baseUrl.Query) || !string.IsNullOrEmpty(baseUrl.Fragment))
        {
            throw new ArgumentException("The base URL must not contain user info, a query or a fragment. Give it as https://host[:port][/path].", nameof(baseUrl));
        }

        if (baseUrl.Scheme == Uri.UriSchemeHttps)
        {
            return;
        }

        if (baseUrl.Scheme == Uri.UriSchemeHttp)
        {
            if (IsLoopback(baseUrl))
            {
                return;
            }

            throw new ArgumentException($"The base URL '{baseUrl}' uses http on a non-loopback host. The secret and token would travel in clear text: use https (http is accepted only for 127.0.0.1, ::1 and localhost, e.g. the emulator).", nameof(baseUrl));
        }

        throw new ArgumentException($"The base URL '{baseUrl}' has the scheme '{baseUrl.Scheme}'. Use https://host[:port].", nameof(baseUrl));
    }

    /// <summary>True for 127.0.0.0/8, ::1 and localhost.</summary>
    public static bool IsLoopback(Uri uri)
    {
        if (uri is null)
        {
            throw new ArgumentNullException(nameof(uri));
        }

        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    internal static Uri NormalizeBaseUrl(Uri baseUrl)
    {
        // A trailing slash keeps relative paths under any path prefix a gateway uses.
        var text = baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/";
        return new Uri(text);
    }

    /// <summary>Lower-cases a member CID and drops the "-XX" checksum the console shows; throws for anything else.</summary>
    public static string? NormalizeMemberCid(string? memberCid)
    {
        if (string.IsNullOrWhiteSpace(memberCid))
        {
            return null;
        }

        var match = MemberCidPattern.Match(memberCid!.Trim());
        if (!match.Success)
        {
            throw new ArgumentException($"'{memberCid}' is not a CID. A member CID is 32 hex characters, optionally followed by the '-XX' checksum shown in the Falcon console.", nameof(memberCid));
        }

        return match.Groups["cid"].Value.ToLowerInvariant();
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
        }
    }
}
