using System.Linq;
using System.Text.Json;
using FalconX.Models;
using FalconX.Tests.Models;
using FalconX.ThreatQ;
using FalconX.ThreatQ.Api;

namespace FalconX.Tests.ThreatQ;

/// <summary>
/// The guide's mapping when the action ran on a ThreatQ object: every result is related to it, and the sample's
/// SHA-256 is mapped "only if the action is executed on a file object"; the optional parts can be turned off.
/// </summary>
public sealed class ThreatQSourceMappingTests
{
    private const string SampleSha256 = "4e87a0794bf73d06ac1ce4a37e33eb832ff4c89fb9e4266490c7cef9229d27a7";

    private static FalconXReport Seed(ThreatQObjectRef? source)
    {
        var report = ReportParser.ParseReport(SeedFixtures.Report);
        report.ThreatQSource = source;
        return report;
    }

    [Fact]
    public void On_a_sha256_indicator_every_result_is_related_to_it_and_its_hash_is_not_mapped_again()
    {
        var source = new ThreatQObjectRef(ThreatQCollections.Indicators, 42, "SHA-256", SampleSha256);

        var entities = new ThreatQMapper().Map(Seed(source));

        Assert.DoesNotContain(entities, e => e.Value == SampleSha256);
        Assert.Contains(entities, e => e.ObjectType == ThreatQObjectTypes.Report);
        Assert.Contains(entities, e => e.Type == ThreatQIndicatorTypes.Md5);
        Assert.All(entities, e => Assert.Equal(new[] { source }, e.RelatedObjects));
        Assert.Equal(entities.Count, new ThreatQMapper().Map(Seed(null)).Count - 1);
    }

    [Fact]
    public void On_an_attachment_the_sample_hash_is_mapped_and_everything_is_related_to_the_attachment()
    {
        var source = new ThreatQObjectRef(ThreatQCollections.Attachments, 7, "Malware Sample", "trojan.exe");

        var entities = new ThreatQMapper().Map(Seed(source));

        var sample = Assert.Single(entities, e => e.Value == SampleSha256);
        Assert.Contains(sample.Relationships, r => r.ObjectType == ThreatQObjectTypes.Report);
        Assert.All(entities, e => Assert.Equal(new[] { source }, e.RelatedObjects));
    }

    [Fact]
    public void Consume_bodies_link_the_source_by_id_in_the_same_list_as_links_by_value()
    {
        var source = new ThreatQObjectRef(ThreatQCollections.Indicators, 42, "SHA-256", SampleSha256);
        var attachment = new ThreatQObjectRef(ThreatQCollections.Attachments, 9, null, "a.exe");
        var set = new ThreatQEntitySet();
        new ThreatQMapper().MapInto(Seed(source), set);
        var report = ReportParser.ParseReport(SeedFixtures.Report);
        report.ThreatQSource = attachment;
        new ThreatQMapper().MapInto(report, set);

        var payloads = ThreatQConsumePayload.Create(set.Entities);

        var indicators = payloads.Single(p => p.Collection == "indicators");
        using var document = JsonDocument.Parse(indicators.Body);
        var md5 = document.RootElement.EnumerateArray().First(i => i.GetProperty("type").GetProperty("name").GetString() == "MD5");
        var links = md5.GetProperty("indicators").EnumerateArray().ToList();
        Assert.Contains(links, l => l.TryGetProperty("id", out var id) && id.GetInt64() == 42);
        Assert.Contains(links, l => l.TryGetProperty("value", out var v) && v.GetString() == SampleSha256);
        Assert.Equal(9, md5.GetProperty("attachments")[0].GetProperty("id").GetInt64());
        var reportItem = JsonDocument.Parse(payloads.Single(p => p.Collection == "report").Body).RootElement[0];
        Assert.Equal(42, reportItem.GetProperty("indicators")[0].GetProperty("id").GetInt64());
    }

    [Fact]
    public void Report_link_and_malquery_can_each_be_turned_off()
    {
        var all = new ThreatQMapper().Map(Seed(null));
        var noLink = new ThreatQMapper(new ThreatQMappingOptions { IncludeReportLink = false }).Map(Seed(null));
        var noMalQuery = new ThreatQMapper(new ThreatQMappingOptions { IncludeMalQuery = false }).Map(Seed(null));

        Assert.Contains(all[0].Attributes, a => a.Name == ThreatQAttributeNames.ReportLink);
        Assert.DoesNotContain(noLink[0].Attributes, a => a.Name == ThreatQAttributeNames.ReportLink);
        Assert.Equal(all.Count, noLink.Count);
        Assert.Equal(new[] { ThreatQObjectTypes.Report, ThreatQObjectTypes.Indicator }, noMalQuery.Select(e => e.ObjectType).ToArray());
        Assert.Equal(SampleSha256, noMalQuery[1].Value);
    }
}
