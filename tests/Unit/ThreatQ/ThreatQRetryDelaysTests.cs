using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Tests.Client;
using FalconX.ThreatQ.Api;

namespace FalconX.Tests.ThreatQ;

/// <summary>The ThreatQ client's waits before a retry, on a fake clock: backoff bounds, Retry-After, and the wait itself.</summary>
public sealed class ThreatQRetryDelaysTests
{
    private static ThreatQClientOptions Options(TimeProvider clock, List<FalconXLogEntry>? log = null) => new ThreatQClientOptions
    {
        BaseUrl = new Uri("https://threatq.example.org"),
        ClientId = "client",
        ClientSecret = "secret-value",
        RetryBaseDelay = TimeSpan.FromSeconds(1),
        MaxRetryDelay = TimeSpan.FromSeconds(30),
        TimeProvider = clock,
        Logger = log is null ? null : log.Add,
    }.ValidateAndCopy();

    [Theory]
    [InlineData(1, 0.0, 500)]
    [InlineData(1, 1.0, 1000)]
    [InlineData(3, 0.0, 2000)]
    [InlineData(3, 1.0, 4000)]
    [InlineData(6, 1.0, 30000)]
    [InlineData(40, 0.0, 15000)]
    public void Backoff_doubles_from_the_base_is_capped_and_jittered_to_half_or_more(int retry, double jitter, int expectedMs)
    {
        var delays = new ThreatQRetryDelays(Options(TimeProvider.System), () => jitter);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), delays.Backoff(retry));
    }

    [Fact]
    public void Retry_after_is_read_as_seconds_or_a_date_and_never_negative()
    {
        var clock = new SteppedClock();
        var delays = new ThreatQRetryDelays(Options(clock));
        using var seconds = new HttpResponseMessage((HttpStatusCode)429);
        seconds.Headers.TryAddWithoutValidation("Retry-After", "7");
        using var date = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        date.Headers.TryAddWithoutValidation("Retry-After", (clock.GetUtcNow() + TimeSpan.FromSeconds(90)).ToString("r"));
        using var past = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        past.Headers.TryAddWithoutValidation("Retry-After", (clock.GetUtcNow() - TimeSpan.FromMinutes(5)).ToString("r"));
        using var none = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.Equal(TimeSpan.FromSeconds(7), delays.RetryAfter(seconds));
        Assert.InRange(delays.RetryAfter(date)!.Value, TimeSpan.FromSeconds(89), TimeSpan.FromSeconds(90));
        Assert.Equal(TimeSpan.Zero, delays.RetryAfter(past));
        Assert.Null(delays.RetryAfter(none));
    }

    [Fact]
    public async Task The_wait_runs_on_the_options_clock_and_says_why()
    {
        var clock = new SteppedClock();
        var log = new List<FalconXLogEntry>();
        var delays = new ThreatQRetryDelays(Options(clock, log));

        var waiting = delays.DelayAsync(TimeSpan.FromSeconds(12), "GET /api/indicators: HTTP 503", CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(12), await clock.NextWaitAsync());
        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(12));
        await waiting;
        var entry = Assert.Single(log);
        Assert.Equal(FalconXLogLevel.Verbose, entry.Level);
        Assert.StartsWith("ThreatQ: GET /api/indicators: HTTP 503; retrying in", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zero_wait_does_not_wait()
    {
        var clock = new SteppedClock();
        var delays = new ThreatQRetryDelays(Options(clock));

        await delays.DelayAsync(TimeSpan.Zero, "POST /api/token: HTTP 429", CancellationToken.None);

        Assert.False(clock.HasPendingWait);
    }
}
