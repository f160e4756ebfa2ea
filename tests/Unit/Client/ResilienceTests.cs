using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Tests.Emulator;
using ApiRequest = FalconX.Client.ApiRequest;

namespace FalconX.Tests.Client;

public sealed class ResilienceTests : ClientTestBase, IClassFixture<SharedEmulator>
{
    public ResilienceTests(SharedEmulator shared)
        : base(shared)
    {
    }

    [Fact]
    public async Task A_429_storm_is_ridden_out_without_a_single_request_before_retry_after()
    {
        var client = CreateClient();
        await client.ConnectAsync();
        Server.Faults.RateLimitWindowSec = 1;
        Server.Faults.RateLimitPerMinute = 8;

        var failures = await RunManyAsync(calls: 40, workers: 4, _ => ProbeAsync(client));

        Assert.Empty(failures);
        Assert.True(Server.Stats.RateLimited > 0, "the storm should have produced 429s");
        Assert.Equal(0, Server.Stats.EarlyAfterRetryAfter);
        Assert.Contains("rate limited (429); waiting", AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retry_after_already_in_the_past_still_waits_the_floor_and_retries()
    {
        var client = CreateClient();
        await client.ConnectAsync();
        // The injected 429 names (arrival second + 1); answering 1.2 s late puts that moment in the past.
        Server.Faults.ErrorStatuses = new[] { 429 };
        Server.Faults.FailNextRequests = 1;
        Server.Faults.LatencyMs = 1200;

        var quota = await client.GetQuotaAsync();

        Assert.NotNull(quota);
        Assert.Equal(2, RequestsTo("GET", "/falconx/queries/submissions/v1").Count);
        Assert.Equal(0, Server.Stats.EarlyAfterRetryAfter);
    }

    [Fact]
    public async Task Rate_limit_wait_is_bounded_and_then_reported_with_the_retry_time()
    {
        var error = await RateLimitedBeyondTheWaitAsync();

        Assert.Equal(FalconXErrorKind.RateLimit, error.Kind);
        Assert.Equal(429, error.StatusCode);
        Assert.NotNull(error.RetryAfter);
        Assert.Contains("beyond the 300 ms allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_limit_message_writes_the_retry_time_the_same_on_any_locale()
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fi-FI"); // Finnish times read 13.05.09
        try
        {
            var error = await RateLimitedBeyondTheWaitAsync();

            Assert.Contains(
                "before " + error.RetryAfter!.Value.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + " UTC",
                error.Message,
                StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    /// <summary>The error of a call that would have to wait for the rate limit longer than the 300 ms it may.</summary>
    private async Task<FalconXApiException> RateLimitedBeyondTheWaitAsync()
    {
        var options = Options();
        options.MaxRateLimitWait = TimeSpan.FromMilliseconds(300);
        var client = CreateClient(options);
        await client.ConnectAsync();
        Server.Faults.RateLimitWindowSec = 30;
        Server.Faults.RateLimitPerMinute = 1;
        await ProbeAsync(client).ContinueWith(_ => { }); // spends the one slot (or is itself limited)

        return await Assert.ThrowsAsync<FalconXApiException>(() => ProbeAsync(client));
    }

    [Fact]
    public async Task Thirty_percent_injected_5xx_on_gets_gives_zero_failures()
    {
        var client = CreateClient(WithRetries(8));
        await client.ConnectAsync();
        Server.Faults.ErrorRoutes = new[] { "GET *" };
        Server.Faults.ErrorStatuses = new[] { 500, 502, 503, 504 };
        Server.Faults.ErrorRate = 0.3;

        // One worker: the emulator's seeded draws then fall on the same requests every run, so the outcome is the same
        // every run. With several workers the draws move between calls, and 9 faults in a row on one call (8 retries
        // spent) became a matter of luck: 1 run in ~40 failed that way.
        var failures = await RunManyAsync(calls: 200, workers: 1, _ => ProbeAsync(client));

        Assert.Empty(failures);
        Assert.True(Server.Stats.FaultsInjected >= 30, $"expected many injected faults, saw {Server.Stats.FaultsInjected}");
    }

    [Fact]
    public async Task Dropped_connections_and_truncated_json_on_gets_are_retried()
    {
        var client = CreateClient(WithRetries(8));
        await client.ConnectAsync();
        Server.Faults.ErrorRoutes = new[] { "GET *" };
        Server.Faults.DropConnectionRate = 0.15;
        Server.Faults.TruncatedJsonRate = 0.15;
        Server.Faults.HtmlErrorRate = 0.1;

        // One worker, as above: the same seeded faults fall on the same requests every run.
        var failures = await RunManyAsync(calls: 100, workers: 1, _ => ProbeAsync(client));

        Assert.Empty(failures);
        Assert.True(Server.Stats.FaultsInjected > 10);
    }

    [Fact]
    public async Task A_proxy_html_page_gives_a_clear_error_quoting_status_and_title()
    {
        var client = CreateClient(WithRetries(0));
        await client.ConnectAsync();
        Server.Faults.HtmlErrorRate = 1;

        var error = await Assert.ThrowsAsync<FalconXApiException>(() => ProbeAsync(client));

        Assert.Equal(FalconXErrorKind.Server, error.Kind);
        Assert.Equal(502, error.StatusCode);
        Assert.Contains("not JSON (text/html)", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"502 Bad Gateway\"", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("invalid start of a value", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Truncated_json_on_a_success_is_an_invalid_response_not_a_parse_exception()
    {
        var client = CreateClient(WithRetries(0));
        await client.ConnectAsync();
        Server.Faults.TruncatedJsonRate = 1;

        var error = await Assert.ThrowsAsync<FalconXApiException>(() => ProbeAsync(client));

        Assert.Equal(FalconXErrorKind.InvalidResponse, error.Kind);
        Assert.Equal(200, error.StatusCode);
        Assert.Contains("malformed or cut short", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_errors_give_up_after_the_configured_retries_with_status_errors_and_trace_id()
    {
        var client = CreateClient(WithRetries(2));
        await client.ConnectAsync();
        Server.Faults.ErrorRoutes = new[] { "GET *" };
        Server.Faults.ErrorStatuses = new[] { 500 };
        Server.Faults.ErrorRate = 1;

        var error = await Assert.ThrowsAsync<FalconXApiException>(() => ProbeAsync(client));

        Assert.Equal(FalconXErrorKind.Server, error.Kind);
        Assert.Equal(500, error.StatusCode);
        Assert.Equal(3, RequestsTo("GET", "/falconx/queries/submissions/v1").Count);
        Assert.Equal("GET", error.Method);
        Assert.Equal("/falconx/queries/submissions/v1", error.Path);
        Assert.Single(error.Errors);
        Assert.Equal(500, error.Errors[0].Code);
        Assert.Contains("Gave up after 2 retries", error.Message, StringComparison.Ordinal);
        Assert.Contains(error.TraceId!, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_that_creates_something_is_not_repeated_after_a_500_or_a_dropped_answer()
    {
        var client = CreateClient(WithRetries(5));
        await client.ConnectAsync();
        Server.Faults.ErrorRoutes = new[] { "POST /samples/*" };
        Server.Faults.ErrorStatuses = new[] { 500 };
        Server.Faults.FailNextRequests = 1;

        var serverError = await Assert.ThrowsAsync<FalconXApiException>(() => UploadAsync(client, new byte[] { 1, 2, 3 }));
        Assert.Equal(500, serverError.StatusCode);
        Assert.Single(RequestsTo("POST", "/samples/entities/samples/v2"));

        Server.Faults.DropConnectionRate = 1;
        var dropped = await Assert.ThrowsAsync<FalconXApiException>(() => UploadAsync(client, new byte[] { 4, 5, 6 }));
        Assert.Equal(FalconXErrorKind.Transport, dropped.Kind);
        Assert.Equal(2, RequestsTo("POST", "/samples/entities/samples/v2").Count);
        // The API acted on it (the upload is stored) although the answer was lost: exactly once.
        Assert.Equal(1, Server.Stats.Uploads);
        Assert.Contains("could create a second submission", AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_that_creates_something_is_repeated_after_429_and_503_which_prove_it_was_not_acted_on()
    {
        var client = CreateClient(WithRetries(5));
        await client.ConnectAsync();
        Server.Faults.ErrorRoutes = new[] { "POST /samples/*" };
        Server.Faults.ErrorStatuses = new[] { 503 };
        Server.Faults.FailNextRequests = 2;

        await UploadAsync(client, new byte[] { 1, 2, 3 });

        Assert.Equal(3, RequestsTo("POST", "/samples/entities/samples/v2").Count);
        Assert.Equal(1, Server.Stats.Uploads);

        Server.Faults.ErrorStatuses = new[] { 429 };
        Server.Faults.FailNextRequests = 1;
        await UploadAsync(client, new byte[] { 7, 8, 9 });
        Assert.Equal(2, Server.Stats.Uploads);
        Assert.Equal(0, Server.Stats.EarlyAfterRetryAfter);
    }

    [Fact]
    public async Task Submissions_under_injected_faults_are_never_duplicated()
    {
        var client = CreateClient(WithRetries(6));
        var hashes = new string[30];
        for (var i = 0; i < hashes.Length; i++)
        {
            var upload = await UploadAsync(client, BitConverter.GetBytes(i * 7919 + 13), $"sample{i}.exe");
            hashes[i] = upload.Resources[0].GetProperty("sha256").GetString()!;
        }

        Server.Faults.ErrorRoutes = new[] { "POST /falconx/entities/submissions/v1" };
        Server.Faults.ErrorStatuses = new[] { 500, 502, 503, 429 };
        Server.Faults.ErrorRate = 0.25;
        Server.Faults.DropConnectionRate = 0.1;
        Server.Faults.TruncatedJsonRate = 0.1;
        Server.Faults.HtmlErrorRate = 0.05;

        var succeeded = 0;
        var failures = await RunManyAsync(hashes.Length, workers: 3, async i =>
        {
            var request = new ApiRequest(System.Net.Http.HttpMethod.Post, "falconx/entities/submissions/v1")
                .WithJsonBody(new { Sandbox = new[] { new { Sha256 = hashes[i], EnvironmentId = 160 } } });
            Assert.Equal(RetryPolicy.OnlyIfNotSent, request.RetryPolicy);
            await client.SendAsync(request, CancellationToken.None);
            Interlocked.Increment(ref succeeded);
        });

        Assert.Equal(0, Server.Stats.DuplicateSubmissions);
        Assert.True(Server.Stats.FaultsInjected > 5);
        // Every reported success is one submission; a failure after the API acted (dropped or garbled answer) is at most one more.
        Assert.InRange(Server.Stats.Submissions, succeeded, hashes.Length);
        Assert.All(failures, f => Assert.IsType<FalconXApiException>(f));
        Assert.True(succeeded > 0);
    }

    [Fact]
    public async Task Connection_refused_is_retried_even_for_a_creating_post_because_nothing_was_sent()
    {
        var port = FreePort();
        var client = CreateClient(WithRetries(2, new Uri($"http://127.0.0.1:{port}")));

        var error = await Assert.ThrowsAsync<FalconXApiException>(() => client.ConnectAsync());

        Assert.Equal(FalconXErrorKind.Transport, error.Kind);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, Log.Count(e => e.Message.Contains("retrying in", StringComparison.Ordinal)));
        Assert.True(TransportFailures.IsConnectFailure(error.InnerException!));
    }

    [Fact]
    public async Task An_unresolvable_host_is_a_transport_error_naming_the_host()
    {
        var client = CreateClient(WithRetries(0, new Uri("https://falconx-no-such-host.invalid")));

        var error = await Assert.ThrowsAsync<FalconXApiException>(() => client.ConnectAsync());

        Assert.Equal(FalconXErrorKind.Transport, error.Kind);
        Assert.Contains("falconx-no-such-host.invalid", error.Message, StringComparison.Ordinal);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task A_slow_answer_hits_the_attempt_timeout_and_is_reported_as_timeout()
    {
        var options = WithRetries(1);
        options.AttemptTimeout = TimeSpan.FromMilliseconds(300);
        var client = CreateClient(options);
        Server.Faults.LatencyMs = 3000;

        var error = await Assert.ThrowsAsync<FalconXApiException>(() => client.ConnectAsync());

        Assert.Equal(FalconXErrorKind.Timeout, error.Kind);
        Assert.Contains("attempt timeout of 300 ms", error.Message, StringComparison.Ordinal);
        Assert.Contains("after 1 retries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_overall_timeout_bounds_the_whole_call_including_retries()
    {
        // Retries that could go on for over 4 s, cut off at 2 s (room for a slow first connection on a busy machine).
        var options = WithRetries(20);
        options.OverallTimeout = TimeSpan.FromSeconds(2);
        options.RetryBaseDelay = TimeSpan.FromMilliseconds(200);
        options.MaxRetryDelay = TimeSpan.FromMilliseconds(400);
        var client = CreateClient(options);
        await client.ConnectAsync();
        Server.Faults.ErrorRoutes = new[] { "GET *" };
        Server.Faults.ErrorStatuses = new[] { 503 };
        Server.Faults.ErrorRate = 1;

        var error = await Assert.ThrowsAsync<FalconXApiException>(() => ProbeAsync(client));

        Assert.True(error.Kind == FalconXErrorKind.Timeout, error.ToString());
        Assert.Contains("overall timeout of 2 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_abandons_the_request_in_flight()
    {
        var client = CreateClient();
        await client.ConnectAsync();
        Server.Faults.LatencyMs = 10_000;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ProbeAsync(client, cancel.Token));

        // The emulator sees the client go away while it is still delaying the answer (logged as 499).
        await WaitUntilAsync(() => RequestsTo("GET", "/falconx/queries/submissions/v1").Any(r => r.Status == 499));
    }

    [Fact]
    public async Task Quota_comes_from_meta_quota_and_is_remembered_on_the_client()
    {
        var client = CreateClient();
        Server.Faults.QuotaTotal = 250;
        Server.Faults.QuotaUsed = 40;
        Assert.Null(client.LastQuota);

        var quota = await client.GetQuotaAsync();

        Assert.Equal(250, quota.Total);
        Assert.Equal(40, quota.Used);
        Assert.Equal(210, quota.Remaining);
        Assert.Same(quota, client.LastQuota);
    }

    private FalconXClientOptions WithRetries(int retries, Uri? baseUrl = null)
    {
        var options = Options(baseUrl);
        options.MaxRetryAttempts = retries;
        return options;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}
