using System;
using FalconX.Models;

namespace FalconX.Tests.Models;

public sealed class ConsoleUrlTests
{
    private const string Id = "ace79a13936f4ec8ad4de36606814bfc_9026dc9993a940c1b5e0a2a320de2307";

    [Fact]
    public void Builds_the_guide_example_link_for_US1()
    {
        Assert.Equal(
            "https://falcon.crowdstrike.com/intelligence/sandbox/report/ace79a13936f4ec8ad4de36606814bfc_9026dc9993a940c1b5e0a2a320de2307/report-summary",
            FalconXReport.BuildConsoleUrl(Id, FalconXReport.GetConsoleHost("US-1")));
    }

    [Theory]
    [InlineData("US-1", "falcon.crowdstrike.com")]
    [InlineData("US-2", "falcon.us-2.crowdstrike.com")]
    [InlineData("EU-1", "falcon.eu-1.crowdstrike.com")]
    [InlineData("US-GOV-1", "falcon.laggar.gcw.crowdstrike.com")]
    [InlineData("US-GOV-2", "falcon.us-gov-2.crowdstrike.mil")]
    [InlineData("us2", "falcon.us-2.crowdstrike.com")]
    [InlineData("eu-1", "falcon.eu-1.crowdstrike.com")]
    [InlineData("usgov1", "falcon.laggar.gcw.crowdstrike.com")]
    [InlineData("gov2", "falcon.us-gov-2.crowdstrike.mil")]
    [InlineData("api.us-2.crowdstrike.com", "falcon.us-2.crowdstrike.com")]
    [InlineData("https://api.eu-1.crowdstrike.com", "falcon.eu-1.crowdstrike.com")]
    [InlineData("https://api.laggar.gcw.crowdstrike.com/", "falcon.laggar.gcw.crowdstrike.com")]
    [InlineData("https://api.crowdstrike.com", "falcon.crowdstrike.com")]
    public void Maps_each_cloud_to_its_console_host(string cloud, string expected)
    {
        Assert.Equal(expected, FalconXReport.GetConsoleHost(cloud));
        Assert.Equal($"https://{expected}/intelligence/sandbox/report/{Id}/report-summary", FalconXReport.BuildConsoleUrl(Id, expected));
    }

    [Theory]
    [InlineData("US-3")]
    [InlineData("mars")]
    [InlineData("api.example.invalid")]
    [InlineData("")]
    public void An_unknown_cloud_is_refused_with_the_known_ones(string cloud)
    {
        Assert.False(FalconXReport.TryGetConsoleHost(cloud, out _));
        var error = Assert.Throws<ArgumentException>(() => FalconXReport.GetConsoleHost(cloud));
        Assert.Contains("US-GOV-2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_a_host_written_as_a_url_and_refuses_missing_parts()
    {
        Assert.Equal(
            $"https://falcon.eu-1.crowdstrike.com/intelligence/sandbox/report/{Id}/report-summary",
            FalconXReport.BuildConsoleUrl(Id, "https://falcon.eu-1.crowdstrike.com/"));
        Assert.Equal(
            $"http://127.0.0.1:5080/intelligence/sandbox/report/{Id}/report-summary",
            FalconXReport.BuildConsoleUrl(Id, "http://127.0.0.1:5080/"));
        Assert.Equal(
            $"https://falcon.us-2.crowdstrike.com/intelligence/sandbox/report/{Id}/report-summary",
            FalconXReport.BuildConsoleUrl(Id, new Uri("https://falcon.us-2.crowdstrike.com").ToString()));
        Assert.Throws<ArgumentException>(() => FalconXReport.BuildConsoleUrl(" ", "falcon.crowdstrike.com"));
        Assert.Throws<ArgumentException>(() => FalconXReport.BuildConsoleUrl(Id, ""));
        Assert.Equal(5, FalconXReport.ConsoleHosts.Count);
    }

    [Fact]
    public void The_client_sets_the_console_url_for_its_cloud()
    {
        var report = ReportParser.ParseReport($$"""{"id":"{{Id}}"}""");

        report.SetConsoleHost(FalconXReport.GetConsoleHost("US-2"));

        Assert.Equal($"https://falcon.us-2.crowdstrike.com/intelligence/sandbox/report/{Id}/report-summary", report.ConsoleUrl);
    }
}
