using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Emulator;

namespace FalconX.Tests.Client;

public sealed class AuthenticationTests : ClientTestBase
{
    [Fact]
    public async Task Connect_requests_one_token_and_later_calls_reuse_it()
    {
        var client = CreateClient();
        Assert.Null(client.TokenExpiresAt);

        await client.ConnectAsync();
        for (var i = 0; i < 5; i++)
        {
            await ProbeAsync(client);
        }

        Assert.Equal(1, Server.Stats.TokenRequests);
        Assert.NotNull(client.TokenExpiresAt);
        Assert.True(client.TokenExpiresAt > DateTimeOffset.UtcNow.AddMinutes(25));
    }

    [Fact]
    public async Task Wrong_secret_is_an_authentication_error_with_status_trace_id_and_no_secret()
    {
        const string wrong = "WrongSecret0123456789abcdefghijklmnopqrs";
        var client = CreateClient(Options(secret: wrong));

        var error = await Assert.ThrowsAsync<FalconXApiException>(() => client.ConnectAsync());

        Assert.Equal(FalconXErrorKind.Authentication, error.Kind);
        Assert.Equal(403, error.StatusCode);
        Assert.Equal("POST /oauth2/token", error.Endpoint);
        Assert.False(string.IsNullOrEmpty(error.TraceId));
        Assert.Contains(error.TraceId!, error.Message, StringComparison.Ordinal);
        // The real API's words for a wrong secret, and FalconX's reading of them.
        Assert.Contains("Failed to issue access token - Client authentication failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("the secret is wrong", error.Summary, StringComparison.Ordinal);
        Assert.Contains(EmulatorOptions.DefaultClientId, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, AllLogText(), StringComparison.Ordinal);
        // A refused credential is not retried: it would only lock the client out faster.
        Assert.Equal(1, Server.Stats.TokenRequests);
    }

    [Fact]
    public async Task A_blocked_ip_and_a_missing_scope_are_told_apart_from_a_wrong_secret()
    {
        // The real token route says "access denied, authorization failed" only for an IP allow-list refusal.
        Server.Faults.IpBlocked = true;
        var blocked = await Assert.ThrowsAsync<FalconXApiException>(() => CreateClient().ConnectAsync());
        Assert.Equal(FalconXErrorKind.Authentication, blocked.Kind);
        Assert.Contains("IP allow-list", blocked.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("secret is wrong", blocked.Summary, StringComparison.Ordinal);

        // API calls answer the same words when the API client lacks the route's scope: FalconX names the scope.
        Server.Faults.IpBlocked = false;
        Server.Faults.Scopes = ["falconx-sandbox:read"];
        var client = CreateClient();
        await client.GetQuotaAsync();
        var refused = await Assert.ThrowsAsync<FalconXApiException>(() => UploadAsync(client, [1, 2, 3]));
        Assert.Equal(403, refused.StatusCode);
        Assert.Equal(FalconXErrorKind.Authentication, refused.Kind);
        Assert.Contains("falconx-sandbox:write", refused.Summary, StringComparison.Ordinal);
        Assert.Contains("Sandbox (Falcon Intelligence)", refused.Summary, StringComparison.Ordinal);
        Assert.Contains("IP allow-list", refused.Summary, StringComparison.Ordinal);
        Assert.Equal(0, Server.Stats.Uploads);
    }

    [Fact]
    public async Task Member_cid_is_sent_and_a_foreign_one_is_refused()
    {
        var options = Options();
        options.MemberCid = EmulatorOptions.DefaultCid.ToUpperInvariant() + "-7A";
        var client = CreateClient(options);
        await client.ConnectAsync();
        Assert.Equal(EmulatorOptions.DefaultCid, client.MemberCid);

        var foreign = Options();
        foreign.MemberCid = new string('f', 32);
        var error = await Assert.ThrowsAsync<FalconXApiException>(() => CreateClient(foreign).ConnectAsync());
        Assert.Equal(FalconXErrorKind.Authentication, error.Kind);
        Assert.Contains("member CID", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_expiring_every_two_seconds_over_hundreds_of_calls_gives_no_failure_and_one_token_per_lifetime()
    {
        Server.Faults.TokenLifetimeSec = 2;
        Server.Faults.LatencyMs = 15;
        var client = CreateClient();
        var clock = Stopwatch.StartNew();

        var failures = await RunManyAsync(calls: 400, workers: 4, _ => ProbeAsync(client));

        clock.Stop();
        Assert.Empty(failures);
        // Refreshed ahead of expiry: the API never had to refuse a token.
        Assert.DoesNotContain(Server.Stats.RecordedRequests, r => r.Status == 401);
        // About one token per lifetime (renewed a quarter-lifetime early), never one per call.
        var lifetimes = clock.Elapsed.TotalSeconds / 2;
        Assert.InRange(Server.Stats.TokenRequests, 2, (int)Math.Ceiling(lifetimes / 0.75) + 2);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_token_request()
    {
        Server.Faults.LatencyMs = 100;
        var client = CreateClient();

        var failures = await RunManyAsync(calls: 24, workers: 24, _ => ProbeAsync(client));

        Assert.Empty(failures);
        Assert.Equal(1, Server.Stats.TokenRequests);
    }

    [Fact]
    public async Task A_token_revoked_behind_the_clients_back_is_replaced_once_and_the_call_succeeds()
    {
        var spy = new BearerSpy();
        var client = CreateClient(handler: spy);
        await ProbeAsync(client);
        Assert.NotNull(spy.LastBearer);

        // Revoke the token the client holds directly at the emulator, as an administrator would in the console.
        using (var http = new HttpClient { BaseAddress = Server.BaseUrl })
        using (var revoke = new HttpRequestMessage(HttpMethod.Post, "/oauth2/revoke"))
        {
            revoke.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(EmulatorOptions.DefaultClientId + ":" + EmulatorOptions.DefaultClientSecret)));
            revoke.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = spy.LastBearer! });
            using var answer = await http.SendAsync(revoke);
            answer.EnsureSuccessStatusCode();
        }

        await ProbeAsync(client);

        Assert.Equal(2, Server.Stats.TokenRequests);
        Assert.Single(Server.Stats.RecordedRequests, r => r.Status == 401);
        Assert.Contains("401 with a token that should still be valid", AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_sends_the_token_to_oauth2_revoke_and_the_next_call_gets_a_new_one()
    {
        var client = CreateClient();
        await client.ConnectAsync();

        Assert.True(await client.RevokeTokenAsync());
        Assert.Null(client.TokenExpiresAt);
        Assert.Equal(1, Server.Stats.Revokes);
        Assert.False(await client.RevokeTokenAsync());

        await ProbeAsync(client);
        Assert.Equal(2, Server.Stats.TokenRequests);
    }

    [Fact]
    public async Task A_disposed_client_refuses_calls_with_a_clear_message()
    {
        var client = CreateClient();
        client.Dispose();
        var error = await Assert.ThrowsAsync<ObjectDisposedException>(() => ProbeAsync(client));
        Assert.Contains("Connect again", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Observes (never changes) the bearer token the client sends, so a test can revoke it at the emulator.</summary>
    private sealed class BearerSpy : DelegatingHandler
    {
        public BearerSpy()
            : base(new HttpClientHandler())
        {
        }

        public string? LastBearer { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.Authorization is { Scheme: "Bearer" } auth)
            {
                LastBearer = auth.Parameter;
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
