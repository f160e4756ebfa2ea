using System.Linq;
using System.Text.Json.Nodes;
using FalconX.Models;
using FalconX.Tests.Models;
using FalconX.ThreatQ;

namespace FalconX.Tests.ThreatQ;

/// <summary>
/// ConvertTo-ThreatQEntity reads reports it only maps in a lighter mode that skips what no mapping uses. Whatever
/// it skips must not change a single entity.
/// </summary>
public sealed class MappingReadTests
{
    private static string NoisyReport()
    {
        var node = JsonNode.Parse(SeedFixtures.Report)!;
        var run = node["sandbox"]![0]!;
        run["dns_requests"] = JsonNode.Parse("""[{"domain":"evil-c2.net","address":"93.184.216.34","country":"X"},{"domain":"time.windows.com","address":"40.119.6.228"}]""");
        run["contacted_hosts"] = JsonNode.Parse("""[{"address":"10.0.0.1","port":445},{"address":"2a00:1450:4001:80b::200e","port":443,"protocol":"TCP","associated_runtime":[{"name":"a.exe","pid":1}]}]""");
        run["extracted_files"] = JsonNode.Parse($$"""[{"name":"a.dll","file_path":"C:\\a.dll","sha256":"{{new string('a', 64)}}","sha1":"{{new string('b', 40)}}","md5":"{{new string('c', 32)}}","threat_level":2,"description":"PE32","type_tags":["dll"]}]""");
        return node.ToJsonString();
    }

    [Theory]
    [InlineData(ThreatQMappings.None, false)]
    [InlineData(ThreatQMappings.All, false)]
    [InlineData(ThreatQMappings.All, true)]
    public void Reading_for_mapping_gives_the_same_entities_as_a_full_read(ThreatQMappings include, bool includeNoise)
    {
        var options = new ThreatQMappingOptions { Include = include, IncludeNoise = includeNoise, MinimumThreatLevel = ExtractedFileThreatLevel.NoSpecificThreat };
        foreach (var json in new[] { SeedFixtures.ReportResponse, NoisyReport(), "[" + SeedFixtures.Report + "," + NoisyReport() + "]" })
        {
            var full = new ThreatQEntitySet();
            var lean = new ThreatQEntitySet();
            var mapper = new ThreatQMapper(options);
            foreach (var item in ReportParser.ParseItems(json))
            {
                mapper.MapInto(item.Report!, full);
            }

            foreach (var item in ReportParser.ParseItems(json, forMapping: true))
            {
                mapper.MapInto(item.Report!, lean);
            }

            Assert.True(full.Count > 1);
            Assert.Equal(GoldenMappingTests.Render(full.Entities), GoldenMappingTests.Render(lean.Entities));
        }
    }

    [Fact]
    public void Reading_for_mapping_skips_details_and_ends_with_the_read()
    {
        var lean = ReportParser.ParseItems(SeedFixtures.Report, forMapping: true).Single().Report!;

        Assert.Empty(lean.Sandbox[0].Processes);
        Assert.Empty(lean.Sandbox[0].Signatures);
        Assert.Empty(lean.Sandbox[0].AdditionalProperties);
        Assert.Null(lean.Sandbox[0].HttpRequests[0].Header);
        Assert.Equal("/config.php", lean.Sandbox[0].HttpRequests[0].Url);

        // The next ordinary read is complete again.
        var full = ReportParser.ParseReport(SeedFixtures.Report);
        Assert.Single(full.Sandbox[0].Processes);
        Assert.NotEmpty(full.Sandbox[0].AdditionalProperties);
        Assert.NotNull(full.Sandbox[0].HttpRequests[0].Header);
    }
}
