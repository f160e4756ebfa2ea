using System;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using FalconX.Client;
using Polly.Timeout;

namespace FalconX.Tests.Client;

/// <summary>
/// The retry decisions on their own: outcomes in, decisions out, no HTTP and no clock. The end-to-end behaviour
/// (the emulator's faults through a real client) is in ResilienceTests; these pin each rule and its boundary.
/// </summary>
public sealed class RetryRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static readonly RetryHistory Fresh = new(0, 0, TimeSpan.Zero);

    private static FalconXClientOptions Options() => new()
    {
        MaxRetryAttempts = 3,
        RetryBaseDelay = TimeSpan.FromSeconds(1),
        MaxRetryDelay = TimeSpan.FromSeconds(5),
        MaxRateLimitRetries = 4,
        MaxRateLimitWait = TimeSpan.FromSeconds(60),
        MinimumRateLimitWait = TimeSpan.FromSeconds(2),
        AttemptTimeout = TimeSpan.FromSeconds(30),
    };

    private static RetryRules Rules(double jitter = 1.0) => new(Options(), () => jitter);

    private static FalconXApiException Answer(int status, FalconXErrorKind kind, DateTimeOffset? retryAfter = null) =>
        new(kind, $"HTTP {status}", status, "GET", "/x") { RetryAfter = retryAfter };

    [Fact]
    public void A_429_waits_until_the_moment_the_API_named_plus_a_margin()
    {
        var decision = Rules().AfterAnswer(429, Answer(429, FalconXErrorKind.RateLimit, Now.AddSeconds(7)), RetryPolicy.OnlyIfNotSent, Fresh, Now);

        Assert.Equal(RetryKind.RateLimit, decision.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7) + TimeSpan.FromMilliseconds(25), decision.Delay);
        Assert.Contains("retry 1 of 4", decision.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_429_never_waits_less_than_the_floor_and_doubles_it_when_the_API_names_no_time()
    {
        var rules = Rules();
        var tooSoon = rules.AfterAnswer(429, Answer(429, FalconXErrorKind.RateLimit, Now.AddMilliseconds(100)), RetryPolicy.Safe, Fresh, Now);
        var silentThird = rules.AfterAnswer(429, Answer(429, FalconXErrorKind.RateLimit), RetryPolicy.Safe, new RetryHistory(0, 2, TimeSpan.FromSeconds(6)), Now);

        Assert.Equal(TimeSpan.FromSeconds(2), tooSoon.Delay);
        Assert.Equal(TimeSpan.FromSeconds(8), silentThird.Delay);
    }

    [Fact]
    public void A_429_gives_up_with_a_reason_after_the_retry_count_or_beyond_the_wait_allowed_for_one_call()
    {
        var rules = Rules();
        var tooMany = rules.AfterAnswer(429, Answer(429, FalconXErrorKind.RateLimit, Now.AddSeconds(1)), RetryPolicy.Safe, new RetryHistory(0, 4, TimeSpan.FromSeconds(8)), Now);
        var tooLong = rules.AfterAnswer(429, Answer(429, FalconXErrorKind.RateLimit, Now.AddSeconds(30)), RetryPolicy.Safe, new RetryHistory(0, 1, TimeSpan.FromSeconds(40)), Now);

        Assert.False(tooMany.Retry);
        Assert.Equal("rate limited 5 times in a row", tooMany.GiveUpNote);
        Assert.False(tooLong.Retry);
        Assert.Contains("beyond the 60 s allowed for one call", tooLong.GiveUpNote, StringComparison.Ordinal);
    }

    [Fact]
    public void A_503_is_retried_even_for_a_submission_but_other_5xx_only_for_safe_requests()
    {
        var rules = Rules();

        Assert.Equal(RetryKind.Transient, rules.AfterAnswer(503, Answer(503, FalconXErrorKind.Server), RetryPolicy.OnlyIfNotSent, Fresh, Now).Kind);
        var unsent500 = rules.AfterAnswer(500, Answer(500, FalconXErrorKind.Server), RetryPolicy.OnlyIfNotSent, Fresh, Now);
        Assert.False(unsent500.Retry);
        Assert.Contains("second submission", unsent500.Explanation, StringComparison.Ordinal);
        Assert.Equal(RetryKind.Transient, rules.AfterAnswer(502, Answer(502, FalconXErrorKind.Server), RetryPolicy.Safe, Fresh, Now).Kind);
        Assert.Equal(RetryKind.Transient, rules.AfterAnswer(408, Answer(408, FalconXErrorKind.Timeout), RetryPolicy.Safe, Fresh, Now).Kind);
    }

    [Fact]
    public void An_unreadable_2xx_is_retried_only_when_safe_and_client_errors_never()
    {
        var rules = Rules();
        var garbled = rules.AfterAnswer(200, Answer(200, FalconXErrorKind.InvalidResponse), RetryPolicy.Safe, Fresh, Now);

        Assert.True(garbled.Retry);
        Assert.StartsWith("HTTP 200 with an unreadable body", garbled.Explanation, StringComparison.Ordinal);
        Assert.False(rules.AfterAnswer(200, Answer(200, FalconXErrorKind.InvalidResponse), RetryPolicy.OnlyIfNotSent, Fresh, Now).Retry);
        var badRequest = rules.AfterAnswer(400, Answer(400, FalconXErrorKind.InvalidRequest), RetryPolicy.Safe, Fresh, Now);
        Assert.False(badRequest.Retry);
        Assert.Null(badRequest.Explanation);
        Assert.False(rules.AfterAnswer(404, Answer(404, FalconXErrorKind.NotFound), RetryPolicy.Safe, Fresh, Now).Retry);
    }

    [Fact]
    public void Transient_retries_stop_at_the_configured_count()
    {
        var rules = Rules();

        Assert.True(rules.AfterAnswer(500, Answer(500, FalconXErrorKind.Server), RetryPolicy.Safe, new RetryHistory(2, 0, TimeSpan.Zero), Now).Retry);
        var exhausted = rules.AfterAnswer(500, Answer(500, FalconXErrorKind.Server), RetryPolicy.Safe, new RetryHistory(3, 0, TimeSpan.Zero), Now);
        Assert.False(exhausted.Retry);
        Assert.Null(exhausted.GiveUpNote);
    }

    [Theory]
    [InlineData(1, 0.0, 500)]
    [InlineData(1, 1.0, 1000)]
    [InlineData(3, 1.0, 4000)]
    [InlineData(4, 1.0, 5000)]
    [InlineData(9, 0.0, 2500)]
    public void Backoff_doubles_from_the_base_delay_is_capped_and_jitters_between_half_and_all_of_it(int retry, double jitter, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Rules(jitter).Backoff(retry));
    }

    [Fact]
    public void A_refused_connection_is_retried_even_for_a_submission_because_nothing_was_sent()
    {
        var refused = new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused));

        var decision = Rules().AfterException(refused, RetryPolicy.OnlyIfNotSent, Fresh);

        Assert.Equal(RetryKind.Transient, decision.Kind);
        Assert.StartsWith("Connection refused", decision.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dropped_connection_or_a_timeout_is_retried_only_when_safe()
    {
        var rules = Rules();
        var reset = new HttpRequestException("The response ended prematurely", new SocketException((int)SocketError.ConnectionReset));
        var timeout = new TimeoutRejectedException("timed out", TimeSpan.FromSeconds(30));

        var unsentReset = rules.AfterException(reset, RetryPolicy.OnlyIfNotSent, Fresh);
        Assert.False(unsentReset.Retry);
        Assert.Contains("could create a second submission", unsentReset.Explanation, StringComparison.Ordinal);
        Assert.True(rules.AfterException(reset, RetryPolicy.Safe, Fresh).Retry);
        Assert.False(rules.AfterException(timeout, RetryPolicy.OnlyIfNotSent, Fresh).Retry);
        var safeTimeout = rules.AfterException(timeout, RetryPolicy.Safe, Fresh);
        Assert.StartsWith("no answer within 30 s", safeTimeout.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Tls_failures_and_unknown_exceptions_are_never_retried()
    {
        var rules = Rules();
        var tls = new HttpRequestException("The SSL connection could not be established", new AuthenticationException("The remote certificate is invalid"));

        Assert.False(rules.AfterException(tls, RetryPolicy.Safe, Fresh).Retry);
        Assert.False(rules.AfterException(new InvalidOperationException("bug"), RetryPolicy.Safe, Fresh).Retry);
    }
}
