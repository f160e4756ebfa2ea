using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using ThreatQ.Emulator;

namespace FalconX.Tests.ThreatQEmulator;

public sealed class ThreatQEmulatorFaultTests : ThreatQEmulatorTestBase
{
    [Fact]
    public async Task Fail_next_answers_500_in_the_errors_shape_then_recovers()
    {
        await PutFaultsAsync("""{"failNext":1}""");

        using var failed = await GetAsync("/api/indicators");
        using var next = await GetAsync("/api/indicators");

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal("Server Error", (await ReadAsync(failed))["errors"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(1, Server.Stats.Faults["error"]);
    }

    [Fact]
    public async Task A_502_is_nginx_html_not_json()
    {
        await PutFaultsAsync("""{"failNext":1,"errorStatuses":[502]}""");

        using var failed = await GetAsync("/api/indicators");

        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.Equal("text/html", failed.Content.Headers.ContentType!.MediaType);
        Assert.Contains("nginx", await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_fault_does_no_work()
    {
        await TokenAsync();
        await PutFaultsAsync("""{"failNext":1}""");

        using var failed = await PostAsync("/api/indicators/consume", IndicatorBody(report: "unused").Replace(",\"report\":[{\"value\":\"unused\"}]", string.Empty, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Empty(await StoredAsync("indicators"));
    }

    [Fact]
    public async Task Error_share_is_roughly_the_rate_and_repeats_with_the_seed()
    {
        await TokenAsync();
        await PutFaultsAsync("""{"errorRate":0.2,"errorStatuses":[503],"seed":7}""");
        var first = await StatusesAsync(200);
        await PutFaultsAsync("""{"seed":7}""");
        var second = await StatusesAsync(200);

        var failures = first.Count(s => s == 503);
        Assert.InRange(failures, 20, 60);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Throttle_answers_429_with_retry_after_and_counts_an_early_retry()
    {
        await TokenAsync();
        await PutFaultsAsync("""{"throttleNext":1,"retryAfterSec":30}""");

        using var throttled = await GetAsync("/api/indicators");
        using var early = await GetAsync("/api/indicators");
        Server.AdvanceClock(TimeSpan.FromSeconds(31));
        using var later = await GetAsync("/api/indicators");

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), throttled.Headers.RetryAfter!.Delta);
        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Equal(1, Server.Stats.EarlyRetries);
    }

    [Fact]
    public async Task Drop_after_stores_the_body_but_the_client_gets_no_answer_and_a_resend_adds_nothing()
    {
        await PostOkAsync("/api/report/consume", ReportBody());
        await PutFaultsAsync("""{"dropNext":1,"dropMode":"after","errorRoutes":["POST /api/indicators/consume"]}""");

        await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync("/api/indicators/consume", IndicatorBody()));
        var afterDrop = await StoredAsync("indicators");
        var revision = Server.Store.Revision;
        await PostOkAsync("/api/indicators/consume", IndicatorBody());

        Assert.Single(afterDrop);
        Assert.Single(await StoredAsync("indicators"));
        Assert.Equal(revision, Server.Store.Revision);
        Assert.Equal(1, Server.Stats.Faults["drop"]);
    }

    [Fact]
    public async Task Drop_before_does_nothing()
    {
        await TokenAsync();
        await PutFaultsAsync("""{"dropNext":1,"dropMode":"before"}""");

        await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync("/api/indicators/consume", $$$"""[{"value":"{{{Sha}}}","type":"SHA-256"}]"""));

        Assert.Empty(await StoredAsync("indicators"));
    }

    [Fact]
    public async Task Error_routes_limit_where_faults_land_and_token_route_is_spared_by_default()
    {
        await PutFaultsAsync("""{"errorRate":1}""");
        using var token = await PasswordGrantAsync();
        await PutFaultsAsync("""{"errorRoutes":["POST /api/*/consume"]}""");
        using var read = await SendAsync(HttpMethod.Get, "/api/indicators", token: (await ReadAsync(token))["access_token"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Theory]
    [InlineData("""{"noSuch":1}""", "Unknown fault switch")]
    [InlineData("""{"errorRate":2}""", "errorRate")]
    [InlineData("""{"dropMode":"sometimes"}""", "dropMode")]
    [InlineData("""{"errorStatuses":[200]}""", "errorStatuses")]
    [InlineData("""{"tokenLifetimeSec":0}""", "tokenLifetimeSec")]
    public async Task Bad_fault_documents_are_refused_and_change_nothing(string json, string messagePart)
    {
        using var response = await Http.PutAsync("/_emulator/faults", Json("{\"latencyMs\":5," + json.TrimStart('{')));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(messagePart, text, StringComparison.Ordinal);
        Assert.Equal(0, Server.Faults.LatencyMs);
    }

    [Fact]
    public async Task Reset_clears_objects_counters_and_faults()
    {
        await PostOkAsync("/api/report/consume", ReportBody());
        await PutFaultsAsync("""{"errorRate":0.5}""");

        using var reset = await Http.PostAsync("/_emulator/reset", null);

        Assert.Empty(await StoredAsync("report"));
        Assert.Equal(0, Server.Stats.Requests);
        Assert.Equal(0, Server.Faults.ErrorRate);
        Assert.Equal(0L, Server.Store.Revision);
    }

    [Fact]
    public async Task Requests_are_recorded_by_route_template_with_a_token_digest_never_the_token()
    {
        var token = await TokenAsync();
        await PostOkAsync("/api/report/consume", ReportBody());
        await GetOkAsync("/api/report/1?with=attributes");

        var stats = JsonNode.Parse(await Http.GetStringAsync("/_emulator/stats"))!;
        var log = await Http.GetStringAsync("/_emulator/requests");

        Assert.Equal(1, stats["byRoute"]!["GET /api/report/{id}"]!.GetValue<int>());
        Assert.Equal(1, stats["byRoute"]!["POST /api/report/consume"]!.GetValue<int>());
        Assert.DoesNotContain(token, log, StringComparison.Ordinal);
        Assert.DoesNotContain(TqOptions.DefaultPassword, log, StringComparison.Ordinal);
    }

    private async Task<int[]> StatusesAsync(int count)
    {
        var statuses = new int[count];
        for (var i = 0; i < count; i++)
        {
            using var response = await GetAsync("/api/indicator/statuses");
            statuses[i] = (int)response.StatusCode;
        }

        return statuses;
    }
}
