using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using ThreatQ.Emulator;

namespace FalconX.Tests.ThreatQEmulator;

public sealed class ThreatQEmulatorTokenTests : ThreatQEmulatorTestBase
{
    [Fact]
    public async Task Password_grant_answers_a_bearer_token_with_expires_in_and_a_refresh_token()
    {
        using var response = await PasswordGrantAsync();
        var body = await ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer", body["token_type"]!.GetValue<string>());
        Assert.Equal(1800, body["expires_in"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(body["refresh_token"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Password_grant_also_takes_grant_type_and_client_id_in_the_query_as_the_sdk_sends_them()
    {
        var body = new JsonObject { ["email"] = TqOptions.DefaultEmail, ["password"] = TqOptions.DefaultPassword };
        using var response = await Http.PostAsync($"/api/token?grant_type=password&client_id={TqOptions.DefaultClientId}", Json(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Wrong_password_is_refused_in_the_oauth_error_shape_and_nothing_issued()
    {
        using var response = await PasswordGrantAsync(password: "wrong");
        var body = await ReadAsync(response);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_credentials", body["error"]!.GetValue<string>());
        Assert.Null(body["access_token"]);
        Assert.Equal(0, Server.Stats.TokensIssued);
        Assert.Equal(1, Server.Stats.TokenRequests);
    }

    [Fact]
    public async Task Missing_password_names_the_missing_field()
    {
        using var response = await PasswordGrantAsync(password: null);
        var body = await ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", body["error"]!.GetValue<string>());
        Assert.Contains("\"password\"", body["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_credentials_grant_takes_http_basic()
    {
        using var good = new HttpRequestMessage(HttpMethod.Post, "/api/token?grant_type=client_credentials");
        good.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TqOptions.DefaultClientId}:{TqOptions.DefaultClientSecret}")));
        using var bad = new HttpRequestMessage(HttpMethod.Post, "/api/token?grant_type=client_credentials");
        bad.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TqOptions.DefaultClientId}:nope")));

        using var ok = await Http.SendAsync(good);
        using var refused = await Http.SendAsync(bad);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.NotNull((await ReadAsync(ok))["access_token"]);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("invalid_client", (await ReadAsync(refused))["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Refresh_gives_a_new_pair_and_a_refresh_token_works_once()
    {
        using var first = await PasswordGrantAsync();
        var refresh = (await ReadAsync(first))["refresh_token"]!.GetValue<string>();

        using var again = await Http.PostAsync("/api/token?grant_type=refresh_token&refresh_token=" + Uri.EscapeDataString(refresh), null);
        using var replay = await Http.PostAsync("/api/token?grant_type=refresh_token&refresh_token=" + Uri.EscapeDataString(refresh), null);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var renewed = await ReadAsync(again);
        Assert.NotEqual(refresh, renewed["refresh_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        var log = await Http.GetStringAsync("/_emulator/requests");
        Assert.DoesNotContain(refresh, log, StringComparison.Ordinal);
        Assert.Contains("refresh_token=***", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_calls_need_a_bearer_and_an_expired_one_gets_401_until_refreshed()
    {
        using var anonymous = await Http.GetAsync("/api/indicators");
        using var before = await GetAsync("/api/indicators");
        Server.AdvanceClock(TimeSpan.FromSeconds(1801));
        using var after = await GetAsync("/api/indicators");
        var afterBody = await ReadAsync(after);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.NotNull((await ReadAsync(anonymous))["errors"]);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("expired", afterBody["errors"]![0]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        using var fresh = await SendAsync(HttpMethod.Get, "/api/indicators", token: await TokenAsync());
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task Short_token_lifetime_switch_changes_expires_in_of_new_tokens()
    {
        await PutFaultsAsync("{\"tokenLifetimeSec\":5}");

        using var response = await PasswordGrantAsync();

        Assert.Equal(5, (await ReadAsync(response))["expires_in"]!.GetValue<int>());
    }

    [Fact]
    public async Task Expire_tokens_admin_route_makes_the_current_token_fail()
    {
        using var before = await GetAsync("/api/indicators");
        using var expire = await Http.PostAsync("/_emulator/expire-tokens", null);
        using var after = await GetAsync("/api/indicators");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(1, Server.Stats.Unauthorized);
    }
}
