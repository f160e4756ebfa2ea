using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using FalconX.Models;
using FalconX.Tests.Models;
using FalconX.ThreatQ;

namespace FalconX.Tests.ThreatQ;

public sealed class ConsumePayloadTests
{
    private const string SampleSha256 = "4e87a0794bf73d06ac1ce4a37e33eb832ff4c89fb9e4266490c7cef9229d27a7";
    private const string ReportValue = "Falcon X Sandbox Report ace79a13936f4ec8ad4de36606814bfc_9026dc9993a940c1b5e0a2a320de2307";

    private static IReadOnlyList<ThreatQEntity> SeedEntities(ThreatQMappings include = ThreatQMappings.None) =>
        new ThreatQMapper(new ThreatQMappingOptions { Include = include }).Map(ReportParser.ParseReport(SeedFixtures.Report));

    [Fact]
    public void The_guide_sample_gives_a_report_body_then_an_indicator_body()
    {
        var payloads = ThreatQConsumePayload.Create(SeedEntities());

        Assert.Equal(new[] { "/api/report/consume", "/api/indicators/consume" }, payloads.Select(p => p.Path));
        Assert.Equal(new[] { 1, 7 }, payloads.Select(p => p.Count));
        Assert.Equal(new[] { "report", "indicators" }, payloads.Select(p => p.Collection));
    }

    [Fact]
    public void A_report_item_has_value_sources_attributes_and_published_at_and_no_status()
    {
        var report = JsonNode.Parse(ThreatQConsumePayload.Create(SeedEntities())[0].Body)!.AsArray().Single()!.AsObject();

        Assert.Equal(new[] { "value", "published_at", "sources", "attributes" }, report.Select(p => p.Key));
        Assert.Equal(ReportValue, (string?)report["value"]);
        Assert.Equal("2020-09-17 15:25:12", (string?)report["published_at"]);
        Assert.Equal("CrowdStrike Falcon X Sandbox", (string?)report["sources"]![0]!["name"]);
        var attributes = report["attributes"]!.AsArray().Select(a => $"{a!["name"]}={a["value"]}").ToArray();
        Assert.Equal(
            new[]
            {
                "Falcon X Sandbox Report Summary Link=https://falcon.crowdstrike.com/intelligence/sandbox/report/ace79a13936f4ec8ad4de36606814bfc_9026dc9993a940c1b5e0a2a320de2307/report-summary",
                "Origin=apigateway", "Tag=criminal", "Tag=informationstealer", "Tag=kpotstealer", "Verdict=malicious",
                "File Type=PE32 executable (GUI) Intel 80386, for MS Windows",
            },
            attributes);
    }

    [Fact]
    public void An_indicator_item_names_its_type_and_status_and_its_relations_by_collection()
    {
        var items = JsonNode.Parse(ThreatQConsumePayload.Create(SeedEntities())[1].Body)!.AsArray();

        var sample = items[0]!.AsObject();
        Assert.Equal(SampleSha256, (string?)sample["value"]);
        Assert.Equal("SHA-256", (string?)sample["type"]!["name"]);
        Assert.Equal("Review", (string?)sample["status"]!["name"]);
        Assert.Empty(sample["attributes"]!.AsArray());
        Assert.Equal(ReportValue, (string?)sample["report"]!.AsArray().Single()!["value"]);
        Assert.False(sample.ContainsKey("indicators"));
        Assert.False(sample.ContainsKey("tags"));

        var malquery = items[3]!.AsObject();
        Assert.Equal("7a1a988de1c9d8fc6ef69be1d032e1c4", (string?)malquery["value"]);
        Assert.Equal("MD5", (string?)malquery["type"]!["name"]);
        Assert.Equal("MalQuery Verdict", (string?)malquery["attributes"]![0]!["name"]);
        Assert.Equal("unknown", (string?)malquery["attributes"]![0]!["value"]);
        var related = malquery["indicators"]!.AsArray().Single()!;
        Assert.Equal(SampleSha256, (string?)related["value"]);
        Assert.Equal("SHA-256", (string?)related["type"]!["name"]);
        Assert.Equal(new[] { "value", "type", "status", "published_at", "sources", "attributes", "report", "indicators" }, malquery.Select(p => p.Key));
    }

    [Fact]
    public void Tags_are_written_by_name()
    {
        var options = new ThreatQMappingOptions();
        options.Tags.Add("case-42");
        var entities = new ThreatQMapper(options).Map(ReportParser.ParseReport(SeedFixtures.Report));

        foreach (var payload in ThreatQConsumePayload.Create(entities))
        {
            foreach (var item in JsonNode.Parse(payload.Body)!.AsArray())
            {
                Assert.Equal("case-42", (string?)item!["tags"]!.AsArray().Single()!["name"]);
            }
        }
    }

    [Fact]
    public void Attack_patterns_come_last_and_link_to_report_and_sample()
    {
        var payloads = ThreatQConsumePayload.Create(SeedEntities(ThreatQMappings.MitreAttack));

        Assert.Equal(new[] { "report", "indicators", "attack_pattern" }, payloads.Select(p => p.Collection));
        var pattern = JsonNode.Parse(payloads[2].Body)!.AsArray()[0]!.AsObject();
        Assert.Equal("T1179 - Hooking", (string?)pattern["value"]);
        Assert.False(pattern.ContainsKey("type"));
        Assert.False(pattern.ContainsKey("status"));
        Assert.Equal(ReportValue, (string?)pattern["report"]![0]!["value"]);
        Assert.Equal(SampleSha256, (string?)pattern["indicators"]![0]!["value"]);
    }

    [Fact]
    public void Bodies_hold_at_most_500_objects_in_entity_order()
    {
        var resources = string.Join(",", Enumerable.Range(0, 1201).Select(i => $"{{\"sha256\":\"{i:x64}\"}}"));
        var report = ReportParser.ParseReport($$"""{"id":"a_b","malquery":[{"verdict":"unknown","resources":[{{resources}}]}]}""");
        var entities = new ThreatQMapper().Map(report);

        var payloads = ThreatQConsumePayload.Create(entities);

        Assert.Equal(new[] { ("report", 1), ("indicators", 500), ("indicators", 500), ("indicators", 201) }, payloads.Select(p => (p.Collection, p.Count)));
        var values = payloads.Skip(1).SelectMany(p => JsonNode.Parse(p.Body)!.AsArray().Select(i => (string?)i!["value"])).ToList();
        Assert.Equal(Enumerable.Range(0, 1201).Select(i => i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture)), values);
        Assert.All(payloads, p => Assert.Equal(p.Count, JsonNode.Parse(p.Body)!.AsArray().Count));

        Assert.Equal(1 + 13, ThreatQConsumePayload.Create(entities, 100).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => ThreatQConsumePayload.Create(entities, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ThreatQConsumePayload.Create(entities, 501));
    }

    [Fact]
    public void Values_with_quotes_and_non_ascii_text_survive_the_round_trip()
    {
        var report = ReportParser.ParseReport("""
            {"id":"a_b","origin":"api \"gateway\" \\ ü 日本 <tag> & 'x'","sandbox":[{"file_type":"line1\nline2\ttab"}]}
            """);

        var body = ThreatQConsumePayload.Create(new ThreatQMapper().Map(report))[0].Body;

        var attributes = JsonNode.Parse(body)!.AsArray()[0]!["attributes"]!.AsArray();
        Assert.Equal("api \"gateway\" \\ ü 日本 <tag> & 'x'", (string?)attributes[1]!["value"]);
        Assert.Equal("line1\nline2\ttab", (string?)attributes[2]!["value"]);
        Assert.Contains("日本", body, StringComparison.Ordinal);
    }

    [Fact]
    public void The_stream_batcher_writes_pending_reports_before_the_indicators_that_link_to_them()
    {
        var entities = SeedEntities();
        var batcher = new ThreatQPayloadBatcher(3);

        var written = new List<ThreatQConsumePayload>();
        foreach (var entity in entities)
        {
            written.AddRange(batcher.Add(entity));
        }

        written.AddRange(batcher.Flush());

        Assert.Equal(new[] { ("report", 1), ("indicators", 3), ("indicators", 3), ("indicators", 1) }, written.Select(p => (p.Collection, p.Count)));
        Assert.Empty(batcher.Flush());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThreatQPayloadBatcher(501));
    }

    [Fact]
    public void Every_body_is_a_json_array()
    {
        foreach (var payload in ThreatQConsumePayload.Create(SeedEntities(ThreatQMappings.All)))
        {
            using var document = JsonDocument.Parse(payload.Body);
            Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
        }
    }
}
