using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Emulator;
using FalconX.Models;

namespace FalconX.Tests.Submit;

public sealed class SubmissionPollerTests : SubmitTestBase
{
    protected override EmulatorOptions CreateEmulatorOptions() => new() { SubmissionDelayMs = 1500 };

    private static SubmissionPollerOptions Fast(int intervalMs = 250, int? timeoutMs = 30_000) => new()
    {
        PollInterval = TimeSpan.FromMilliseconds(intervalMs),
        Timeout = timeoutMs is int t ? TimeSpan.FromMilliseconds(t) : null,
        ProgressInterval = TimeSpan.FromMilliseconds(50),
    };

    [Fact]
    public async Task Twenty_submissions_are_polled_together_with_one_status_request_per_interval()
    {
        var client = CreateClient();
        var submissions = new List<FalconXSubmission>();
        for (var i = 0; i < 20; i++)
        {
            submissions.Add(await UploadAndSubmitAsync(client, WriteSample($"s{i}.exe")));
        }

        var before = StatusRequests();
        var poller = new SubmissionPoller(client, Fast());
        submissions.ForEach(poller.Add);
        var finishedSeen = new ConcurrentBag<string>();
        poller.Finished = (batch, _) =>
        {
            foreach (var s in batch)
            {
                finishedSeen.Add(s.SubmissionId);
            }

            return Task.CompletedTask;
        };

        var result = await poller.WaitAsync();

        Assert.False(result.TimedOut);
        Assert.Equal(20, result.Succeeded.Count);
        Assert.All(result.Submissions, s => Assert.Equal(FalconXSubmissionState.Success, s.State));
        Assert.Equal(20, finishedSeen.Distinct().Count());
        var requests = RequestsTo("GET", "/falconx/entities/submissions/v1").Skip(before).ToList();
        Assert.Equal(result.StatusRequests, requests.Count);
        // One request per check, each asking for every unfinished id: far fewer than one per submission per check.
        Assert.True(requests.Count <= (result.Elapsed.TotalMilliseconds / 250) + 1, $"{requests.Count} status requests in {result.Elapsed.TotalMilliseconds} ms");
        Assert.Equal(20, IdsIn(requests[0].Query).Count);
        Assert.True(requests.Count < 20, $"{requests.Count} status requests for 20 submissions");
    }

    [Fact]
    public async Task A_failed_detonation_is_reported_as_failed_with_its_error_type()
    {
        var client = CreateClient();
        Server.Faults.SubmissionDelayMs = 200;
        var good = await UploadAndSubmitAsync(client, WriteSample("good.exe"));
        var bad = await UploadAndSubmitAsync(client, WriteSample("bad.exe", "FALCONX-ERROR"));
        var poller = new SubmissionPoller(client, Fast(100));
        poller.Add(good);
        poller.Add(bad);

        var result = await poller.WaitAsync();

        var failed = Assert.Single(result.Failed);
        Assert.Equal(bad.SubmissionId, failed.SubmissionId);
        Assert.Equal("FILE_TYPE_BAD_ERROR", failed.ErrorType);
        Assert.False(string.IsNullOrEmpty(failed.ErrorMessage));
        Assert.Equal(good.SubmissionId, Assert.Single(result.Succeeded).SubmissionId);
    }

    [Fact]
    public async Task The_timeout_ends_the_wait_and_names_what_is_still_running()
    {
        var client = CreateClient();
        Server.Faults.SubmissionDelayMs = 60_000;
        var slow = await UploadAndSubmitAsync(client, WriteSample("slow.exe"));
        var poller = new SubmissionPoller(client, Fast(100, timeoutMs: 400));
        poller.Add(slow);

        var result = await poller.WaitAsync();

        Assert.True(result.TimedOut);
        Assert.Equal(slow.SubmissionId, Assert.Single(result.Pending).SubmissionId);
        Assert.Empty(result.Succeeded);
    }

    [Fact]
    public async Task Cancelling_stops_the_wait_between_checks()
    {
        var client = CreateClient();
        Server.Faults.SubmissionDelayMs = 60_000;
        var slow = await UploadAndSubmitAsync(client, WriteSample("slow.exe"));
        var poller = new SubmissionPoller(client, new SubmissionPollerOptions { PollInterval = TimeSpan.FromSeconds(30) });
        poller.Add(slow);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poller.WaitAsync(cancel.Token));
        // Cancelled during the first 30 s interval: no status request was made.
        Assert.Equal(0, StatusRequests());
    }

    [Fact]
    public async Task Progress_is_reported_with_counts_and_submissions_already_finished_need_no_request()
    {
        var client = CreateClient();
        Server.Faults.SubmissionDelayMs = 0;
        var done = await UploadAndSubmitAsync(client, WriteSample("done.exe"));
        var finished = (await client.GetSubmissionsAsync(new[] { done.SubmissionId })).Single();
        var before = StatusRequests();
        var reports = new ConcurrentQueue<SubmissionPollProgress>();
        var poller = new SubmissionPoller(client, Fast()) { ProgressChanged = reports.Enqueue };
        poller.Add(finished);

        var result = await poller.WaitAsync();

        Assert.Equal(before, StatusRequests());
        Assert.Equal(0, result.StatusRequests);
        var last = reports.Last();
        Assert.Equal(1, last.Total);
        Assert.Equal(1, last.Succeeded);
        Assert.Equal(100, last.PercentComplete);
    }

    [Fact]
    public async Task Ids_of_unknown_state_are_checked_at_once_and_unknown_ids_end_as_not_found()
    {
        var client = CreateClient();
        Server.Faults.SubmissionDelayMs = 0;
        var done = await UploadAndSubmitAsync(client, WriteSample("done.exe"));
        var missing = EmulatorOptions.DefaultCid + "_" + Guid.NewGuid().ToString("N");
        var poller = new SubmissionPoller(client, Fast(100));
        poller.Add(done.SubmissionId);
        poller.Add(missing);

        var result = await poller.WaitAsync();

        Assert.Equal(done.SubmissionId, Assert.Single(result.Succeeded).SubmissionId);
        Assert.Equal(missing, Assert.Single(result.NotFound));
        Assert.Empty(result.Pending);
        Assert.False(result.TimedOut);
    }

    [Fact]
    public async Task A_failing_status_check_is_tolerated_and_the_wait_goes_on()
    {
        var options = Options();
        options.MaxRetryAttempts = 0;
        var client = CreateClient(options);
        Server.Faults.SubmissionDelayMs = 300;
        var submission = await UploadAndSubmitAsync(client, WriteSample("a.exe"));
        Server.Faults.ErrorStatuses = new[] { 500 };
        Server.Faults.ErrorRoutes = new[] { "GET /falconx/entities/submissions/v1" };
        Server.Faults.FailNextRequests = 1;
        var poller = new SubmissionPoller(client, Fast(150));
        poller.Add(submission);

        var result = await poller.WaitAsync();

        Assert.Single(result.Succeeded);
        Assert.Contains(RequestsTo("GET", "/falconx/entities/submissions/v1"), r => r.Status == 500);
        Assert.Contains("A status check failed", AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_checks_that_keep_failing_end_the_wait_with_the_api_error()
    {
        var options = Options();
        options.MaxRetryAttempts = 0;
        var client = CreateClient(options);
        Server.Faults.SubmissionDelayMs = 60_000;
        var submission = await UploadAndSubmitAsync(client, WriteSample("a.exe"));
        Server.Faults.ErrorStatuses = new[] { 500 };
        Server.Faults.ErrorRoutes = new[] { "GET /falconx/entities/submissions/v1" };
        Server.Faults.ErrorRate = 1;
        var poller = new SubmissionPoller(client, Fast(100));
        poller.Add(submission);

        var error = await Assert.ThrowsAsync<FalconXApiException>(() => poller.WaitAsync());

        Assert.Equal(FalconXErrorKind.Server, error.Kind);
        Assert.Equal(3, StatusRequests());
    }

    [Fact]
    public void Options_and_ids_are_checked()
    {
        var client = CreateClient();
        Assert.Throws<ArgumentOutOfRangeException>(() => new SubmissionPoller(client, new SubmissionPollerOptions { PollInterval = TimeSpan.FromMilliseconds(10) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SubmissionPoller(client, new SubmissionPollerOptions { Timeout = TimeSpan.Zero }));
        var poller = new SubmissionPoller(client);
        Assert.Throws<ArgumentException>(() => poller.Add("not-an-id"));
    }
}
