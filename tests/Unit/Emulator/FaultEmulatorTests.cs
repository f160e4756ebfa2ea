using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace FalconX.Tests.Emulator;

public sealed class FaultEmulatorTests : EmulatorTestBase, IClassFixture<SharedEmulator>
{
    public FaultEmulatorTests(SharedEmulator shared)
        : base(shared)
    {
    }

    private static readonly string MissingSample = "/samples/entities/samples/v2?ids=" + new string('a', 64);

    [Fact]
    public async Task Every_answer_carries_trace_id_and_rate_limit_headers()
    {
        using var first = await GetAsync(MissingSample);
        using var second = await GetAsync(MissingSample);

        Assert.Equal("6000", Header(first, "X-Ratelimit-Limit"));
        var remainingFirst = int.Parse(Header(first, "X-Ratelimit-Remaining"), CultureInfo.InvariantCulture);
        var remainingSecond = int.Parse(Header(second, "X-Ratelimit-Remaining"), CultureInfo.InvariantCulture);
        Assert.Equal(remainingFirst - 1, remainingSecond);
        var body = await ReadJsonAsync(first);
        Assert.Equal(Header(first, "X-Cs-Traceid"), body["meta"]!["trace_id"]!.GetValue<string>());
        Assert.NotEqual(Header(first, "X-Cs-Traceid"), Header(second, "X-Cs-Traceid"));
    }

    [Fact]
    public async Task Rate_limit_answers_429_with_retry_after_and_counts_early_retries()
    {
        var token = await TokenAsync();
        // The token request above is in the window too: it, one and two use the three slots. The window is long, so a
        // loaded machine cannot let a slot expire between the requests; the test moves the clock instead of waiting.
        await PutFaultsAsync(new { rateLimitPerMinute = 3, rateLimitWindowSec = 60 });

        using var one = await SendAsync(HttpMethod.Get, MissingSample, token: token);
        using var two = await SendAsync(HttpMethod.Get, MissingSample, token: token);
        using var limited = await SendAsync(HttpMethod.Get, MissingSample, token: token);

        Assert.Equal(HttpStatusCode.NotFound, two.StatusCode);
        Assert.Equal("0", Header(two, "X-Ratelimit-Remaining"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        AssertError(await ReadJsonAsync(limited), 429);
        var retryAfter = long.Parse(Header(limited, "X-Ratelimit-Retryafter"), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 61);
        Assert.Equal(1, Server.Stats.RateLimited);

        using var tooSoon = await SendAsync(HttpMethod.Get, MissingSample, token: token);
        Assert.Equal(1, Server.Stats.EarlyAfterRetryAfter);

        // Move the emulator's clock past the Retry-After second instead of waiting for it.
        var wait = DateTimeOffset.FromUnixTimeSeconds(retryAfter) - DateTimeOffset.UtcNow;
        Server.AdvanceClock((wait > TimeSpan.Zero ? wait : TimeSpan.Zero) + TimeSpan.FromMilliseconds(50));

        using var afterWait = await SendAsync(HttpMethod.Get, MissingSample, token: token);
        Assert.Equal(HttpStatusCode.NotFound, afterWait.StatusCode);
        Assert.Equal(1, Server.Stats.EarlyAfterRetryAfter);
    }

    [Fact]
    public async Task Fail_next_requests_fails_exactly_that_many_api_calls_but_not_token_requests()
    {
        await PutFaultsAsync(new { failNextRequests = 2, errorStatuses = new[] { 503 } });

        using var token = await Http.PostAsync("/oauth2/token", Credentials());
        var bearer = (await ReadJsonAsync(token))["access_token"]!.GetValue<string>();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await SendAsync(HttpMethod.Get, MissingSample, token: bearer);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                AssertError(await ReadJsonAsync(response), 503);
            }
        }

        Assert.Equal(HttpStatusCode.Created, token.StatusCode);
        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.NotFound], statuses);
        Assert.Equal(2, Server.Stats.FaultsInjected);
        Assert.Equal(0, Server.Faults.FailNextRequests);
    }

    [Fact]
    public async Task Error_rate_applies_only_to_the_chosen_routes()
    {
        await PutFaultsAsync(new { errorRate = 1.0, errorRoutes = new[] { "GET /samples/*" } });

        using var get = await GetAsync(MissingSample);
        using var delete = await SendAsync(HttpMethod.Delete, MissingSample);

        Assert.Contains((int)get.StatusCode, new[] { 500, 502, 503 });
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
    }

    [Fact]
    public async Task Error_rate_draws_are_repeatable_for_a_seed()
    {
        var token = await TokenAsync();
        async Task<string> RunAsync()
        {
            await PutFaultsAsync(new { seed = 42, errorRate = 0.5 });
            var statuses = new List<int>();
            for (var i = 0; i < 12; i++)
            {
                using var response = await SendAsync(HttpMethod.Get, MissingSample, token: token);
                statuses.Add((int)response.StatusCode);
            }

            return string.Join(",", statuses);
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.Contains("404", first, StringComparison.Ordinal);
        Assert.Matches("50[023]", first);
    }

    [Fact]
    public async Task Html_error_rate_answers_a_proxy_page_instead_of_json()
    {
        await PutFaultsAsync(new { htmlErrorRate = 1.0 });

        using var response = await GetAsync(MissingSample);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("502 Bad Gateway", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_json_rate_cuts_the_body_in_half()
    {
        await PutFaultsAsync(new { truncatedJsonRate = 1.0 });

        using var response = await GetAsync(MissingSample);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(text.Length, (int)response.Content.Headers.ContentLength!.Value);
        Assert.ThrowsAny<JsonException>(() => JsonNode.Parse(text));
    }

    [Fact]
    public async Task Dropped_connection_rate_aborts_the_answer_mid_body()
    {
        var token = await TokenAsync();
        await PutFaultsAsync(new { dropConnectionRate = 1.0 });

        await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(HttpMethod.Get, MissingSample, token: token));

        Assert.Equal(1, Server.Stats.FaultsInjected);
    }

    [Fact]
    public async Task A_dropped_submission_answer_still_created_the_submission()
    {
        var sha = await UploadAsync([8, 8, 8]);
        await PutFaultsAsync(new { dropConnectionRate = 1.0, errorRoutes = new[] { "POST /falconx/entities/submissions/v1" } });

        await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(HttpMethod.Post, "/falconx/entities/submissions/v1",
            JsonContent($"{{\"sandbox\":[{{\"sha256\":\"{sha}\",\"environment_id\":160}}]}}")));

        Assert.Equal(1, Server.Stats.Submissions);
        Assert.Equal(1, Server.Faults.QuotaUsed);
    }

    [Fact]
    public async Task Faults_can_target_the_token_route_explicitly()
    {
        await PutFaultsAsync(new { failNextRequests = 1, errorStatuses = new[] { 500 }, errorRoutes = new[] { "* /oauth2/*" } });

        using var failed = await Http.PostAsync("/oauth2/token", Credentials());
        using var next = await Http.PostAsync("/oauth2/token", Credentials());

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
        Assert.Equal(2, Server.Stats.TokenRequests);
    }

    [Fact]
    public async Task Latency_delays_answers_beyond_a_short_client_timeout()
    {
        var token = await TokenAsync();
        await PutFaultsAsync(new { latencyMs = 5000 });
        using var impatient = new HttpClient { BaseAddress = Server.BaseUrl, Timeout = TimeSpan.FromMilliseconds(300) };
        using var request = new HttpRequestMessage(HttpMethod.Get, MissingSample);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.SendAsync(request));
    }

    [Fact]
    public async Task Unknown_routes_wrong_methods_and_overlong_urls_get_envelopes()
    {
        using var unknown = await GetAsync("/falconx/entities/nothing/v1");
        using var wrongMethod = await SendAsync(HttpMethod.Put, "/samples/entities/samples/v2");
        using var longUrl = await GetAsync("/samples/entities/samples/v2?ids=" + new string('a', 41 * 1024));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        AssertError(await ReadJsonAsync(unknown), 404);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        AssertError(await ReadJsonAsync(wrongMethod), 405);
        Assert.Equal(HttpStatusCode.RequestUriTooLong, longUrl.StatusCode);
        AssertError(await ReadJsonAsync(longUrl), 414, "fewer ids");
    }
}
