using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using FalconX.Client;

namespace FalconX.Tests.Client;

/// <summary>
/// A call whose attempts are separated by server errors can meet an expired token on more than one of them (found by
/// the soak: six pipelines sharing a connection, 10 s tokens, a busy machine). Each attempt gets its own renewal.
/// </summary>
public sealed class TokenExpiryRetryTests : ClientTestBase
{
    [Fact]
    public async Task A_401_on_a_later_attempt_of_the_same_call_gets_a_fresh_token_again()
    {
        var client = CreateClient();
        await client.ConnectAsync();
        // 401, then (after renewal) 503, then 401 again on the retry, then the real answer.
        await PutCannedAsync("""
            [{"route":"GET /falconx/queries/submissions/v1","status":401,"body":{"meta":{},"errors":[{"code":401,"message":"access denied, invalid bearer token"}]}},
             {"route":"GET /falconx/queries/submissions/v1","status":503,"body":{"meta":{},"errors":[{"code":503,"message":"unavailable"}]}},
             {"route":"GET /falconx/queries/submissions/v1","status":401,"body":{"meta":{},"errors":[{"code":401,"message":"access denied, invalid bearer token"}]}}]
            """);

        var quota = await client.GetQuotaAsync();

        Assert.NotNull(quota);
        Assert.Equal(4, RequestsTo("GET", "/falconx/queries/submissions/v1").Count);
        Assert.Equal(3, client.TokenRequestCount);
        Assert.Equal(2, Log.Count(e => e.Message.Contains("getting a new token", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_401_on_the_fresh_token_still_ends_the_call()
    {
        var client = CreateClient();
        await client.ConnectAsync();
        await PutCannedAsync("""{"route":"GET /falconx/queries/submissions/v1","status":401,"count":0,"body":{"meta":{},"errors":[{"code":401,"message":"access denied, invalid bearer token"}]}}""");

        var error = await Assert.ThrowsAsync<FalconXApiException>(() => client.GetQuotaAsync());

        Assert.Equal(FalconXErrorKind.Authentication, error.Kind);
        Assert.Equal(2, RequestsTo("GET", "/falconx/queries/submissions/v1").Count);
    }

    private async Task PutCannedAsync(string json)
    {
        using var http = new HttpClient { BaseAddress = Server.BaseUrl };
        using var response = await http.PutAsync("/_emulator/canned", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
