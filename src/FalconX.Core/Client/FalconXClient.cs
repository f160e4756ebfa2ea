using System;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Models;

namespace FalconX.Client;

/// <summary>
/// A client of the Falcon X Sandbox API for one API client (and member CID). Thread-safe: share one instance for
/// all calls to a tenant. It holds one <see cref="HttpClient"/>, the token (refreshed ahead of expiry, one refresh
/// for all concurrent callers), the resilience pipeline and the last quota seen. Endpoint groups live in partial files
/// (FalconXClient.Quota.cs, ...); see docs/client.md for how to add one.
/// </summary>
public sealed partial class FalconXClient : IDisposable
{
    private readonly FalconXClientOptions _options;
    private readonly HttpClient _http;
    private readonly ApiCallLog _log;
    private readonly RequestPipeline _pipeline;
    private readonly TokenProvider _tokens;
    private ConnectionTarget _target;
    private FalconXQuota? _lastQuota;
    private int _disposed;

    /// <summary>Creates a client. No request is made until the first call (or <see cref="ConnectAsync"/>).</summary>
    /// <exception cref="ArgumentException">The options are incomplete or invalid (no credential, an http base URL on a non-loopback host...).</exception>
    public FalconXClient(FalconXClientOptions options)
        : this(options, null)
    {
    }

    /// <summary>Creates a client over a given handler (tests).</summary>
    [SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "The HttpClient is made with disposeHandler: true, so it owns the handler; Dispose() disposes the HttpClient.")]
    internal FalconXClient(FalconXClientOptions options, HttpMessageHandler? handler)
    {
        _options = (options ?? throw new ArgumentNullException(nameof(options))).ValidateAndCopy();
        _target = ConnectionTarget.From(_options);
        _http = new HttpClient(handler ?? CreateHandler(_options), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.TryParseAdd(_options.UserAgent);
        _log = new ApiCallLog(_options);
        var sender = new AttemptSender(_options, _http, () => Volatile.Read(ref _target).BaseUrl, _log, meta =>
        {
            if (meta.Quota is not null)
            {
                Volatile.Write(ref _lastQuota, meta.Quota);
            }
        });

        // Token requests need no token: they go through a pipeline of their own, built first, so that the provider and
        // the pipeline that uses it are made in order instead of being wired to each other afterwards.
        var tokenPipeline = new RequestPipeline(_options, sender, _log, tokens: null);
        _tokens = new TokenProvider(_options, tokenPipeline, () => Volatile.Read(ref _target), target => Volatile.Write(ref _target, target));
        _pipeline = new RequestPipeline(_options, sender, _log, _tokens);
    }

    /// <summary>The clock of this client (<see cref="FalconXClientOptions.TimeProvider"/>).</summary>
    internal TimeProvider Time => _options.TimeProvider;

    /// <summary>The cloud in use (after any region switch), or null for a custom base URL.</summary>
    public FalconXCloud? Cloud => Volatile.Read(ref _target).Cloud;

    /// <summary>The API base URL in use (after any region switch).</summary>
    public Uri BaseUrl => Volatile.Read(ref _target).BaseUrl;

    /// <summary>The Falcon console host for links to reports (e.g. https://falcon.us-2.crowdstrike.com).</summary>
    public Uri ConsoleHost => Volatile.Read(ref _target).ConsoleHost;

    /// <summary>The API client id.</summary>
    public string ClientId => _options.Credential!.ClientId;

    /// <summary>The Flight Control member CID the token is locked to, if any (lower case, no checksum).</summary>
    public string? MemberCid => _options.MemberCid;

    /// <summary>When the current token expires (UTC), or null before the first request and after a revoke.</summary>
    public DateTimeOffset? TokenExpiresAt => _tokens.ExpiresAt;

    /// <summary>The submission quota from the last answer that carried <c>meta.quota</c>, or null when none has yet.</summary>
    public FalconXQuota? LastQuota => Volatile.Read(ref _lastQuota);

    /// <summary>True after <see cref="Dispose"/>.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>How many requests this client sends at once at most (<see cref="FalconXClientOptions.MaxParallelRequests"/>).</summary>
    public int MaxParallelRequests => _options.MaxParallelRequests;

    /// <summary>The validated copy of the options this client runs with (for endpoint code: timeouts, retry bounds).</summary>
    internal FalconXClientOptions Options => _options;

    /// <summary>Successful token requests so far (tests and diagnostics).</summary>
    internal int TokenRequestCount => _tokens.TokenRequests;

    /// <summary>
    /// Requests a token now, which proves the credentials (and, for a named cloud, follows <c>X-Cs-Region</c> to the
    /// tenant's cloud). Later calls reuse and renew it automatically.
    /// </summary>
    /// <exception cref="FalconXApiException">The credentials were refused or the API could not be reached.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Revokes the current token at the API and forgets it. Returns false when there was no token to revoke.</summary>
    /// <exception cref="FalconXApiException">The API refused or could not be reached (the token is forgotten anyway).</exception>
    public Task<bool> RevokeTokenAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _tokens.RevokeAsync(cancellationToken);
    }

    /// <summary>
    /// Sends one API call through the pipeline (token, retries, timeouts, logging) and returns the parsed envelope of a
    /// 2xx answer. Every other outcome is a <see cref="FalconXApiException"/>; cancellation is an <see cref="OperationCanceledException"/>.
    /// </summary>
    internal Task<ApiResponse> SendAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        return _pipeline.SendAsync(request ?? throw new ArgumentNullException(nameof(request)), cancellationToken);
    }

    /// <summary>
    /// Like <see cref="SendAsync"/> but returns the body of a 2xx answer as a stream (downloads). The attempt timeout
    /// covers the wait for the headers; reading the body is bounded by the caller's token. Dispose the result.
    /// </summary>
    internal Task<ApiStreamResponse> SendStreamAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        return _pipeline.SendStreamAsync(request ?? throw new ArgumentNullException(nameof(request)), cancellationToken);
    }

    /// <summary>Writes a log entry through the client's logging (scopes and <see cref="FalconXClientOptions.Logger"/>).</summary>
    internal void Log(FalconXLogLevel level, string message) => _log.Write(level, message);

    /// <summary>Releases the HTTP connection pool. Does not revoke the token: call <see cref="RevokeTokenAsync"/> first.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _http.Dispose();
            _tokens.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"FalconX {(Cloud is FalconXCloud cloud ? FalconXClouds.DisplayName(cloud) : "custom")} {BaseUrl} client {ClientId}" + (MemberCid is null ? string.Empty : $" member {MemberCid}");

    private void ThrowIfDisposed()
    {
        if (IsDisposed)
        {
            throw new ObjectDisposedException(nameof(FalconXClient), "This FalconX client was closed (Disconnect-FalconX). Connect again to make calls.");
        }
    }

    /// <summary>The handler with the proxy settings of these options (the ThreatQ client shares it).</summary>
    internal static HttpClientHandler CreateHandler(FalconXClientOptions options)
    {
        if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase))
        {
            // Windows PowerShell 5.1 on older .NET Framework may not offer TLS 1.2 by default; add it, keep what is there.
            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
        }

        var handler = new HttpClientHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            AllowAutoRedirect = false,
            UseCookies = false,
        };
        if (options.Proxy is not null)
        {
            handler.Proxy = options.Proxy;
            handler.UseProxy = true;
        }
        else if (!options.UseSystemProxy)
        {
            handler.UseProxy = false;
        }
        else if (options.ProxyCredentials is not null || options.UseDefaultProxyCredentials)
        {
            handler.DefaultProxyCredentials = options.ProxyCredentials ?? CredentialCache.DefaultCredentials;
        }

        return handler;
    }
}
