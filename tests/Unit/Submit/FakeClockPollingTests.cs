using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Tests.Client;

namespace FalconX.Tests.Submit;

/// <summary>
/// The poller's waits on a fake clock (FalconXClientOptions.TimeProvider): a 100 s detonation and a 60 s timeout
/// are waited out in milliseconds, and the schedule of checks (PollBackoff) is seen exactly.
/// </summary>
public sealed class FakeClockPollingTests : SubmitTestBase
{
    private static readonly SubmissionPollerOptions Paced = new()
    {
        PollInterval = TimeSpan.FromSeconds(30),
        FirstCheckDelay = TimeSpan.FromSeconds(3),
        // One wait per check, so that each wait the clock sees is the whole delay before a check.
        ProgressInterval = TimeSpan.FromMinutes(40),
        Timeout = null,
    };

    private FalconXClient ClientOn(SteppedClock clock)
    {
        var options = Options();
        options.TimeProvider = clock;
        options.AttemptTimeout = TimeSpan.FromHours(1);
        options.OverallTimeout = TimeSpan.FromHours(2);
        return CreateClient(options);
    }

    /// <summary>Moves the emulator's clock and the fake one past every wait the poller starts until it ends; returns the waits.</summary>
    private async Task<(SubmissionPollResult Result, List<TimeSpan> Waits)> DriveAsync(SteppedClock clock, SubmissionPoller poller)
    {
        var wait = poller.WaitAsync();
        var waits = await clock.DriveAsync(wait, by => Server.AdvanceClock(by));
        return (await wait, waits);
    }

    [Fact]
    public async Task A_long_detonation_is_checked_after_doubling_delays_up_to_the_interval()
    {
        var clock = new SteppedClock();
        var client = ClientOn(clock);
        Server.Faults.SubmissionDelayMs = 100_000;
        var submission = await UploadAndSubmitAsync(client, WriteSample("slow.exe"));
        var poller = new SubmissionPoller(client, Paced);
        poller.Add(submission);

        var (result, waits) = await DriveAsync(clock, poller);

        Assert.False(result.TimedOut);
        Assert.Single(result.Succeeded);
        // Checks at 3, 9, 21, 45, 75 and 105 s: the last one sees the 100 s detonation finished.
        Assert.Equal(new[] { 3d, 6, 12, 24, 30, 30 }, waits.ConvertAll(w => w.TotalSeconds));
        Assert.Equal(6, result.StatusRequests);
        Assert.Equal(TimeSpan.FromSeconds(105), result.Elapsed);
    }

    [Fact]
    public async Task A_wait_gives_up_at_its_timeout_on_the_clock()
    {
        var clock = new SteppedClock();
        var client = ClientOn(clock);
        Server.Faults.SubmissionDelayMs = 600_000;
        var submission = await UploadAndSubmitAsync(client, WriteSample("stuck.exe"));
        var options = new SubmissionPollerOptions
        {
            PollInterval = Paced.PollInterval,
            FirstCheckDelay = Paced.FirstCheckDelay,
            ProgressInterval = Paced.ProgressInterval,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var poller = new SubmissionPoller(client, options);
        poller.Add(submission);

        var (result, waits) = await DriveAsync(clock, poller);

        Assert.True(result.TimedOut);
        Assert.Empty(result.Succeeded);
        // Checks at 3, 9, 21 and 45 s; the next would come at 75 s, so the wait stops at the 60 s timeout.
        Assert.Equal(new[] { 3d, 6, 12, 24, 15 }, waits.ConvertAll(w => w.TotalSeconds));
        Assert.Equal(4, result.StatusRequests);
        Assert.Equal(TimeSpan.FromSeconds(60), result.Elapsed);
    }
}
