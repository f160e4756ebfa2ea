using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using FalconX.Client;

namespace FalconX.Tests.Client;

/// <summary>
/// Token renewal, retry backoff and Retry-After waits on a fake clock (FalconXClientOptions.TimeProvider): minutes of
/// client time pass in milliseconds. The emulator's clock is moved in step so that it agrees on what time it is. A
/// client that waited on the real clock would not start its waits on the fake one, and these tests would fail.
/// </summary>
public sealed class FakeClockTests : ClientTestBase
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1799);

    private FalconXClientOptions OnClock(SteppedClock clock)
    {
        var options = Options();
        options.TimeProvider = clock;
        // Timeouts far beyond every wait here, so that the clock's queue holds only the waits.
        options.AttemptTimeout = TimeSpan.FromHours(1);
        options.OverallTimeout = TimeSpan.FromHours(2);
        return options;
    }

    /// <summary>Moves the emulator first: moving the fake clock fires the client's timers at once.</summary>
    private void Advance(SteppedClock clock, TimeSpan by)
    {
        Server.AdvanceClock(by);
        clock.Advance(by);
    }

    [Fact]
    public async Task The_token_is_renewed_before_it_expires_and_not_earlier()
    {
        var clock = new SteppedClock();
        var options = OnClock(clock);
        options.TokenRefreshWindow = TimeSpan.FromSeconds(120);
        var client = CreateClient(options);
        var start = clock.GetUtcNow();

        await ProbeAsync(client);
        Assert.Equal(1, Server.Stats.TokenRequests);
        Assert.Equal(start + Lifetime, client.TokenExpiresAt);

        // One second before the renewal window opens: the token is reused.
        Advance(clock, Lifetime - TimeSpan.FromSeconds(121));
        await ProbeAsync(client);
        Assert.Equal(1, Server.Stats.TokenRequests);

        // Inside the window, still two minutes before expiry: renewed ahead of time, never refused.
        Advance(clock, TimeSpan.FromSeconds(2));
        await ProbeAsync(client);
        Assert.Equal(2, Server.Stats.TokenRequests);
        Assert.Equal(clock.GetUtcNow() + Lifetime, client.TokenExpiresAt);
        Assert.DoesNotContain(Server.Stats.RecordedRequests, r => r.Status == 401);
    }

    [Fact]
    public async Task A_token_past_its_expiry_is_replaced_before_the_next_request()
    {
        var clock = new SteppedClock();
        var client = CreateClient(OnClock(clock));
        await ProbeAsync(client);

        Advance(clock, Lifetime + TimeSpan.FromMinutes(5));
        await ProbeAsync(client);

        Assert.Equal(2, Server.Stats.TokenRequests);
        Assert.DoesNotContain(Server.Stats.RecordedRequests, r => r.Status == 401);
    }

    [Fact]
    public async Task Server_errors_are_retried_after_doubling_jittered_delays_on_the_clock()
    {
        var clock = new SteppedClock();
        var options = OnClock(clock);
        options.RetryBaseDelay = TimeSpan.FromSeconds(10);
        options.MaxRetryDelay = TimeSpan.FromSeconds(30);
        var client = CreateClient(options);
        Server.Faults.ErrorStatuses = new[] { 503 };
        Server.Faults.ErrorRoutes = new[] { "GET /falconx/queries/submissions/v1" };
        Server.Faults.FailNextRequests = 3;

        var call = ProbeAsync(client);
        var waits = new List<TimeSpan>();
        for (var retry = 1; retry <= 3; retry++)
        {
            var wait = await clock.NextWaitAsync();
            Assert.False(call.IsCompleted, $"the call ended before retry {retry}");
            Assert.Equal(retry, RequestsTo("GET", "/falconx/queries/submissions/v1").Count);
            waits.Add(wait);
            Advance(clock, wait);
        }

        await call.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(4, RequestsTo("GET", "/falconx/queries/submissions/v1").Count);
        // Base 10 s doubled per retry, capped at 30 s, times a jitter of 0.5 to 1.
        Assert.InRange(waits[0], TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
        Assert.InRange(waits[1], TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));
        Assert.InRange(waits[2], TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30));
        Assert.False(clock.HasPendingWait);
    }

    [Fact]
    public async Task A_429_is_waited_out_until_the_Retry_After_on_the_clock()
    {
        var clock = new SteppedClock();
        var client = CreateClient(OnClock(clock));
        await ProbeAsync(client);
        // The token request and the probe already used the one request this minute allows.
        Server.Faults.RateLimitWindowSec = 60;
        Server.Faults.RateLimitPerMinute = 1;

        var call = ProbeAsync(client);
        var waits = await clock.DriveAsync(call, by => Server.AdvanceClock(by));

        // The emulator names the whole second at which the window's first request ages out: a minute after it.
        var waited = waits.Aggregate(TimeSpan.Zero, (sum, w) => sum + w);
        Assert.InRange(waited, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(63));
        Assert.Equal(1, Server.Stats.RateLimited);
        Assert.Equal(0, Server.Stats.EarlyAfterRetryAfter);
    }
}
