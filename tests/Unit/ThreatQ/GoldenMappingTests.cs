using System;
using System.Globalization;
using System.Linq;
using System.Text;
using FalconX.Models;
using FalconX.Tests.Models;
using FalconX.ThreatQ;

namespace FalconX.Tests.ThreatQ;

/// <summary>
/// The guide's default mapping table applied to the guide's own sample report must give exactly these entities.
/// The expected values come from the table's rows and the sample report; where the table's "Examples" column shows
/// values that are not in the sample (the SHA-1 dee01d…, the MD5 dd16ac…, the Tag "APT"), the sample's values are
/// the ones mapped, since the table describes the mapping of the fields, not of those examples.
/// </summary>
public sealed class GoldenMappingTests
{
    private const string ExpectedDefaultMapping = """
        Report | - | Falcon X Sandbox Report ace79a13936f4ec8ad4de36606814bfc_9026dc9993a940c1b5e0a2a320de2307 | Review | CrowdStrike Falcon X Sandbox | 2020-09-17T15:25:12Z
          = Falcon X Sandbox Report Summary Link: https://falcon.crowdstrike.com/intelligence/sandbox/report/ace79a13936f4ec8ad4de36606814bfc_9026dc9993a940c1b5e0a2a320de2307/report-summary
          = Origin: apigateway
          = Tag: criminal
          = Tag: informationstealer
          = Tag: kpotstealer
          = Verdict: malicious
          = File Type: PE32 executable (GUI) Intel 80386, for MS Windows
        Indicator | SHA-256 | 4e87a0794bf73d06ac1ce4a37e33eb832ff4c89fb9e4266490c7cef9229d27a7 | Review | CrowdStrike Falcon X Sandbox | 2020-09-17T15:25:12Z
          -> Related To Report Falcon X Sandbox Report ace79a13936f4ec8ad4de36606814bfc_9026dc9993a940c1b5e0a2a320de2307
        Indicator | SHA-256 | 009609f749677e0dfd71efd4cadfa91c41738bc304f34b235514be3e9731ab93 | Review | CrowdStrike Falcon X Sandbox | 2020-09-17T15:25:12Z
          = MalQuery Verdict: unknown
          -> Related To Report Falcon X Sandbox Report ace79a13936f4ec8ad4de36606814bfc_9026dc9993a940c1b5e0a2a320de2307
          -> Related To SHA-256 4e87a0794bf73d06ac1ce4a37e33eb832ff4c89fb9e4266490c7cef9229d27a7
        Indicator | SHA-1 | 43f72c02249131f3890915d983f8d5ddd080080f | Review | CrowdStrike Falcon X Sandbox | 2020-09-17T15:25:12Z
          = MalQuery Verdict: unknown
          -> Related To Report Falcon X Sandbox Report ace79a13936f4ec8ad4de36606814bfc_9026dc9993a940c1b5e0a2a320de2307
          -> Related To SHA-256 4e87a0794bf73d06ac1ce4a37e33eb832ff4c89fb9e4266490c7cef9229d27a7
        Indicator | MD5 | 7a1a988de1c9d8fc6ef69be1d032e1c4 | Review | CrowdStrike Falcon X Sandbox | 2020-09-17T15:25:12Z
          = MalQuery Verdict: unknown
          -> Related To Report Falcon X Sandbox Report ace79a13936f4ec8ad4de36606814bfc_9026dc9993a940c1b5e0a2a320de2307
          -> Related To SHA-256 4e87a0794bf73d06ac1ce4a37e33eb832ff4c89fb9e4266490c7cef9229d27a7
        Indicator | SHA-256 | 0602d9de2e545e6a34349f2c5802d360f2b01f7968eaf52b5c283713ed24591d | Review | CrowdStrike Falcon X Sandbox | 2020-09-17T15:25:12Z
          = MalQuery Verdict: unknown
          -> Related To Report Falcon X Sandbox Report ace79a13936f4ec8ad4de36606814bfc_9026dc9993a940c1b5e0a2a320de2307
          -> Related To SHA-256 4e87a0794bf73d06ac1ce4a37e33eb832ff4c89fb9e4266490c7cef9229d27a7
        Indicator | SHA-1 | 8712ab7a736f257b4e2b831fec47419a4982947a | Review | CrowdStrike Falcon X Sandbox | 2020-09-17T15:25:12Z
          = MalQuery Verdict: unknown
          -> Related To Report Falcon X Sandbox Report ace79a13936f4ec8ad4de36606814bfc_9026dc9993a940c1b5e0a2a320de2307
          -> Related To SHA-256 4e87a0794bf73d06ac1ce4a37e33eb832ff4c89fb9e4266490c7cef9229d27a7
        Indicator | MD5 | 67720774f58d7dde07aec038764400b9 | Review | CrowdStrike Falcon X Sandbox | 2020-09-17T15:25:12Z
          = MalQuery Verdict: unknown
          -> Related To Report Falcon X Sandbox Report ace79a13936f4ec8ad4de36606814bfc_9026dc9993a940c1b5e0a2a320de2307
          -> Related To SHA-256 4e87a0794bf73d06ac1ce4a37e33eb832ff4c89fb9e4266490c7cef9229d27a7
        """;

    [Fact]
    public void The_guide_sample_report_maps_to_exactly_the_guide_table_by_default()
    {
        var report = Assert.Single(ReportParser.ParseReportsResponse(SeedFixtures.ReportResponse));

        var entities = new ThreatQMapper().Map(report);

        Assert.Equal(Normalise(ExpectedDefaultMapping), Render(entities));
    }

    [Fact]
    public void The_guide_table_rows_are_each_present_once()
    {
        var entities = new ThreatQMapper().Map(ReportParser.ParseReport(SeedFixtures.Report));

        var report = Assert.Single(entities, e => e.ObjectType == ThreatQObjectTypes.Report);
        Assert.Single(report.GetAttributeValues("Falcon X Sandbox Report Summary Link"));
        Assert.Equal(new[] { "apigateway" }, report.GetAttributeValues("Origin"));
        Assert.Equal(new[] { "criminal", "informationstealer", "kpotstealer" }, report.GetAttributeValues("Tag"));
        Assert.Equal(new[] { "malicious" }, report.GetAttributeValues("Verdict"));
        Assert.Equal(new[] { "PE32 executable (GUI) Intel 80386, for MS Windows" }, report.GetAttributeValues("File Type"));
        Assert.Equal(2, entities.Count(e => e.Type == "SHA-256" && e.GetAttributeValues("MalQuery Verdict").Any()));
        Assert.Equal(2, entities.Count(e => e.Type == "SHA-1"));
        Assert.Equal(2, entities.Count(e => e.Type == "MD5"));
        Assert.DoesNotContain(entities, e => e.ObjectType == ThreatQObjectTypes.AttackPattern);
        Assert.DoesNotContain(entities, e => e.Type is "FQDN" or "IP Address" or "URL");
    }

    /// <summary>One line per entity, one per attribute and relationship: the whole visible content of the mapping.</summary>
    internal static string Render(System.Collections.Generic.IEnumerable<ThreatQEntity> entities)
    {
        var text = new StringBuilder();
        foreach (var entity in entities)
        {
            var published = entity.PublishedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";
            text.Append(entity.ObjectType).Append(" | ").Append(entity.Type ?? "-").Append(" | ").Append(entity.Value)
                .Append(" | ").Append(entity.Status).Append(" | ").Append(string.Join(", ", entity.Sources)).Append(" | ").Append(published).Append('\n');
            foreach (var attribute in entity.Attributes)
            {
                text.Append("  = ").Append(attribute.Name).Append(": ").Append(attribute.Value).Append('\n');
            }

            foreach (var relationship in entity.Relationships)
            {
                text.Append("  -> ").Append(relationship.Description).Append(' ').Append(relationship.Type ?? relationship.ObjectType)
                    .Append(' ').Append(relationship.Value).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Normalise(string expected) => expected.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n') + "\n";
}
