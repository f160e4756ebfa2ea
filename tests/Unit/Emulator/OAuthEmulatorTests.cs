using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using FalconX.Emulator;

namespace FalconX.Tests.Emulator;

public sealed class OAuthEmulatorTests : EmulatorTestBase, IClassFixture<SharedEmulator>
{
    public OAuthEmulatorTests(SharedEmulator shared)
        : base(shared)
    {
    }

    [Fact]
    public async Task Token_request_with_the_default_credentials_gets_a_bearer_token()
    {
        using var response = await Http.PostAsync("/oauth2/token", Credentials());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal("bearer", body["token_type"]!.GetValue<string>());
        Assert.Equal(1799, body["expires_in"]!.GetValue<int>());
        Assert.True(body["access_token"]!.GetValue<string>().Length >= 32);
        Assert.False(response.Headers.Contains("X-Cs-Region"));
        Assert.False(string.IsNullOrEmpty(Header(response, "X-Cs-Traceid")));
        Assert.Equal(1, Server.Stats.TokenRequests);
    }

    [Fact]
    public async Task Token_answer_names_the_region_only_when_one_is_configured()
    {
        Server.Faults.Region = "eu-1";

        using var response = await Http.PostAsync("/oauth2/token", Credentials());

        Assert.Equal("eu-1", Header(response, "X-Cs-Region"));
    }

    [Fact]
    public async Task Credentials_sent_as_http_basic_are_accepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token") { Content = new FormUrlEncodedContent([]) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(EmulatorOptions.DefaultClientId + ":" + EmulatorOptions.DefaultClientSecret)));

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData(EmulatorOptions.DefaultClientId, "WrongSecret0123456789abcdefghijklmnopqrs")]
    [InlineData("00000000000000000000000000000000", EmulatorOptions.DefaultClientSecret)]
    public async Task Wrong_credentials_get_403_in_the_error_envelope(string id, string secret)
    {
        using var response = await Http.PostAsync("/oauth2/token", Credentials(id, secret));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        AssertError(await ReadJsonAsync(response), 403, "Failed to issue access token - Client authentication failed");
    }

    [Fact]
    public async Task A_token_request_on_a_cloud_that_is_not_the_clients_answers_308_to_the_home_host()
    {
        Server.Faults.TokenRedirectRegion = "eu-1";

        // Never follow: the Location is a real CrowdStrike host, and tests talk to loopback only.
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Server.BaseUrl };
        using var response = await noRedirects.PostAsync("/oauth2/token", Credentials(EmulatorOptions.DefaultClientId, EmulatorOptions.DefaultClientSecret));

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal("https://api.eu-1.crowdstrike.com/oauth2/token", response.Headers.Location!.ToString());
        Assert.Equal("eu-1", Assert.Single(response.Headers.GetValues("X-Cs-Region")));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_blocked_ip_gets_authorization_failed_and_a_missing_scope_403s_the_route()
    {
        Server.Faults.IpBlocked = true;
        using (var blocked = await Http.PostAsync("/oauth2/token", Credentials(EmulatorOptions.DefaultClientId, EmulatorOptions.DefaultClientSecret)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
            AssertError(await ReadJsonAsync(blocked), 403, "access denied, authorization failed");
        }

        Server.Faults.IpBlocked = false;
        Server.Faults.Scopes = ["falconx-sandbox:read"];
        using (var read = await GetAsync("/falconx/queries/submissions/v1"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        using var write = await SendAsync(HttpMethod.Post, "/falconx/entities/submissions/v1", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        AssertError(await ReadJsonAsync(write), 403, "access denied, authorization failed");
    }

    [Fact]
    public async Task A_member_cid_other_than_the_emulated_one_is_refused()
    {
        using var content = new FormUrlEncodedContent([
            new("client_id", EmulatorOptions.DefaultClientId),
            new("client_secret", EmulatorOptions.DefaultClientSecret),
            new("member_cid", "0123456789abcdef0123456789abcdef")]);

        using var response = await Http.PostAsync("/oauth2/token", content);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Missing_secret_and_wrong_content_type_are_400()
    {
        using var missing = await Http.PostAsync("/oauth2/token", Credentials(secret: null));
        using var json = await Http.PostAsync("/oauth2/token", JsonContent("{\"client_id\":\"x\",\"client_secret\":\"y\"}"));

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        AssertError(await ReadJsonAsync(missing), 400, "client_secret");
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        AssertError(await ReadJsonAsync(json), 400, "x-www-form-urlencoded");
    }

    [Fact]
    public async Task Calls_without_a_bearer_or_with_an_unknown_one_get_401()
    {
        using var none = await Http.GetAsync("/samples/entities/samples/v2?ids=" + new string('a', 64));
        using var unknown = await SendAsync(HttpMethod.Get, "/samples/entities/samples/v2?ids=" + new string('a', 64), token: "not-a-token");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        AssertError(await ReadJsonAsync(none), 401, "access denied, invalid bearer token");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        AssertError(await ReadJsonAsync(unknown), 401, "invalid bearer token");
    }

    [Fact]
    public async Task A_token_stops_working_when_its_lifetime_ends()
    {
        Server.Faults.TokenLifetimeSec = 2;
        using var issued = await Http.PostAsync("/oauth2/token", Credentials());
        var body = await ReadJsonAsync(issued);
        Assert.Equal(2, body["expires_in"]!.GetValue<int>());
        var token = body["access_token"]!.GetValue<string>();
        var url = "/samples/entities/samples/v2?ids=" + new string('a', 64);
        using var fresh = await SendAsync(HttpMethod.Get, url, token: token);
        Assert.Equal(HttpStatusCode.NotFound, fresh.StatusCode);

        // The emulator's clock moves past the lifetime: no waiting, and no race with a loaded machine.
        Server.AdvanceClock(TimeSpan.FromSeconds(2.2));
        using var expired = await SendAsync(HttpMethod.Get, url, token: token);

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_and_revoke_needs_basic_credentials()
    {
        var token = await TokenAsync();
        using var noBasic = await Http.PostAsync("/oauth2/revoke", new FormUrlEncodedContent([new("token", token)]));
        Assert.Equal(HttpStatusCode.Forbidden, noBasic.StatusCode);

        using var revoke = new HttpRequestMessage(HttpMethod.Post, "/oauth2/revoke") { Content = new FormUrlEncodedContent([new("token", token)]) };
        revoke.Headers.Authorization = new AuthenticationHeaderValue("basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(EmulatorOptions.DefaultClientId + ":" + EmulatorOptions.DefaultClientSecret)));
        using var revoked = await Http.SendAsync(revoke);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Empty((await ReadJsonAsync(revoked))["errors"]!.AsArray());

        using var after = await SendAsync(HttpMethod.Get, "/samples/entities/samples/v2?ids=" + new string('a', 64), token: token);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(1, Server.Stats.Revokes);
    }

    [Fact]
    public async Task Recorded_requests_identify_the_token_without_revealing_it()
    {
        var token = await TokenAsync();
        using var _ = await SendAsync(HttpMethod.Get, "/samples/entities/samples/v2?ids=" + new string('a', 64), token: token);

        var recorded = Server.Stats.RecordedRequests;
        var call = recorded.Single(r => r.Path == "/samples/entities/samples/v2");
        Assert.False(string.IsNullOrEmpty(call.TokenId));
        Assert.Equal(recorded.Single(r => r.Path == "/oauth2/token").TokenId, call.TokenId);
        var json = await Http.GetStringAsync("/_emulator/requests");
        Assert.DoesNotContain(token, json, StringComparison.Ordinal);
        Assert.DoesNotContain(EmulatorOptions.DefaultClientSecret, json, StringComparison.Ordinal);
        Assert.Contains(call.TokenId!, json, StringComparison.Ordinal);
    }
}
