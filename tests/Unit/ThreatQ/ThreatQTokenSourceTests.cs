using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Tests.Client;
using FalconX.ThreatQ.Api;
using ThreatQ.Emulator;

namespace FalconX.Tests.ThreatQ;

/// <summary>One ThreatQ emulator for the token tests of a class, reset (counters, faults) before each test.</summary>
public sealed class TokenTestServer : IAsyncLifetime
{
    private TqServer? _server;

    public TqServer Server => _server ?? throw new InvalidOperationException("The emulator has not started.");

    public async Task InitializeAsync() => _server = await TqServer.StartAsync(new TqOptions());

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>
/// The ThreatQ client's token on its own: sign-in, sharing, renewal with the refresh token on a fake clock, the fall back
/// to signing in again, and the waits of a sign-in the emulator answers with 429 or 503 (faults injected into the
/// emulator, over real HTTP on loopback).
/// </summary>
public sealed class ThreatQTokenSourceTests : IClassFixture<TokenTestServer>, IDisposable
{
    private readonly TqServer _server;
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private int _sent;

    public ThreatQTokenSourceTests(TokenTestServer fixture)
    {
        _server = fixture.Server;
        _server.Reset();
    }

    public void Dispose() => _http.Dispose();

    private ThreatQTokenSource Tokens(TimeProvider? clock = null, Action<ThreatQClientOptions>? change = null)
    {
        var options = new ThreatQClientOptions
        {
            BaseUrl = _server.BaseUrl,
            ClientId = TqOptions.DefaultClientId,
            Username = TqOptions.DefaultEmail,
            Password = TqOptions.DefaultPassword,
            RetryBaseDelay = TimeSpan.FromSeconds(1),
            MaxRetryDelay = TimeSpan.FromSeconds(30),
            TimeProvider = clock ?? TimeProvider.System,
        };
        change?.Invoke(options);
        var valid = options.ValidateAndCopy();
        return new ThreatQTokenSource(valid, new ThreatQRetryDelays(valid), (message, completion, ct) =>
        {
            Interlocked.Increment(ref _sent);
            return _http.SendAsync(message, completion, ct);
        });
    }

    private List<TqRecordedRequest> TokenCalls() => _server.Stats.RecordedRequests.Where(r => r.Route == "POST /api/token").ToList();

    [Fact]
    public async Task Concurrent_callers_share_one_sign_in()
    {
        var tokens = Tokens();

        var handed = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => tokens.GetTokenAsync(CancellationToken.None)));

        Assert.Single(handed.Distinct());
        Assert.Equal(1, tokens.TokenRequests);
        Assert.Equal(1, _server.Stats.TokenRequests);
        Assert.Equal(1, _sent);
        Assert.Equal("password", tokens.GrantType);
    }

    [Fact]
    public async Task The_token_is_renewed_with_the_refresh_grant_a_fifth_of_its_lifetime_before_expiry()
    {
        _server.Faults.TokenLifetimeSec = 60;
        var clock = new SteppedClock();
        var tokens = Tokens(clock);
        var first = await tokens.GetTokenAsync(CancellationToken.None);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(60), tokens.ExpiresAt);

        clock.Advance(TimeSpan.FromSeconds(47));
        Assert.Equal(first, await tokens.GetTokenAsync(CancellationToken.None));
        Assert.Single(TokenCalls());

        clock.Advance(TimeSpan.FromSeconds(2));
        var renewed = await tokens.GetTokenAsync(CancellationToken.None);

        Assert.NotEqual(first, renewed);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(60), tokens.ExpiresAt);
        var calls = TokenCalls();
        Assert.Equal(2, calls.Count);
        Assert.Contains("grant_type=refresh_token", calls[1].Query, StringComparison.Ordinal);
        Assert.DoesNotContain(TqOptions.DefaultPassword, calls[1].Query, StringComparison.Ordinal);
        Assert.Equal(2, tokens.TokenRequests);
    }

    [Fact]
    public async Task A_refused_refresh_falls_back_to_signing_in_again()
    {
        _server.Faults.TokenLifetimeSec = 60;
        var clock = new SteppedClock();
        var tokens = Tokens(clock);
        var first = await tokens.GetTokenAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(50));
        _server.Faults.ErrorRoutes = new[] { "POST /api/token" };
        _server.Faults.ErrorStatuses = new[] { 401 };
        _server.Faults.FailNext = 1;

        var second = await tokens.GetTokenAsync(CancellationToken.None);

        Assert.NotEqual(first, second);
        var calls = TokenCalls();
        Assert.Equal(3, calls.Count);
        Assert.Contains("grant_type=refresh_token", calls[1].Query, StringComparison.Ordinal);
        Assert.Equal(401, calls[1].Status);
        Assert.Equal(200, calls[2].Status);
        Assert.DoesNotContain("refresh_token", calls[2].Query, StringComparison.Ordinal);
        Assert.Equal(2, tokens.TokenRequests);
    }

    [Fact]
    public async Task A_sign_in_answered_429_then_503_waits_as_asked_then_backs_off()
    {
        var clock = new SteppedClock();
        var tokens = Tokens(clock);
        _server.Faults.ErrorRoutes = new[] { "POST /api/token" };
        _server.Faults.ThrottleNext = 1;
        _server.Faults.RetryAfterSec = 7;
        _server.Faults.ErrorStatuses = new[] { 503 };
        _server.Faults.FailNext = 2;

        var waits = await clock.DriveAsync(tokens.GetTokenAsync(CancellationToken.None), wait => _server.AdvanceClock(wait));

        Assert.Equal(3, waits.Count);
        Assert.Equal(TimeSpan.FromSeconds(7), waits[0]);
        Assert.InRange(waits[1], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.InRange(waits[2], TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
        Assert.Equal(new[] { 429, 503, 503, 200 }, TokenCalls().Select(c => c.Status));
        Assert.Equal(0, _server.Stats.EarlyRetries);
        Assert.Equal(1, tokens.TokenRequests);
    }

    [Fact]
    public async Task Wrong_credentials_are_refused_at_once_naming_the_user_and_never_the_password()
    {
        var tokens = Tokens(change: o => o.Password = "not-the-password-123");

        var error = await Assert.ThrowsAsync<ThreatQApiException>(() => tokens.GetTokenAsync(CancellationToken.None));

        Assert.Equal(FalconXErrorKind.Authentication, error.Kind);
        Assert.Equal(401, error.StatusCode);
        Assert.Contains(TqOptions.DefaultEmail, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password-123", error.ToString(), StringComparison.Ordinal);
        Assert.Single(TokenCalls());
        Assert.Null(tokens.ExpiresAt);
    }

    [Fact]
    public async Task A_token_the_api_refused_is_dropped_and_the_next_caller_signs_in_again()
    {
        var tokens = Tokens();
        var first = await tokens.GetTokenAsync(CancellationToken.None);

        tokens.Invalidate("some-older-token");
        Assert.Equal(first, await tokens.GetTokenAsync(CancellationToken.None));

        tokens.Invalidate(first);
        var second = await tokens.GetTokenAsync(CancellationToken.None);

        Assert.NotEqual(first, second);
        Assert.Equal(2, tokens.TokenRequests);
    }

    [Fact]
    public async Task A_closed_source_forgets_its_token_and_hands_out_none()
    {
        var tokens = Tokens();
        await tokens.GetTokenAsync(CancellationToken.None);

        tokens.Close();

        Assert.Null(tokens.ExpiresAt);
        var error = await Assert.ThrowsAsync<ObjectDisposedException>(() => tokens.GetTokenAsync(CancellationToken.None));
        Assert.Contains("Connect-ThreatQ", error.Message, StringComparison.Ordinal);
        Assert.Single(TokenCalls());
    }
}
