using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using FalconX.Models;
using FalconX.Tests.Models;
using FalconX.ThreatQ;
using FalconX.Workflows;

namespace FalconX.Tests.ThreatQ;

/// <summary>ConvertTo-ThreatQEntity's workflow (<see cref="ThreatQConversion"/>): input in every form, merged or streamed output, one problem per bad item.</summary>
public sealed class ThreatQConversionTests
{
    private readonly List<object> _output = new();
    private readonly List<ThreatQConversionProblem> _problems = new();

    private ThreatQConversion Create(bool stream = false, bool payloads = false, int batchSize = ThreatQConsumePayload.MaxBatchSize) =>
        new(new ThreatQMappingOptions(), new ThreatQConversionOptions { Stream = stream, AsConsumePayloads = payloads, BatchSize = batchSize }, _output.Add, _problems.Add);

    private static string SeedWithId(string id)
    {
        var node = JsonNode.Parse(SeedFixtures.Report)!;
        node["id"] = id;
        return node.ToJsonString();
    }

    [Fact]
    public void Reports_are_merged_at_the_end_so_shared_indicators_come_out_once()
    {
        var conversion = Create();
        var first = SeedWithId("ace79a13936f4ec8ad4de36606814bfc_00000000000000000000000000000001");
        var second = SeedWithId("ace79a13936f4ec8ad4de36606814bfc_00000000000000000000000000000002");

        conversion.AddText(first, first);
        conversion.AddReport(ReportParser.ParseReport(second), second);
        Assert.Empty(_output);
        conversion.Complete();

        var entities = _output.Cast<ThreatQEntity>().ToList();
        Assert.Equal(2, conversion.Reports);
        Assert.Equal(entities.Count, conversion.Written);
        Assert.Equal(2, entities.Count(e => e.Value.StartsWith(ThreatQMapper.ReportValuePrefix, StringComparison.Ordinal)));
        Assert.Equal(entities.Count, entities.Select(e => (e.ObjectType, e.Type, e.Value)).Distinct().Count());
        Assert.Equal($"Converted 2 report(s) into {entities.Count} entities; 0 input item(s) could not be converted.", conversion.Summary);
    }

    [Fact]
    public void Streamed_consume_bodies_are_handed_out_as_batches_fill_and_the_rest_at_the_end()
    {
        var conversion = Create(stream: true, payloads: true, batchSize: 2);

        conversion.AddText(SeedFixtures.Report, "seed");
        var beforeEnd = _output.Count;
        conversion.Complete();

        Assert.True(beforeEnd > 0, "full batches should come out before the end");
        var payloads = _output.Cast<ThreatQConsumePayload>().ToList();
        Assert.All(payloads, p => Assert.InRange(p.Count, 1, 2));
        Assert.Equal(payloads.Count, conversion.Written);
        Assert.EndsWith("consume bodies; 0 input item(s) could not be converted.", conversion.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Pretty_printed_json_piped_line_by_line_is_put_back_together_and_blank_lines_skipped()
    {
        var conversion = Create(stream: true);
        var lines = JsonNode.Parse(SeedFixtures.Report)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }).Split('\n');

        conversion.AddText(string.Empty, string.Empty);
        foreach (var line in lines)
        {
            conversion.AddText(line, line);
        }

        conversion.Complete();

        Assert.Empty(_problems);
        Assert.Equal(1, conversion.Reports);
        Assert.NotEmpty(_output);
    }

    [Fact]
    public void Each_bad_item_is_one_problem_with_its_id_and_the_rest_is_converted()
    {
        var conversion = Create(stream: true);
        var missing = Path.Combine(Path.GetTempPath(), "falconx-no-such-" + Guid.NewGuid().ToString("N") + ".json");
        var submission = new FalconXSubmission("cid_sub");
        var withoutId = JsonNode.Parse(SeedFixtures.Report)!;
        withoutId.AsObject().Remove("id");

        conversion.AddText("not json at all", "not json at all");
        conversion.AddFile(missing, missing);
        conversion.AddUnsupported(submission, submission);
        conversion.AddUnsupported(42, 42);
        conversion.AddText(withoutId.ToJsonString(), "no id");
        conversion.AddText(SeedFixtures.Report, "good");
        conversion.AddText("{\"id\": \"x_y\",", "cut");
        conversion.Complete();

        Assert.Equal(
            new[] { ErrorIds.InvalidReportJson, ErrorIds.ReportFileUnreadable, ErrorIds.NotAReport, ErrorIds.UnsupportedInput, ErrorIds.ReportWithoutId, ErrorIds.InvalidReportJson },
            _problems.Select(p => p.ErrorId));
        Assert.Equal(missing, _problems[1].Target);
        Assert.Same(submission, _problems[2].Target);
        Assert.Contains("[System.Int32]", _problems[3].Error.Message, StringComparison.Ordinal);
        Assert.Contains("cut short", _problems[5].Error.Message, StringComparison.Ordinal);
        Assert.Equal(6, conversion.Failures);
        Assert.Equal(1, conversion.Reports);
        Assert.NotEmpty(_output);
    }
}
