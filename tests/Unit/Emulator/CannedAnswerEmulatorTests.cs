using System;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace FalconX.Tests.Emulator;

/// <summary>
/// Canned answers (PUT /_emulator/canned) and the separate routes of the dropped-connection fault, which the
/// end-to-end tests use to produce wrong API answers and faults on chosen routes only.
/// </summary>
public sealed class CannedAnswerEmulatorTests : EmulatorTestBase
{
    private const string Reports = "/falconx/entities/reports/v1?ids=" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    [Fact]
    public async Task A_canned_answer_replaces_the_route_the_given_number_of_times_then_the_route_answers_again()
    {
        var list = await PutCannedAsync("""{"route":"GET /falconx/entities/reports/v1","status":200,"body":{"meta":{},"resources":"not a list","errors":[]},"count":2}""");
        Assert.Equal(2, list[0]!["remaining"]!.GetValue<int>());

        using var first = await GetAsync(Reports);
        using var second = await GetAsync(Reports);
        using var third = await GetAsync(Reports);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/json", first.Content.Headers.ContentType!.MediaType);
        Assert.Equal("not a list", (await ReadJsonAsync(second))["resources"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, third.StatusCode);
        Assert.Equal(2, Server.Stats.FaultsByKind["canned"]);
        Assert.Empty(await GetCannedAsync());
    }

    [Fact]
    public async Task A_string_body_is_sent_byte_for_byte_with_the_given_headers_and_status()
    {
        await PutCannedAsync("""{"route":"GET /falconx/*","status":301,"contentType":"text/html","headers":{"Location":"http://127.0.0.1:9/elsewhere"},"body":"<html>moved</html>"}""");

        // A client of its own that does not follow redirects: the point is what the emulator sends.
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = Server.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, Reports);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await TokenAsync());
        using var moved = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.Equal("http://127.0.0.1:9/elsewhere", moved.Headers.Location!.ToString());
        Assert.Equal("<html>moved</html>", await moved.Content.ReadAsStringAsync());
        Assert.Equal("text/html", moved.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_canned_answer_comes_after_the_bearer_check_and_has_no_side_effect()
    {
        var sha = await UploadAsync([1, 2, 3]);
        await PutCannedAsync("""{"route":"POST /falconx/entities/submissions/v1","status":500,"body":"boom","count":0}""");

        using var unauthenticated = await Http.PostAsync("/falconx/entities/submissions/v1", JsonContent("{}"));
        using var canned = await SendAsync(HttpMethod.Post, "/falconx/entities/submissions/v1",
            JsonContent($$"""{"sandbox":[{"sha256":"{{sha}}","environment_id":160}]}"""));
        using var again = await SendAsync(HttpMethod.Post, "/falconx/entities/submissions/v1",
            JsonContent($$"""{"sandbox":[{"sha256":"{{sha}}","environment_id":160}]}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, canned.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, again.StatusCode);
        Assert.Equal(0, Server.Stats.Submissions);
        Assert.Equal(0, Server.Faults.QuotaUsed);
        var remaining = Assert.Single(await GetCannedAsync())!;
        Assert.Equal(0, remaining["remaining"]!.GetValue<int>());
        Assert.Equal(2, remaining["used"]!.GetValue<int>());
    }

    [Fact]
    public async Task Canned_answers_are_cleared_by_delete_and_by_reset()
    {
        await PutCannedAsync("""[{"route":"GET *","status":503,"count":0},{"route":"POST *","status":503,"count":0}]""");
        Assert.Equal(2, (await GetCannedAsync()).Count);

        using (var deleted = await Http.DeleteAsync("/_emulator/canned"))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        Assert.Empty(await GetCannedAsync());
        await PutCannedAsync("""{"route":"GET *","status":503,"count":0}""");
        using (var reset = await Http.PostAsync("/_emulator/reset", null))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }

        Assert.Empty(await GetCannedAsync());
        using var answered = await GetAsync(Reports);
        Assert.Equal(HttpStatusCode.NotFound, answered.StatusCode);
    }

    [Theory]
    [InlineData("""{"status":200}""", "route")]
    [InlineData("""{"route":"GET","status":200}""", "route")]
    [InlineData("""{"route":"GET *","status":42}""", "status")]
    [InlineData("""{"route":"GET *","count":-1}""", "count")]
    [InlineData("""{"route":"GET *","headers":["Location"]}""", "headers")]
    [InlineData("""{"route":"GET *","status":"two hundred"}""", "wrong type")]
    [InlineData("""[{"route":"GET *"},42]""", "object")]
    public async Task A_bad_canned_answer_is_refused_with_400_and_adds_nothing(string document, string messagePart)
    {
        using var response = await Http.PutAsync("/_emulator/canned", JsonContent(document));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(messagePart, (await ReadJsonAsync(response))["error"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await GetCannedAsync());
    }

    [Fact]
    public async Task Dropped_connections_can_have_their_own_routes_apart_from_the_error_routes()
    {
        var token = await TokenAsync();
        var faults = await PutFaultsAsync(new { dropConnectionRate = 1.0, dropConnectionRoutes = new[] { "POST /falconx/*" }, errorRoutes = new[] { "GET *" } });
        Assert.Equal("POST /falconx/*", faults["dropConnectionRoutes"]![0]!.GetValue<string>());
        var sha = await UploadAsync([4, 5, 6]);

        using var get = await SendAsync(HttpMethod.Get, Reports, token: token);
        await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(HttpMethod.Post, "/falconx/entities/submissions/v1",
            JsonContent($$"""{"sandbox":[{"sha256":"{{sha}}","environment_id":160}]}"""), token));

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(1, Server.Stats.Submissions);
        Assert.Equal(1, Server.Stats.FaultsByKind["dropped"]);

        // null goes back to following the error routes: now the GET is dropped.
        await PutFaultsAsync(new JsonObject { ["dropConnectionRoutes"] = null });
        await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(HttpMethod.Get, Reports, token: token));
        Assert.Equal(2, Server.Stats.FaultsByKind["dropped"]);
    }

    private async Task<JsonArray> PutCannedAsync(string json)
    {
        using var response = await Http.PutAsync("/_emulator/canned", JsonContent(json));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }

    private async Task<JsonArray> GetCannedAsync()
    {
        using var response = await Http.GetAsync("/_emulator/canned");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }
}
