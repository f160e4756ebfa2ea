using System;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace FalconX.Tests.ThreatQEmulator;

public sealed class ThreatQEmulatorConsumeTests : ThreatQEmulatorTestBase
{
    [Fact]
    public async Task Consume_stores_the_objects_with_attributes_sources_tags_and_the_link_by_value()
    {
        var reports = await PostOkAsync("/api/report/consume", ReportBody());
        var indicators = await PostOkAsync("/api/indicators/consume", IndicatorBody());

        Assert.Equal(1, reports["total"]!.GetValue<int>());
        var answered = indicators["data"]![0]!;
        Assert.Equal(Sha, answered["value"]!.GetValue<string>());
        Assert.Equal("SHA-256", answered["type"]!["name"]!.GetValue<string>());
        var stored = Assert.Single(await StoredAsync("indicators"))!;
        Assert.Equal("Review", stored["status"]!.GetValue<string>());
        Assert.Equal(Source, Assert.Single(stored["sources"]!.AsArray())!.GetValue<string>());
        Assert.Equal("falconx", Assert.Single(stored["tags"]!.AsArray())!.GetValue<string>());
        Assert.Equal("MalQuery Verdict", Assert.Single(stored["attributes"]!.AsArray())!["name"]!.GetValue<string>());
        var link = Assert.Single(stored["links"]!.AsArray())!;
        Assert.Equal("report", link["collection"]!.GetValue<string>());
        Assert.Equal("Falcon X report 1", link["value"]!.GetValue<string>());
        var fromReport = await GetOkAsync($"/api/report/{link["id"]}/indicators");
        Assert.Equal(Sha, fromReport["data"]![0]!["value"]!.GetValue<string>());
        Assert.NotNull(fromReport["data"]![0]!["pivot"]!["id"]);
    }

    [Fact]
    public async Task Resending_the_same_bodies_changes_nothing()
    {
        var first = await PostOkAsync("/api/report/consume", ReportBody());
        var firstIndicators = await PostOkAsync("/api/indicators/consume", IndicatorBody());
        var revision = Server.Store.Revision;
        var created = Server.Stats.Created;

        var second = await PostOkAsync("/api/report/consume", ReportBody());
        var secondIndicators = await PostOkAsync("/api/indicators/consume", IndicatorBody());

        Assert.Equal(revision, Server.Store.Revision);
        Assert.Equal(created, Server.Stats.Created);
        Assert.Equal(2, Server.Stats.Unchanged);
        Assert.Equal(first["data"]![0]!["id"]!.GetValue<int>(), second["data"]![0]!["id"]!.GetValue<int>());
        Assert.Equal(firstIndicators["data"]![0]!["id"]!.GetValue<int>(), secondIndicators["data"]![0]!["id"]!.GetValue<int>());
        var stored = Assert.Single(await StoredAsync("indicators"))!;
        Assert.Single(stored["attributes"]!.AsArray());
        Assert.Single(stored["links"]!.AsArray());
        Assert.Single(await StoredAsync("report"));
    }

    [Fact]
    public async Task A_new_attribute_on_a_resent_object_is_merged_not_duplicated()
    {
        await PostOkAsync("/api/report/consume", ReportBody());
        await PostOkAsync("/api/report/consume", """[{"value":"Falcon X report 1","attributes":[{"name":"Verdict","value":"malicious"},{"name":"File Type","value":"PE32"}]}]""");

        var stored = Assert.Single(await StoredAsync("report"))!;
        Assert.Equal(["Verdict", "Origin", "File Type"], stored["attributes"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()).ToArray());
        Assert.Equal(1, Server.Stats.Updated);
    }

    [Fact]
    public async Task Same_value_with_another_indicator_type_is_another_indicator()
    {
        await PostOkAsync("/api/indicators/consume", """[{"value":"example.org","type":{"name":"FQDN"}},{"value":"example.org","type":{"name":"String"}}]""");

        Assert.Equal(2, (await StoredAsync("indicators")).Count);
    }

    [Fact]
    public async Task One_bad_item_rejects_the_whole_body_with_422_naming_it_and_stores_nothing()
    {
        var body = $$$"""[{"value":"{{{Sha}}}","type":{"name":"SHA-256"}},{"value":"not-a-hash","type":{"name":"SHA-256"}},{"value":"{{{OtherSha}}}","type":{"name":"SHA-256"}}]""";

        using var response = await PostAsync("/api/indicators/consume", body);
        var answer = await ReadAsync(response);

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        var errors = answer["data"]!["errors"]!.AsObject();
        Assert.Equal("1.value", Assert.Single(errors).Key);
        Assert.Empty(await StoredAsync("indicators"));
        Assert.Equal(0L, Server.Store.Revision);
        Assert.Equal(1, Server.Stats.RejectedBodies);
    }

    [Fact]
    public async Task Reject_values_switch_rejects_a_body_holding_that_value()
    {
        await PutFaultsAsync($$$"""{"rejectValues":["{{{OtherSha}}}"]}""");
        var body = $$$"""[{"value":"{{{Sha}}}","type":{"name":"SHA-256"}},{"value":"{{{OtherSha}}}","type":{"name":"SHA-256"}}]""";

        using var rejected = await PostAsync("/api/indicators/consume", body);
        var keys = (await ReadAsync(rejected))["data"]!["errors"]!.AsObject().Select(p => p.Key).ToArray();
        var retried = await PostOkAsync("/api/indicators/consume", $$$"""[{"value":"{{{Sha}}}","type":{"name":"SHA-256"}}]""");

        Assert.Equal((HttpStatusCode)422, rejected.StatusCode);
        Assert.Equal(["1.value"], keys);
        Assert.Equal(1, retried["total"]!.GetValue<int>());
        Assert.Equal([Sha], Values(await StoredAsync("indicators")));
    }

    [Theory]
    [InlineData("""[{"value":"x"}]""", "0.type")]
    [InlineData("""[{"value":"x","type":{"name":"No Such Type"}}]""", "0.type")]
    [InlineData("""[{"type":{"name":"String"}}]""", "0.value")]
    [InlineData("""[{"value":"x","type":"String","status":{"name":"Bogus"}}]""", "0.status")]
    [InlineData("""[{"value":"x","type":"String","attributes":[{"name":"A"}]}]""", "0.attributes.0.value")]
    [InlineData("""[{"value":"x","type":"String","report":[{"value":"missing report"}]}]""", "0.report.0.value")]
    [InlineData("""[{"value":"x","type":"String","attachments":[{"id":99}]}]""", "0.attachments.0.id")]
    public async Task Bad_items_are_named_by_index_and_field(string body, string key)
    {
        using var response = await PostAsync("/api/indicators/consume", body);
        var errors = (await ReadAsync(response))["data"]!["errors"]!.AsObject();

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Contains(key, errors.Select(p => p.Key));
    }

    [Fact]
    public async Task Links_by_id_reach_an_attachment_and_an_indicator()
    {
        var seeded = JsonNode.Parse(await (await Http.PostAsync("/_emulator/seed", Json($$$"""{"attachments":[{"name":"sample.exe","tags":["detonate"],"content":"MZ"}],"indicators":[{"value":"{{{OtherSha}}}","type":"SHA-256","status":"Review"}]}"""))).Content.ReadAsStringAsync())!;
        var attachmentId = seeded["attachments"]![0]!["id"]!.GetValue<int>();
        var indicatorId = seeded["indicators"]![0]!["id"]!.GetValue<int>();
        await PostOkAsync("/api/report/consume", $$$"""[{"value":"R","attachments":[{"id":{{{attachmentId}}}}],"indicators":[{"id":{{{indicatorId}}}}]}]""");

        var report = Assert.Single(await StoredAsync("report"))!;
        var links = report["links"]!.AsArray().Select(l => l!["collection"]!.GetValue<string>() + "#" + l["id"]!.GetValue<int>()).ToArray();
        Assert.Equal([$"attachments#{attachmentId}", $"indicators#{indicatorId}"], links.OrderBy(l => l, StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task A_link_by_value_to_a_missing_indicator_creates_it_once()
    {
        var body = $$$"""[{"value":"dropped.dll","type":"Filename","indicators":[{"value":"{{{Sha}}}","type":{"name":"SHA-256"}}]}]""";
        await PostOkAsync("/api/indicators/consume", body);
        await PostOkAsync("/api/indicators/consume", body);

        Assert.Equal([Sha, "dropped.dll"], Values(await StoredAsync("indicators")).Order(StringComparer.Ordinal).ToArray());
        Assert.Single(Server.Store.Relations());
    }

    [Fact]
    public async Task A_body_over_500_objects_is_refused_whole_with_413()
    {
        var items = Enumerable.Range(0, 501).Select(i => $$"""{"value":"host{{i}}.example","type":"FQDN"}""");

        using var tooMany = await PostAsync("/api/indicators/consume", "[" + string.Join(',', items) + "]");
        await PostOkAsync("/api/indicators/consume", "[" + string.Join(',', items.Take(500)) + "]");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooMany.StatusCode);
        Assert.Contains("at most 500", (await ReadAsync(tooMany))["errors"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(500, (await StoredAsync("indicators")).Count);
    }

    [Fact]
    public async Task Concurrent_resends_of_one_body_make_one_object()
    {
        var sends = Enumerable.Range(0, 8).Select(_ => PostOkAsync("/api/indicators/consume", $$$"""[{"value":"{{{Sha}}}","type":{"name":"SHA-256"}}]""")).ToArray();
        await Task.WhenAll(sends);

        Assert.Single(await StoredAsync("indicators"));
        Assert.Equal(1, Server.Stats.Created);
    }

    [Fact]
    public async Task Create_route_is_an_upsert_too_and_answers_a_list()
    {
        var first = await PostOkAsync("/api/indicators", $$$"""{"value":"{{{Sha}}}","type":"SHA-256","status":"Review","sources":[{"name":"x"}]}""", HttpStatusCode.Created);
        var second = await PostOkAsync("/api/indicators", $$$"""{"value":"{{{Sha}}}","type":"SHA-256","status":"Review","sources":[{"name":"x"}]}""", HttpStatusCode.Created);

        Assert.IsType<JsonArray>(first["data"]);
        Assert.Equal(first["data"]![0]!["id"]!.GetValue<int>(), second["data"]![0]!["id"]!.GetValue<int>());
    }
}
