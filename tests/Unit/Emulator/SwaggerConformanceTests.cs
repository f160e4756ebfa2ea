using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using FalconX.Emulator;

namespace FalconX.Tests.Emulator;

/// <summary>The emulator's JSON answers, route by route, against the official swagger's field names and types.</summary>
public sealed class SwaggerConformanceTests : EmulatorTestBase
{
    private readonly SwaggerValidator _swagger = new(TestPaths.Contract("falconx-api-contract.json"));

    private async Task CheckAsync(HttpResponseMessage response, string method, string swaggerPath, int expectedStatus)
    {
        Assert.Equal(expectedStatus, (int)response.StatusCode);
        var definition = _swagger.ResponseSchema(method, swaggerPath, expectedStatus);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        var problems = _swagger.Validate(body, definition);
        Assert.True(problems.Count == 0, $"{method} {swaggerPath} {expectedStatus} vs {definition}:\n" + string.Join("\n", problems));
        foreach (var header in _swagger.ResponseHeaders(method, swaggerPath, expectedStatus).Where(h => !h.Contains("RetryAfter", StringComparison.OrdinalIgnoreCase)))
        {
            Assert.True(response.Headers.Contains(header) || response.Content.Headers.Contains(header), $"{method} {swaggerPath}: header {header} missing");
        }
    }

    [Fact]
    public async Task OAuth2_answers_conform()
    {
        // X-CS-Region is declared for the token answer; the emulator sends it only when a region is configured.
        Server.Faults.Region = "us-1";
        using var token = await Http.PostAsync("/oauth2/token", Credentials());
        await CheckAsync(token, "POST", "/oauth2/token", 201);
        using var denied = await Http.PostAsync("/oauth2/token", Credentials(secret: "wrong-secret-wrong-secret-wrong-secret00"));
        await CheckAsync(denied, "POST", "/oauth2/token", 403);

        using var revoke = new HttpRequestMessage(HttpMethod.Post, "/oauth2/revoke") { Content = new FormUrlEncodedContent([new("token", await TokenAsync())]) };
        revoke.Headers.Authorization = new AuthenticationHeaderValue("basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(EmulatorOptions.DefaultClientId + ":" + EmulatorOptions.DefaultClientSecret)));
        using var revoked = await Http.SendAsync(revoke);
        await CheckAsync(revoked, "POST", "/oauth2/revoke", 200);
    }

    [Fact]
    public async Task Sample_answers_conform()
    {
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes("swagger sample"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var upload = await SendAsync(HttpMethod.Post, "/samples/entities/samples/v3?file_name=s.exe", content);
        await CheckAsync(upload, "POST", "/samples/entities/samples/v3", 200);
        var sha = (await ReadJsonAsync(await SendAsync(HttpMethod.Post, "/samples/entities/samples/v2?file_name=s.exe", Octet("swagger sample"))))["resources"]![0]!["sha256"]!.GetValue<string>();

        using var badUpload = await SendAsync(HttpMethod.Post, "/samples/entities/samples/v2", Octet("x"));
        await CheckAsync(badUpload, "POST", "/samples/entities/samples/v2", 400);
        using var query = await SendAsync(HttpMethod.Post, "/samples/queries/samples/GET/v1", JsonContent($"{{\"sha256s\":[\"{sha}\"]}}"));
        await CheckAsync(query, "POST", "/samples/queries/samples/GET/v1", 200);
        using var missing = await GetAsync("/samples/entities/samples/v2?ids=" + new string('d', 64));
        await CheckAsync(missing, "GET", "/samples/entities/samples/v2", 404);
        using var delete = await SendAsync(HttpMethod.Delete, "/samples/entities/samples/v2?ids=" + sha);
        await CheckAsync(delete, "DELETE", "/samples/entities/samples/v2", 200);
        using var deleteAgain = await SendAsync(HttpMethod.Delete, "/samples/entities/samples/v3?ids=" + sha);
        await CheckAsync(deleteAgain, "DELETE", "/samples/entities/samples/v3", 404);
    }

    [Fact]
    public async Task Submission_and_query_answers_conform()
    {
        var sha = await UploadAsync(Encoding.ASCII.GetBytes("FALCONX-ERROR conform"));
        Server.Faults.SubmissionDelayMs = 0;
        using var submit = await SendAsync(HttpMethod.Post, "/falconx/entities/submissions/v1",
            JsonContent($"{{\"sandbox\":[{{\"sha256\":\"{sha}\",\"environment_id\":160,\"network_settings\":\"offline\",\"submit_name\":\"x.bin\"}}],\"user_tags\":[\"t\"],\"send_email_notification\":false}}"));
        await CheckAsync(submit, "POST", "/falconx/entities/submissions/v1", 200);
        var id = (await ReadJsonAsync(await GetAsync("/falconx/queries/submissions/v1")))["resources"]![0]!.GetValue<string>();

        using var get = await GetAsync("/falconx/entities/submissions/v1?ids=" + id);
        await CheckAsync(get, "GET", "/falconx/entities/submissions/v1", 200);
        using var bad = await SendAsync(HttpMethod.Post, "/falconx/entities/submissions/v1", JsonContent("{\"sandbox\":[]}"));
        await CheckAsync(bad, "POST", "/falconx/entities/submissions/v1", 400);
        await PutFaultsAsync(new { quotaUsed = 100 });
        using var quota = await SendAsync(HttpMethod.Post, "/falconx/entities/submissions/v1", JsonContent($"{{\"sandbox\":[{{\"sha256\":\"{sha}\",\"environment_id\":160}}]}}"));
        await CheckAsync(quota, "POST", "/falconx/entities/submissions/v1", 429);
        using var querySubmissions = await GetAsync("/falconx/queries/submissions/v1?limit=10&sort=asc");
        await CheckAsync(querySubmissions, "GET", "/falconx/queries/submissions/v1", 200);
        using var queryReports = await GetAsync("/falconx/queries/reports/v1?filter=state:'error'");
        await CheckAsync(queryReports, "GET", "/falconx/queries/reports/v1", 200);
        using var badQuery = await GetAsync("/falconx/queries/reports/v1?limit=0");
        await CheckAsync(badQuery, "GET", "/falconx/queries/reports/v1", 400);
    }

    [Theory]
    [InlineData("FALCONX-MALICIOUS", null)]
    [InlineData("FALCONX-SUSPICIOUS", null)]
    [InlineData("clean", null)]
    [InlineData("FALCONX-ERROR", null)]
    [InlineData(null, "https://falconx-suspicious.invalid/landing")]
    public async Task Report_summary_and_delete_answers_conform(string? marker, string? url)
    {
        Server.Faults.SubmissionDelayMs = 0;
        var id = url is null
            ? await SubmitAsync(await UploadAsync(Encoding.ASCII.GetBytes("conform " + marker)), 100)
            : await SubmitAsync(null, 140, url);

        using var report = await GetAsync("/falconx/entities/reports/v1?ids=" + id);
        await CheckAsync(report, "GET", "/falconx/entities/reports/v1", 200);
        using var summary = await GetAsync("/falconx/entities/report-summaries/v1?ids=" + id);
        await CheckAsync(summary, "GET", "/falconx/entities/report-summaries/v1", 200);
        using var delete = await SendAsync(HttpMethod.Delete, "/falconx/entities/reports/v1?ids=" + id);
        await CheckAsync(delete, "DELETE", "/falconx/entities/reports/v1", 202);
        using var deleteAgain = await SendAsync(HttpMethod.Delete, "/falconx/entities/reports/v1?ids=" + id);
        await CheckAsync(deleteAgain, "DELETE", "/falconx/entities/reports/v1", 404);
        using var badIds = await GetAsync("/falconx/entities/reports/v1?ids=bad");
        await CheckAsync(badIds, "GET", "/falconx/entities/reports/v1", 400);
    }

    [Fact]
    public async Task Today_submit_options_and_sample_downloads_conform()
    {
        Server.Faults.SubmissionDelayMs = 0;
        using var submit = await SendAsync(HttpMethod.Post, "/falconx/entities/submissions/v1",
            JsonContent("{\"sandbox\":[{\"url\":\"https://options.example.invalid/\",\"environment_id\":310,\"interactivity\":true,\"browser\":\"chrome\"}],\"auto_detect_environment\":true,\"send_email_notification\":true}"));
        await CheckAsync(submit, "POST", "/falconx/entities/submissions/v1", 200);
        using var badOption = await SendAsync(HttpMethod.Post, "/falconx/entities/submissions/v1",
            JsonContent("{\"sandbox\":[{\"url\":\"https://options.example.invalid/\",\"environment_id\":160,\"interactivity\":\"yes\"}]}"));
        await CheckAsync(badOption, "POST", "/falconx/entities/submissions/v1", 400);

        var sha = await UploadAsync(Encoding.ASCII.GetBytes("conform zip"));
        using var zip = await GetAsync($"/samples/entities/samples/v2?ids={sha}&password_protected=true");
        Assert.Equal(200, (int)zip.StatusCode);
        Assert.Equal("application/zip", zip.Content.Headers.ContentType!.MediaType);
        using var badFlag = await GetAsync($"/samples/entities/samples/v2?ids={sha}&password_protected=maybe");
        await CheckAsync(badFlag, "GET", "/samples/entities/samples/v2", 400);
    }

    [Fact]
    public async Task Artifact_errors_conform()
    {
        using var missing = await GetAsync("/falconx/entities/artifacts/v1?id=" + new string('f', 64));
        await CheckAsync(missing, "GET", "/falconx/entities/artifacts/v1", 404);
        using var noId = await GetAsync("/falconx/entities/memory-dump/v1");
        await CheckAsync(noId, "GET", "/falconx/entities/memory-dump/v1", 400);
    }

    [Fact]
    public async Task The_validator_itself_rejects_wrong_types_and_unknown_fields()
    {
        var bad = JsonNode.Parse("{\"meta\":{\"query_time\":\"slow\",\"trace_id\":\"t\"},\"resources\":[{\"sha256\":5,\"extra\":1}],\"errors\":[]}");

        var problems = _swagger.Validate(bad, "client.SampleMetadataResponseV2");

        Assert.Contains(problems, p => p.Contains("query_time", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("sha256", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("extra", StringComparison.Ordinal));
        await Task.CompletedTask;
    }

    private static ByteArrayContent Octet(string text)
    {
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }
}
