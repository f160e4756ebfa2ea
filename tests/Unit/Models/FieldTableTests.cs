using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using FalconX.Models;
using FalconX.Tests.ThreatQ;
using FalconX.ThreatQ;

namespace FalconX.Tests.Models;

/// <summary>
/// The one reader (a field table per model): fed from JSON or from an object that lists its fields, reading the API's
/// names and the model's own, owning unknown fields, and reading only what mapping needs when reading for mapping.
/// </summary>
public sealed class FieldTableTests
{
    /// <summary>An object that lists its fields, as the PowerShell layer's PSObject view does; it counts what was fetched.</summary>
    private sealed class Bag : IFieldBag
    {
        private readonly List<KeyValuePair<string, object?>> _fields;

        internal Bag(JsonNode? node, List<string> fetched)
        {
            Fetched = fetched;
            _fields = node is JsonObject obj
                ? obj.Select(p => new KeyValuePair<string, object?>(p.Key, Convert(p.Value, fetched))).ToList()
                : new List<KeyValuePair<string, object?>>();
        }

        internal List<string> Fetched { get; }

        public int FieldCount => _fields.Count;

        public string FieldName(int index) => _fields[index].Key;

        public object? FieldValue(int index)
        {
            Fetched.Add(_fields[index].Key);
            return _fields[index].Value;
        }

        /// <summary>JSON as PowerShell objects hold it: bags, object arrays, long, double, bool, string, DateTime.</summary>
        internal static object? Convert(JsonNode? node, List<string> fetched) => node switch
        {
            null => null,
            JsonObject => new Bag(node, fetched),
            JsonArray array => array.Select(item => Convert(item, fetched)).ToArray(),
            JsonValue value when value.TryGetValue<long>(out var whole) => whole,
            JsonValue value when value.TryGetValue<double>(out var real) => real,
            JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
            JsonValue value when value.GetValue<string>() is var text && DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var time) => time,
            _ => node.GetValue<string>(),
        };
    }

    private static string WithUnknownFields()
    {
        var node = JsonNode.Parse(SeedFixtures.Report)!;
        node["ai_summary"] = "looks bad";
        node["sandbox"]![0]!["environment_id"] = "100";
        node["sandbox"]![0]!["dns_requests"] = JsonNode.Parse("""[{"domain":"evil-c2.net","address":"93.184.216.34","ttl":60}]""");
        return node.ToJsonString();
    }

    [Fact]
    public void An_object_that_lists_its_fields_reads_like_the_same_json()
    {
        var json = WithUnknownFields();
        var fromJson = ReportParser.ParseReport(json);
        var fromBag = ReportParser.ParseReports(new Bag(JsonNode.Parse(json), new List<string>())).Single();

        Assert.Equal(fromJson.ReportId, fromBag.ReportId);
        Assert.Equal(fromJson.CreatedAt, fromBag.CreatedAt);
        Assert.Equal(100, fromBag.EnvironmentId);
        Assert.Equal(fromJson.Tags, fromBag.Tags);
        Assert.Equal("looks bad", fromBag.AdditionalProperties["ai_summary"]);
        Assert.Equal(60L, fromBag.Sandbox[0].DnsRequests[0].AdditionalProperties["ttl"]);
        Assert.Equal(
            JsonSerializer.Serialize(fromJson.Sandbox[0].AdditionalProperties),
            JsonSerializer.Serialize(fromBag.Sandbox[0].AdditionalProperties));
        Assert.Equal(fromJson.Artifacts.Select(a => a.ArtifactId), fromBag.Artifacts.Select(a => a.ArtifactId));
    }

    [Fact]
    public void A_report_written_out_with_its_own_property_names_reads_back_the_same()
    {
        // What ConvertTo-Json and Export-Clixml write: the model's property names, computed ones included.
        var original = ReportParser.ParseReport(WithUnknownFields());
        var written = JsonSerializer.Serialize(original);
        Assert.Contains("\"ReportId\"", written, StringComparison.Ordinal);

        var back = ReportParser.ParseReport(written);

        Assert.Equal(original.ReportId, back.ReportId);
        Assert.Equal(original.CreatedAt, back.CreatedAt);
        Assert.Equal(original.Verdict, back.Verdict);
        Assert.Equal(original.ReportTags, back.ReportTags);
        Assert.Equal(original.Tags, back.Tags);
        Assert.Equal(original.Sandbox[0].Processes.Count, back.Sandbox[0].Processes.Count);
        Assert.Equal(original.Sandbox[0].MitreAttacks.Select(m => m.ParentAttackId), back.Sandbox[0].MitreAttacks.Select(m => m.ParentAttackId));
        Assert.Equal(original.Artifacts.Select(a => a.ArtifactId), back.Artifacts.Select(a => a.ArtifactId));
        // Unknown fields come back as unknown fields, and computed properties are not taken for unknown ones.
        Assert.Equal("looks bad", back.AdditionalProperties["ai_summary"]);
        Assert.False(back.AdditionalProperties.ContainsKey("Tags"));
        Assert.False(back.AdditionalProperties.ContainsKey("HasError"));
        Assert.Equal(
            JsonSerializer.Serialize(original.Sandbox[0].AdditionalProperties),
            JsonSerializer.Serialize(back.Sandbox[0].AdditionalProperties));

        var mapper = new ThreatQMapper(new ThreatQMappingOptions { Include = ThreatQMappings.All });
        Assert.Equal(GoldenMappingTests.Render(mapper.Map(original)), GoldenMappingTests.Render(mapper.Map(back)));
    }

    [Fact]
    public void Reading_for_mapping_does_not_fetch_the_values_of_fields_no_mapping_reads()
    {
        var fetched = new List<string>();
        var bag = new Bag(JsonNode.Parse(WithUnknownFields()), fetched);

        var lean = ReportParser.ParseItems(bag, forMapping: true).Single().Report!;

        Assert.Equal("malicious", lean.Verdict);
        Assert.Empty(lean.AdditionalProperties);
        Assert.DoesNotContain("ai_summary", fetched);
        Assert.DoesNotContain("processes", fetched);
        Assert.DoesNotContain("user_name", fetched);
        Assert.Contains("sandbox", fetched);
        Assert.Contains("dns_requests", fetched);
    }

    [Fact]
    public void A_strict_table_names_the_path_of_a_value_of_the_wrong_type()
    {
        using var document = JsonDocument.Parse("""{"id":"a_b","state":"running","sandbox":[{"sha256":"AB","environment_id":{"x":1}}]}""");

        var error = Assert.Throws<FieldShapeException>(() => FalconXSubmission.Fields.Read(document.RootElement));

        Assert.Equal("$.sandbox[0].environment_id", error.Path);
    }

    [Fact]
    public void A_strict_table_reads_what_it_names_and_passes_other_fields_by()
    {
        using var document = JsonDocument.Parse("""{"id":"a_b","state":"success","new_field":[1],"sandbox":[{"sha256":"AB","environment_id":"160","url":null,"other":{}}]}""");

        var submission = FalconXSubmission.Fields.Read(document.RootElement);

        Assert.Equal("a_b", submission.SubmissionId);
        Assert.Equal("ab", submission.Sha256);
        Assert.Equal(160, submission.EnvironmentId);
    }
}
