using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using FalconX.Emulator;

namespace FalconX.Tests.Emulator;

public sealed class SubmissionEmulatorTests : EmulatorTestBase
{
    protected override EmulatorOptions CreateOptions() => new() { SubmissionDelayMs = 60_000, QuotaTotal = 5 };

    [Fact]
    public async Task Submitting_an_uploaded_sample_returns_a_created_submission_with_quota()
    {
        var sha = await UploadAsync(Encoding.ASCII.GetBytes("plain sample"), "tool.exe");
        var body = new JsonObject
        {
            ["sandbox"] = new JsonArray(new JsonObject
            {
                ["sha256"] = sha,
                ["environment_id"] = 110,
                ["action_script"] = "default_randomfiles",
                ["command_line"] = "/my /command",
                ["document_password"] = "secret",
                ["network_settings"] = "simulated",
                ["submit_name"] = "renamed.exe",
                ["system_date"] = "2024-01-31",
                ["system_time"] = "12:33",
            }),
            ["user_tags"] = new JsonArray("case-17", "triage"),
            ["send_email_notification"] = true,
        };

        using var response = await SendAsync(HttpMethod.Post, "/falconx/entities/submissions/v1", JsonContent(body.ToJsonString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ReadJsonAsync(response);
        var submission = Assert.Single(json["resources"]!.AsArray())!;
        Assert.Matches("^" + EmulatorOptions.DefaultCid + "_[0-9a-f]{32}$", submission["id"]!.GetValue<string>());
        Assert.Equal("created", submission["state"]!.GetValue<string>());
        Assert.Equal("apigateway", submission["origin"]!.GetValue<string>());
        var sandbox = submission["sandbox"]![0]!;
        Assert.Equal(sha, sandbox["sha256"]!.GetValue<string>());
        Assert.Equal(110, sandbox["environment_id"]!.GetValue<int>());
        Assert.Equal("renamed.exe", sandbox["submit_name"]!.GetValue<string>());
        Assert.Equal("12:33", sandbox["system_time"]!.GetValue<string>());
        Assert.Equal(["case-17", "triage"], submission["user_tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        var quota = json["meta"]!["quota"]!;
        Assert.Equal(5, quota["total"]!.GetValue<int>());
        Assert.Equal(1, quota["used"]!.GetValue<int>());
        Assert.Equal(1, quota["in_progress"]!.GetValue<int>());
        Assert.Equal("falconx-api", json["meta"]!["powered_by"]!.GetValue<string>());
    }

    [Fact]
    public async Task State_moves_from_created_through_running_to_success()
    {
        // A ten-minute detonation walked through by moving the emulator's clock: queued for its first tenth, then
        // running, then done; no polling in real time.
        Server.Faults.SubmissionDelayMs = 600_000;
        var id = await SubmitAsync(await UploadAsync([1, 2, 3]));
        var seen = new System.Collections.Generic.List<string> { await StateAsync(id) };
        Server.AdvanceClock(TimeSpan.FromMinutes(2));
        seen.Add(await StateAsync(id));
        Server.AdvanceClock(TimeSpan.FromMinutes(9));
        seen.Add(await StateAsync(id));

        Assert.Equal(["created", "running", "success"], seen);
    }

    private async Task<string> StateAsync(string id)
    {
        using var response = await GetAsync("/falconx/entities/submissions/v1?ids=" + id);
        return (await ReadJsonAsync(response))["resources"]![0]!["state"]!.GetValue<string>();
    }

    [Fact]
    public async Task Error_marker_ends_in_error_state_with_error_fields()
    {
        Server.Faults.SubmissionDelayMs = 0;
        var id = await SubmitAsync(await UploadAsync(Encoding.ASCII.GetBytes("header FALCONX-ERROR trailer"), "blob.xyz"));

        using var response = await GetAsync("/falconx/entities/submissions/v1?ids=" + id);
        var submission = (await ReadJsonAsync(response))["resources"]![0]!;

        Assert.Equal("error", submission["state"]!.GetValue<string>());
        Assert.Equal("FILE_TYPE_BAD_ERROR", submission["error_type"]!.GetValue<string>());
        Assert.Equal("CLIENT", submission["error_origin"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(submission["error_message"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("{}", "invalid number of samples")]
    [InlineData("{\"sandbox\":[]}", "invalid number of samples")]
    [InlineData("{\"sandbox\":{\"sha256\":\"x\"}}", "invalid number of samples")]
    [InlineData("{\"sandbox\":[{\"environment_id\":160},{\"environment_id\":160}]}", "invalid number of samples")]
    [InlineData("{\"sandbox\":[{\"environment_id\":160}]}", "sha256")]
    [InlineData("{\"sandbox\":[{\"sha256\":\"abc\",\"environment_id\":160}]}", "not a SHA-256")]
    [InlineData("{\"sandbox\":[{\"url\":\"notaurl\",\"environment_id\":160}]}", "absolute")]
    [InlineData("{\"sandbox\":[{\"url\":\"http://a.invalid/\",\"sha256\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"environment_id\":160}]}", "not both")]
    [InlineData("{\"sandbox\":[{\"url\":\"http://a.invalid/\"}]}", "environment_id is required")]
    [InlineData("{\"sandbox\":[{\"url\":\"http://a.invalid/\",\"environment_id\":999}]}", "not a known environment")]
    [InlineData("{\"sandbox\":[{\"url\":\"http://a.invalid/\",\"environment_id\":160,\"network_settings\":\"fast\"}]}", "network_settings")]
    [InlineData("{\"sandbox\":[{\"url\":\"http://a.invalid/\",\"environment_id\":160,\"system_date\":\"31/01/2024\"}]}", "yyyy-MM-dd")]
    [InlineData("{\"sandbox\":[{\"url\":\"http://a.invalid/\",\"environment_id\":160,\"command_line\":5}]}", "must be a string")]
    [InlineData("{\"sandbox\":[{\"url\":\"http://a.invalid/\",\"environment_id\":160}],\"user_tags\":\"a,b\"}", "user_tags")]
    [InlineData("{\"sandbox\":[{\"sha256\":\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\",\"environment_id\":160}]}", "upload it first")]
    [InlineData("{\"sandbox\":[", "not valid JSON")]
    [InlineData("", "empty")]
    public async Task Bad_submissions_get_400_with_a_message_that_says_what_to_fix(string body, string messagePart)
    {
        using var response = await SendAsync(HttpMethod.Post, "/falconx/entities/submissions/v1", JsonContent(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await ReadJsonAsync(response);
        AssertError(json, 400, messagePart);
        Assert.NotNull(json["meta"]!["quota"]);
        Assert.Equal(0, Server.Stats.Submissions);
        Assert.Equal(0, Server.Faults.QuotaUsed);
    }

    [Fact]
    public async Task Submissions_need_a_json_content_type()
    {
        using var content = new StringContent("{\"sandbox\":[{\"url\":\"http://a.invalid/\",\"environment_id\":160}]}", Encoding.UTF8, "text/plain");

        using var response = await SendAsync(HttpMethod.Post, "/falconx/entities/submissions/v1", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertError(await ReadJsonAsync(response), 400, "application/json");
    }

    [Fact]
    public async Task Exhausted_quota_answers_429_and_spends_nothing()
    {
        var sha = await UploadAsync([9, 9, 9]);
        await PutFaultsAsync(new { quotaUsed = 5 });

        using var response = await SendAsync(HttpMethod.Post, "/falconx/entities/submissions/v1",
            JsonContent($"{{\"sandbox\":[{{\"sha256\":\"{sha}\",\"environment_id\":160}}]}}"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var json = await ReadJsonAsync(response);
        AssertError(json, 429, "quota exceeded");
        Assert.Equal(5, json["meta"]!["quota"]!["used"]!.GetValue<int>());
        Assert.Equal(0, Server.Stats.Submissions);
        Assert.Equal(0, Server.Stats.RateLimited);
    }

    [Fact]
    public async Task A_second_submission_of_the_same_sample_and_environment_counts_as_duplicate()
    {
        var sha = await UploadAsync([4, 5, 6]);

        await SubmitAsync(sha, 160);
        await SubmitAsync(sha, 100);
        Assert.Equal(0, Server.Stats.DuplicateSubmissions);
        await SubmitAsync(sha, 160);
        await SubmitAsync(null, 160, "http://phish.invalid/login");
        await SubmitAsync(null, 160, "http://phish.invalid/login");

        Assert.Equal(2, Server.Stats.DuplicateSubmissions);
        Assert.Equal(5, Server.Stats.Submissions);
        Assert.Equal(5, Server.Faults.QuotaUsed);
    }

    [Fact]
    public async Task Get_submissions_accepts_csv_and_repeated_ids_and_reports_unknown_ones()
    {
        var sha = await UploadAsync([7, 7, 7]);
        var a = await SubmitAsync(sha, 160);
        var b = await SubmitAsync(sha, 110);
        var unknown = EmulatorOptions.DefaultCid + "_" + new string('0', 32);

        using var csv = await GetAsync($"/falconx/entities/submissions/v1?ids={a},{b}");
        using var repeated = await GetAsync($"/falconx/entities/submissions/v1?ids={a}&ids={b}&ids={unknown}");
        using var onlyUnknown = await GetAsync($"/falconx/entities/submissions/v1?ids={unknown}");
        using var malformed = await GetAsync("/falconx/entities/submissions/v1?ids=nope");
        using var quotaProbe = await GetAsync("/falconx/entities/submissions/v1?ids=");

        Assert.Equal(2, (await ReadJsonAsync(csv))["resources"]!.AsArray().Count);
        var mixed = await ReadJsonAsync(repeated);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(2, mixed["resources"]!.AsArray().Count);
        Assert.Contains(unknown, mixed["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, onlyUnknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var probe = await ReadJsonAsync(quotaProbe);
        Assert.Equal(HttpStatusCode.OK, quotaProbe.StatusCode);
        Assert.Null(probe["resources"]);
        Assert.Equal(2, probe["meta"]!["quota"]!["used"]!.GetValue<int>());
    }

    [Fact]
    public async Task Batch_gets_accept_5000_ids_by_count_but_overlong_urls_get_414()
    {
        var ids = Enumerable.Range(0, 5001).Select(i => EmulatorOptions.DefaultCid + "_" + i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture)).ToList();

        using var tooLong = await GetAsync("/falconx/entities/reports/v1?ids=" + string.Join(",", ids.Take(700)));
        // What PSFalcon sends to the real API: 500 ids as repeated parameters, about 35,000 characters.
        var psfalcon = "/falconx/entities/reports/v1?ids=" + string.Join("&ids=", ids.Take(500));
        Assert.True(psfalcon.Length > 34_000);
        using var fits = await GetAsync(psfalcon);

        Assert.Equal(HttpStatusCode.RequestUriTooLong, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, fits.StatusCode);
        Assert.Equal(500, (await ReadJsonAsync(fits))["errors"]!.AsArray().Count);
    }

    [Fact]
    public async Task Query_submissions_filters_sorts_and_pages()
    {
        var first = await UploadAsync(Encoding.ASCII.GetBytes("first"));
        var second = await UploadAsync(Encoding.ASCII.GetBytes("second"));
        var a = await SubmitAsync(first, 160);
        var b = await SubmitAsync(first, 100);
        var c = await SubmitAsync(second, 160);
        var url = await SubmitAsync(null, 160, "https://login.invalid/page");

        async Task<JsonObject> QueryAsync(string query)
        {
            using var response = await GetAsync("/falconx/queries/submissions/v1?" + query);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await ReadJsonAsync(response);
        }

        string[] Ids(JsonObject json) => json["resources"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

        Assert.Equal([a, b], Ids(await QueryAsync($"filter=sandbox.sha256:'{first}'&sort=created_timestamp.asc")));
        Assert.Equal([a], Ids(await QueryAsync("filter=" + Uri.EscapeDataString($"sandbox.sha256:'{first}'+sandbox.environment_id:160"))));
        Assert.Equal([a], Ids(await QueryAsync($"filter=sandbox.sha256:\"{first}\"+sandbox.environment_id:'160'")));
        // The real API stores URLs defanged and its filters match that stored form only.
        Assert.Equal([url], Ids(await QueryAsync("filter=" + Uri.EscapeDataString("sandbox.submit_url:'hxxps://login[.]invalid/page'"))));
        Assert.Equal([url], Ids(await QueryAsync("filter=" + Uri.EscapeDataString("sandbox.submit_url.raw:'hxxps://login[.]invalid/page'"))));
        Assert.Empty(Ids(await QueryAsync("filter=" + Uri.EscapeDataString("sandbox.submit_url.raw:'https://login.invalid/page'"))));
        Assert.Equal(4, Ids(await QueryAsync("filter=state:'created'")).Length + Ids(await QueryAsync("filter=state:'running'")).Length);
        Assert.Equal(4, Ids(await QueryAsync("filter=" + Uri.EscapeDataString("state:['created','running']"))).Length);
        Assert.Empty(Ids(await QueryAsync("filter=state:'success'")));
        var page = await QueryAsync("limit=2&offset=1&sort=desc");
        Assert.Equal(2, Ids(page).Length);
        Assert.Equal(1, page["meta"]!["pagination"]!["offset"]!.GetValue<int>());
        Assert.Equal(2, page["meta"]!["pagination"]!["limit"]!.GetValue<int>());
        Assert.Equal(4, page["meta"]!["pagination"]!["total"]!.GetValue<long>());
        Assert.NotNull(page["meta"]!["quota"]);
        var descending = Ids(await QueryAsync("sort=created_timestamp.desc"));
        Assert.Equal(a, descending[^1]);
        Assert.Contains(c, descending);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=5001", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("sort=threat_score.desc", "sort")]
    [InlineData("filter=nosuchfield:'x'", "not supported")]
    [InlineData("filter=verdict", "field:'value'")]
    [InlineData("filter=verdict:'malicious',verdict:'suspicious'", "(OR), which is not supported")]
    public async Task Bad_query_parameters_are_400(string query, string messagePart)
    {
        using var response = await GetAsync("/falconx/queries/submissions/v1?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertError(await ReadJsonAsync(response), 400, messagePart);
    }
}
