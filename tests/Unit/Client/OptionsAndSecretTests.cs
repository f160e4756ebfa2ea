using System;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Emulator;

namespace FalconX.Tests.Client;

public sealed class OptionsAndSecretTests : ClientTestBase
{
    private const string Canary = "CanarySecretZq7Xw3Vb9Np2Lk5Jh8Gf4Dd6Ss1A";

    protected override EmulatorOptions CreateEmulatorOptions() => new() { ClientSecret = Canary, SubmissionDelayMs = 100 };

    [Fact]
    public async Task The_secret_and_the_token_never_appear_in_logs_messages_or_strings()
    {
        var options = Options(secret: Canary);
        var client = CreateClient(options);
        await client.ConnectAsync();
        await client.GetQuotaAsync();
        Server.Faults.ErrorRoutes = new[] { "GET *" };
        Server.Faults.ErrorStatuses = new[] { 500 };
        Server.Faults.ErrorRate = 1;
        var failure = await Assert.ThrowsAsync<FalconXApiException>(() => client.GetQuotaAsync());
        await client.RevokeTokenAsync();

        var wrong = CreateClient(Options(secret: Canary + "x"));
        var refused = await Assert.ThrowsAsync<FalconXApiException>(() => wrong.ConnectAsync());

        var everything = string.Join("\n", AllLogText(), failure.ToString(), refused.ToString(), client.ToString(), options.Credential!.ToString());
        Assert.NotEmpty(Log);
        Assert.Contains(Log, e => e.Level == FalconXLogLevel.Debug);
        Assert.DoesNotContain(Canary, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("access_token\":\"ey", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Log, e => e.Message.Contains("Bearer", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Masking_hides_token_and_secret_fields_in_debug_bodies()
    {
        var masked = ApiCallLog.Mask("{\"access_token\":\"abc.def\",\"client_secret\":\"s3cr\\\"et\",\"document_password\":\"pw\",\"sha256\":\"0a\"}");
        Assert.Equal("{\"access_token\":\"***\",\"client_secret\":\"***\",\"document_password\":\"***\",\"sha256\":\"0a\"}", masked);
    }

    [Theory]
    [InlineData("http://10.1.2.3")]
    [InlineData("http://api.crowdstrike.com")]
    [InlineData("ftp://127.0.0.1")]
    [InlineData("https://user:pw@api.crowdstrike.com")]
    public void Plain_http_is_refused_off_loopback_and_other_schemes_always(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => FalconXClientOptions.ValidateBaseUrl(new Uri(url)));
        Assert.DoesNotContain("pw@", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080")]
    [InlineData("https://gateway.example.com/falcon")]
    public void Https_anywhere_and_http_on_loopback_are_accepted(string url)
    {
        FalconXClientOptions.ValidateBaseUrl(new Uri(url));
    }

    [Theory]
    [InlineData("ACE79A13936F4EC8AD4DE36606814BFC-7A", "ace79a13936f4ec8ad4de36606814bfc")]
    [InlineData("ace79a13936f4ec8ad4de36606814bfc", "ace79a13936f4ec8ad4de36606814bfc")]
    public void Member_cids_are_normalised(string given, string expected) =>
        Assert.Equal(expected, FalconXClientOptions.NormalizeMemberCid(given));

    [Fact]
    public void A_malformed_member_cid_or_missing_credential_is_refused_up_front()
    {
        Assert.Throws<ArgumentException>(() => FalconXClientOptions.NormalizeMemberCid("not-a-cid"));
        Assert.Throws<ArgumentException>(() => new FalconXClient(new FalconXClientOptions { BaseUrl = new Uri("http://127.0.0.1:1") }));
        Assert.Throws<ArgumentException>(() => new FalconXCredential("id", string.Empty));
    }

    [Fact]
    public async Task A_gateway_path_prefix_in_the_base_url_is_kept()
    {
        var options = Options(new Uri(Server.BaseUrl, "/gateway/"));
        var client = CreateClient(options);

        var error = await Assert.ThrowsAsync<FalconXApiException>(() => client.ConnectAsync());

        Assert.Equal(FalconXErrorKind.NotFound, error.Kind);
        Assert.Contains(Server.Stats.RecordedRequests, r => r.Path == "/gateway/oauth2/token");
    }
}
