using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using FalconX.Emulator;

namespace FalconX.Tests.Emulator;

public sealed class AdminEmulatorTests : EmulatorTestBase
{
    [Fact]
    public async Task Health_answers_ok_without_a_token()
    {
        var body = System.Text.Json.Nodes.JsonNode.Parse(await Http.GetStringAsync("/_emulator/health"))!;

        Assert.Equal("ok", body["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_faults_merges_only_the_fields_sent()
    {
        await PutFaultsAsync(new { latencyMs = 10 });
        var merged = await PutFaultsAsync(new { errorRate = 0.25, errorStatuses = new[] { 502 } });

        Assert.Equal(10, merged["latencyMs"]!.GetValue<int>());
        Assert.Equal(0.25, merged["errorRate"]!.GetValue<double>());
        Assert.Equal(502, merged["errorStatuses"]![0]!.GetValue<int>());
        Assert.Equal(0.25, Server.Faults.ErrorRate);
        Assert.Equal(1799, merged["tokenLifetimeSec"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("{\"noSuchFault\":1}", "Unknown fault")]
    [InlineData("{\"errorRate\":2}", "between 0 and 1")]
    [InlineData("{\"latencyMs\":\"slow\"}", "latencyMs")]
    [InlineData("{\"errorStatuses\":[200]}", "errorStatuses")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("{not json", "not valid JSON")]
    public async Task Bad_fault_documents_are_refused_and_change_nothing(string json, string messagePart)
    {
        using var response = await Http.PutAsync("/_emulator/faults", JsonContent("{\"latencyMs\":5," + json.TrimStart('{')));
        using var plain = await Http.PutAsync("/_emulator/faults", JsonContent(json));

        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        Assert.Contains(messagePart, await plain.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        if (json.StartsWith('{') && json != "{not json")
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Equal(0, Server.Faults.LatencyMs);
    }

    [Fact]
    public async Task Moving_the_clock_expires_tokens_at_once_and_refuses_bad_documents()
    {
        Server.Faults.TokenLifetimeSec = 60;
        var token = await TokenAsync();
        var url = "/samples/entities/samples/v2?ids=" + new string('a', 64);
        using var fresh = await SendAsync(HttpMethod.Get, url, token: token);
        Assert.Equal(HttpStatusCode.NotFound, fresh.StatusCode);

        using var moved = await Http.PostAsync("/_emulator/clock", JsonContent("{\"advanceSec\":61}"));
        using var expired = await SendAsync(HttpMethod.Get, url, token: token);
        using var backwards = await Http.PostAsync("/_emulator/clock", JsonContent("{\"advanceSec\":-5}"));
        using var noNumber = await Http.PostAsync("/_emulator/clock", JsonContent("{\"advanceSec\":\"soon\"}"));
        var clock = System.Text.Json.Nodes.JsonNode.Parse(await Http.GetStringAsync("/_emulator/clock"))!;

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("advanceSec", await backwards.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noNumber.StatusCode);
        Assert.Equal(61, clock["offsetSec"]!.GetValue<double>());
    }

    [Fact]
    public async Task Stats_count_a_request_held_by_latency_as_in_flight_until_it_is_answered()
    {
        var token = await TokenAsync();
        await PutFaultsAsync(new { latencyMs = 30000 });
        using var cancel = new System.Threading.CancellationTokenSource();
        using var held = new HttpRequestMessage(HttpMethod.Get, "/samples/entities/samples/v2?ids=" + new string('b', 64));
        held.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var pending = Http.SendAsync(held, cancel.Token);

        var during = await StatsWhenAsync(s => s["inFlight"]!.GetValue<int>() == 1);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        var after = await StatsWhenAsync(s => s["inFlight"]!.GetValue<int>() == 0);

        Assert.Equal(during["started"]!.GetValue<int>(), after["started"]!.GetValue<int>());
        Assert.Equal(during["requests"]!.GetValue<int>() + 1, after["requests"]!.GetValue<int>());
        Assert.Contains(Server.Stats.RecordedRequests, r => r.Status == 499);
    }

    /// <summary>Polls GET /_emulator/stats until the condition holds (at most 10 s).</summary>
    private async Task<System.Text.Json.Nodes.JsonNode> StatsWhenAsync(Func<System.Text.Json.Nodes.JsonNode, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var stats = System.Text.Json.Nodes.JsonNode.Parse(await Http.GetStringAsync("/_emulator/stats"))!;
            if (condition(stats) || DateTime.UtcNow > deadline)
            {
                Assert.True(condition(stats), "The emulator's counters never matched: " + stats.ToJsonString());
                return stats;
            }

            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Reset_clears_faults_counters_and_samples()
    {
        var sha = await UploadAsync([1, 2, 3]);
        await PutFaultsAsync(new { errorRate = 0.5, quotaUsed = 7 });

        using var reset = await Http.PostAsync("/_emulator/reset", null);

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(0, Server.Faults.ErrorRate);
        Assert.Equal(0, Server.Faults.QuotaUsed);
        Assert.Equal(0, Server.Stats.Requests);
        Assert.Equal(0, Server.Stats.Uploads);
        using var gone = await GetAsync("/samples/entities/samples/v2?ids=" + sha);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Stats_count_requests_by_route()
    {
        await UploadAsync([1, 2, 3]);
        using var _ = await GetAsync("/samples/entities/samples/v2?ids=" + new string('b', 64));

        var stats = System.Text.Json.Nodes.JsonNode.Parse(await Http.GetStringAsync("/_emulator/stats"))!;

        Assert.Equal(3, stats["requests"]!.GetValue<int>());
        Assert.Equal(1, stats["tokenRequests"]!.GetValue<int>());
        Assert.Equal(1, stats["uploads"]!.GetValue<int>());
        Assert.Equal(1, stats["byRoute"]!["POST /samples/entities/samples/v2"]!.GetValue<int>());
        Assert.Equal(1, stats["byRoute"]!["GET /samples/entities/samples/v2"]!.GetValue<int>());
        foreach (var key in new[] { "revokes", "submissions", "duplicateSubmissions", "rateLimited", "earlyAfterRetryAfter", "faultsInjected" })
        {
            Assert.NotNull(stats[key]);
        }
    }

    [Fact]
    public async Task Recorded_requests_list_method_path_status_time_bytes_and_token_id()
    {
        await UploadAsync([1, 2, 3, 4, 5]);

        var requests = System.Text.Json.Nodes.JsonNode.Parse(await Http.GetStringAsync("/_emulator/requests"))!.AsArray();

        var upload = requests.Single(r => r!["path"]!.GetValue<string>() == "/samples/entities/samples/v2")!;
        Assert.Equal("POST", upload["method"]!.GetValue<string>());
        Assert.Equal("?file_name=sample.exe", upload["query"]!.GetValue<string>());
        Assert.Equal(200, upload["status"]!.GetValue<int>());
        Assert.Equal(5, upload["bytesIn"]!.GetValue<long>());
        Assert.Matches("^[0-9a-f]{12}$", upload["tokenId"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(upload["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _));
    }

    [Fact]
    public async Task A_temporary_data_directory_is_deleted_on_dispose_and_a_given_one_is_kept()
    {
        var given = Path.Combine(Path.GetTempPath(), "falconx-test-data-" + Guid.NewGuid().ToString("N"));
        try
        {
            string temporary;
            await using (var server = await EmulatorServer.StartAsync(new EmulatorOptions()))
            {
                temporary = server.DataDirectory;
                Assert.True(Directory.Exists(temporary));
            }

            await using (var server = await EmulatorServer.StartAsync(new EmulatorOptions { DataDir = given }))
            {
                Assert.Equal(given, server.DataDirectory);
            }

            Assert.False(Directory.Exists(temporary));
            Assert.True(Directory.Exists(given));
        }
        finally
        {
            Directory.Delete(given, recursive: true);
        }
    }

    [Fact]
    public async Task Unknown_admin_endpoints_and_methods_are_refused()
    {
        using var unknown = await Http.GetAsync("/_emulator/nope");
        using var wrong = await Http.GetAsync("/_emulator/reset");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrong.StatusCode);
    }

    [Fact]
    public async Task Admin_refusals_name_the_known_endpoints_and_the_refused_method()
    {
        using var unknown = await Http.GetAsync("/_emulator/nope");
        using var wrong = await Http.GetAsync("/_emulator/reset");

        Assert.Equal(
            "Unknown admin endpoint /_emulator/nope. Known: health, shutdown, reset, stats, requests, faults, canned, clock.",
            System.Text.Json.Nodes.JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
        Assert.Equal("GET is not allowed on /_emulator/reset.", System.Text.Json.Nodes.JsonNode.Parse(await wrong.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bad_command_line_ends_the_process_with_exit_code_2_before_listening()
    {
        Assert.Equal(2, await Program.Main(["--bogus", "1"]));
        Assert.Equal(2, await Program.Main(["--cid", "not-hex"]));
    }

    [Fact]
    public async Task Shutdown_stops_the_server()
    {
        using var response = await Http.PostAsync("/_emulator/shutdown", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var timeout = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Server.WaitForShutdownAsync(timeout.Token);
        await Assert.ThrowsAsync<HttpRequestException>(() => Http.GetAsync("/_emulator/health"));
    }

    [Fact]
    public void Command_line_options_are_parsed_and_bad_ones_explained()
    {
        var options = EmulatorOptions.Parse(["--port", "0", "--submission-delay-ms", "50", "--region", "us-2", "--rate-limit-per-minute", "10", "--seed", "9"]);

        Assert.Equal(50, options.SubmissionDelayMs);
        Assert.Equal("us-2", options.Region);
        Assert.Equal(10, options.RateLimitPerMinute);
        Assert.Equal(9, options.Seed);
        Assert.Contains("whole number", Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(["--port", "x"])).Message, StringComparison.Ordinal);
        Assert.Contains("Unknown option", Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(["--bogus", "1"])).Message, StringComparison.Ordinal);
        Assert.Contains("--cid", Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(["--cid", "xyz"])).Message, StringComparison.Ordinal);
    }
}
