using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Emulator;

namespace FalconX.Tests.Client;

/// <summary>Region autodiscovery, with the cloud → host map pointed at two local emulators (never a CrowdStrike host).</summary>
public sealed class RegionTests : ClientTestBase
{
    private EmulatorServer? _europe;

    private EmulatorServer Europe => _europe!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _europe = await EmulatorServer.StartAsync(new EmulatorOptions { SubmissionDelayMs = 100 });
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_europe is not null)
        {
            await _europe.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_named_cloud_follows_x_cs_region_to_the_tenants_cloud_and_keeps_working()
    {
        Server.Faults.Region = "eu-1";
        var client = CreateClient(ForCloud(FalconXCloud.US2));

        await client.ConnectAsync();
        await client.GetQuotaAsync();

        Assert.Equal(FalconXCloud.EU1, client.Cloud);
        Assert.Equal(Europe.BaseUrl.ToString().TrimEnd('/') + "/", client.BaseUrl.ToString());
        Assert.Equal("https://falcon.eu-1.crowdstrike.com/", client.ConsoleHost.ToString());
        // The token from US-2 was revoked there; the working token and the API call are on EU-1.
        Assert.Equal(1, Server.Stats.TokenRequests);
        Assert.Equal(1, Server.Stats.Revokes);
        Assert.Equal(1, Europe.Stats.TokenRequests);
        Assert.Equal(1, Europe.Stats.CountFor("GET /falconx/queries/submissions/v1"));
        Assert.Contains("belongs to EU-1 (X-Cs-Region: eu-1), not US-2: switching to", AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_base_url_is_never_redirected_by_x_cs_region()
    {
        Server.Faults.Region = "eu-1";
        var client = CreateClient(Options(Server.BaseUrl));

        await client.ConnectAsync();
        await client.GetQuotaAsync();

        Assert.Null(client.Cloud);
        Assert.Equal(Server.BaseUrl.Port, client.BaseUrl.Port);
        Assert.Equal(0, Europe.Stats.Requests);
        Assert.Equal("https://falcon.crowdstrike.com/", client.ConsoleHost.ToString());
        Assert.Contains("was given explicitly and is kept", AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_region_or_an_unknown_one_keeps_the_cloud()
    {
        Server.Faults.Region = "us-2";
        var same = CreateClient(ForCloud(FalconXCloud.US2));
        await same.ConnectAsync();
        Assert.Equal(FalconXCloud.US2, same.Cloud);

        Server.Faults.Region = "mars-1";
        var unknown = CreateClient(ForCloud(FalconXCloud.US2));
        await unknown.ConnectAsync();
        Assert.Equal(FalconXCloud.US2, unknown.Cloud);
        Assert.Equal(0, Europe.Stats.Requests);
    }

    [Fact]
    public async Task A_token_308_from_the_wrong_cloud_is_followed_once_to_the_known_host_of_the_tenants_cloud()
    {
        // The real gateway of a cloud that is not the client's answers 308 + Location + X-Cs-Region, empty body.
        Server.Faults.TokenRedirectRegion = "eu-1";
        var client = CreateClient(ForCloud(FalconXCloud.US2));

        await client.ConnectAsync();
        await client.GetQuotaAsync();

        Assert.Equal(FalconXCloud.EU1, client.Cloud);
        Assert.Equal(Europe.BaseUrl.Port, client.BaseUrl.Port);
        Assert.Equal("https://falcon.eu-1.crowdstrike.com/", client.ConsoleHost.ToString());
        // One token request went to US-2 (answered 308), one to EU-1.
        Assert.Equal(1, Server.Stats.TokenRequests);
        Assert.Single(RequestsTo("POST", "/oauth2/token"));
        Assert.Equal(308, RequestsTo("POST", "/oauth2/token")[0].Status);
        Assert.Equal(0, Server.Stats.CountFor("GET /falconx/queries/submissions/v1"));
        Assert.Equal(1, Europe.Stats.TokenRequests);
        Assert.Equal(1, Europe.Stats.CountFor("GET /falconx/queries/submissions/v1"));
        Assert.Contains("Redirected:", AllLogText(), StringComparison.Ordinal);
        Assert.Contains("belongs to EU-1 (X-Cs-Region: eu-1)", AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_308_is_never_followed_from_a_base_url()
    {
        Server.Faults.TokenRedirectRegion = "eu-1";
        var client = CreateClient(Options(Server.BaseUrl));

        var ex = await Assert.ThrowsAsync<FalconXApiException>(() => client.ConnectAsync());

        Assert.Contains("https://api.eu-1.crowdstrike.com/oauth2/token", ex.Summary, StringComparison.Ordinal);
        Assert.Contains("does not follow redirects from a -BaseUrl", ex.Summary, StringComparison.Ordinal);
        Assert.Equal(0, Europe.Stats.Requests);
    }

    [Fact]
    public async Task A_token_308_across_commercial_and_govcloud_or_twice_is_refused()
    {
        Server.Faults.TokenRedirectRegion = "us-gov-1";
        var gov = CreateClient(ForCloud(FalconXCloud.US2));
        var ex = await Assert.ThrowsAsync<FalconXApiException>(() => gov.ConnectAsync());
        Assert.Contains("never moves credentials between the commercial clouds and GovCloud", ex.Summary, StringComparison.Ordinal);

        // Both clouds point the client elsewhere: one redirect is followed, the second one stops.
        Server.Faults.TokenRedirectRegion = "eu-1";
        Europe.Faults.TokenRedirectRegion = "us-2";
        var loop = CreateClient(ForCloud(FalconXCloud.US2));
        ex = await Assert.ThrowsAsync<FalconXApiException>(() => loop.ConnectAsync());
        Assert.Contains("redirected again", ex.Summary, StringComparison.Ordinal);
        Assert.Equal(2, Server.Stats.TokenRequests);
        Assert.Equal(1, Europe.Stats.Requests);
        Assert.All(RequestsTo("POST", "/oauth2/token"), r => Assert.Equal(308, r.Status));
    }

    [Fact]
    public async Task A_token_308_to_an_unknown_host_is_a_clear_error_naming_it()
    {
        using (var http = new System.Net.Http.HttpClient())
        {
            var canned = """{"route":"POST /oauth2/token","status":308,"headers":{"Location":"https://login.example.invalid/oauth2/token?x=1","X-Cs-Region":"eu-1"},"body":""}""";
            using var response = await http.PutAsync(new Uri(Server.BaseUrl, "_emulator/canned"), new System.Net.Http.StringContent(canned, System.Text.Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
        }

        var client = CreateClient(ForCloud(FalconXCloud.US2));
        var ex = await Assert.ThrowsAsync<FalconXApiException>(() => client.ConnectAsync());

        Assert.Contains("https://login.example.invalid/oauth2/token", ex.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("x=1", ex.Summary, StringComparison.Ordinal);
        Assert.Contains("not the https API host of any CrowdStrike cloud", ex.Summary, StringComparison.Ordinal);
        Assert.Equal(0, Europe.Stats.Requests);
    }

    [Theory]
    [InlineData("US2", FalconXCloud.US2)]
    [InlineData("us-2", FalconXCloud.US2)]
    [InlineData("eu-1", FalconXCloud.EU1)]
    [InlineData("US-GOV-1", FalconXCloud.USGOV1)]
    [InlineData("gov2", FalconXCloud.USGOV2)]
    [InlineData("https://api.crowdstrike.com", FalconXCloud.US1)]
    [InlineData("api.laggar.gcw.crowdstrike.com", FalconXCloud.USGOV1)]
    public void Cloud_names_parse_in_every_common_spelling(string text, FalconXCloud expected)
    {
        Assert.True(FalconXClouds.TryParse(text, out var cloud));
        Assert.Equal(expected, cloud);
    }

    [Fact]
    public void Each_cloud_has_its_api_and_console_host()
    {
        Assert.Equal("https://api.us-2.crowdstrike.com/", FalconXClouds.ApiBaseUrl(FalconXCloud.US2).ToString());
        Assert.Equal("https://api.laggar.gcw.crowdstrike.com/", FalconXClouds.ApiBaseUrl(FalconXCloud.USGOV1).ToString());
        Assert.Equal("https://falcon.us-gov-2.crowdstrike.mil/", FalconXClouds.ConsoleHost(FalconXCloud.USGOV2).ToString());
        Assert.Equal("https://falcon.laggar.gcw.crowdstrike.com/", FalconXClouds.ConsoleHost(FalconXCloud.USGOV1).ToString());
        Assert.False(FalconXClouds.TryParse("moon-3", out _));
    }

    private FalconXClientOptions ForCloud(FalconXCloud cloud)
    {
        var options = Options();
        options.BaseUrl = null;
        options.Cloud = cloud;
        options.CloudHostOverrides = new Dictionary<FalconXCloud, Uri>
        {
            [FalconXCloud.US2] = Server.BaseUrl,
            [FalconXCloud.EU1] = Europe.BaseUrl,
        };
        return options;
    }
}
