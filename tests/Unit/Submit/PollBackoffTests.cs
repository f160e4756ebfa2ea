using System;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Emulator;

namespace FalconX.Tests.Submit;

public sealed class PollBackoffTests : SubmitTestBase
{
    protected override EmulatorOptions CreateEmulatorOptions() => new() { SubmissionDelayMs = 300 };

    [Theory]
    [InlineData(0, 3)]
    [InlineData(1, 6)]
    [InlineData(2, 12)]
    [InlineData(3, 24)]
    [InlineData(4, 30)]
    [InlineData(50, 30)]
    public void Delays_start_short_and_double_up_to_the_interval(int checksDone, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), PollBackoff.Delay(checksDone, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(60)]
    public void A_first_delay_of_zero_or_beyond_the_interval_means_a_fixed_interval(int firstSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(5), PollBackoff.Delay(0, TimeSpan.FromSeconds(firstSeconds), TimeSpan.FromSeconds(5)));
        Assert.Equal(TimeSpan.FromSeconds(5), PollBackoff.Delay(3, TimeSpan.FromSeconds(firstSeconds), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_short_detonation_is_seen_long_before_the_first_full_interval()
    {
        var client = CreateClient();
        var submission = await UploadAndSubmitAsync(client, WriteSample("quick.exe"));
        // A 30 s interval and a 5 s timeout: with a fixed interval the first check would come after the timeout.
        var poller = new SubmissionPoller(client, new SubmissionPollerOptions
        {
            PollInterval = TimeSpan.FromSeconds(30),
            FirstCheckDelay = TimeSpan.FromMilliseconds(200),
            Timeout = TimeSpan.FromSeconds(5),
        });
        poller.Add(submission);

        var result = await poller.WaitAsync();

        Assert.False(result.TimedOut);
        Assert.Equal(submission.SubmissionId, Assert.Single(result.Succeeded).SubmissionId);
        Assert.InRange(result.StatusRequests, 1, 5);
    }
}
