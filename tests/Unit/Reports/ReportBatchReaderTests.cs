using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using FalconX.Client;
using FalconX.Models;

namespace FalconX.Tests.Reports;

/// <summary>One batch answer read into one outcome per id, without HTTP: found, unreadable, failed, not found.</summary>
public sealed class ReportBatchReaderTests
{
    private const string Path = "falconx/entities/report-summaries/v1";
    private const string A = "ace79a13936f4ec8ad4de36606814bfc_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string B = "ace79a13936f4ec8ad4de36606814bfc_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private const string C = "ace79a13936f4ec8ad4de36606814bfc_cccccccccccccccccccccccccccccccc";

    private static ApiResponse Answer(string resources, params FalconXApiError[] errors)
    {
        using var document = JsonDocument.Parse(resources);
        return new ApiResponse { StatusCode = 200, Resources = document.RootElement.Clone(), Errors = errors, TraceId = "trace-7" };
    }

    /// <summary>Reads summaries as the client does, except that an entry with "broken" in it cannot be read.</summary>
    private static FalconXReportSummary Parse(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("broken", out _)
            ? throw new FormatException("the field 'broken' could not be read")
            : ReportParser.ParseSummary(element);

    private static List<(string Id, FalconXReportSummary? Report, FalconXApiException? Error)> Read(string[] batch, ApiResponse answer, string consoleHost = "https://falcon.crowdstrike.com") =>
        ReportBatchReader.Read(batch, answer, Path, "report summary", Parse, consoleHost);

    private static string Summary(string id, string extra = "") => $$"""{"id":"{{id}}","verdict":"malicious"{{extra}}}""";

    [Fact]
    public void Each_id_gets_its_report_in_batch_order_with_the_console_link_of_the_cloud()
    {
        var results = Read(new[] { B, A }, Answer($"[{Summary(A)},{Summary(B)}]"), "https://falcon.eu-1.crowdstrike.com");

        Assert.Equal(new[] { B, A }, results.Select(r => r.Id));
        Assert.All(results, r => Assert.Null(r.Error));
        Assert.Equal(A, results[1].Report!.ReportId);
        Assert.StartsWith("https://falcon.eu-1.crowdstrike.com/", results[1].Report!.ConsoleUrl, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_entry_fails_its_own_id_only_and_a_missing_id_is_not_found_with_the_errors_about_it()
    {
        var results = Read(new[] { A, B, C }, Answer($"[{Summary(A)},{Summary(B, ",\"broken\":1")}]", new FalconXApiError(404, $"report {C} not found"), new FalconXApiError(404, "something else")));

        Assert.NotNull(results[0].Report);
        Assert.Equal(FalconXErrorKind.InvalidResponse, results[1].Error!.Kind);
        Assert.Contains($"The report summary {B} in the API's answer could not be read: resources[1]: the field 'broken' could not be read", results[1].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(FalconXErrorKind.NotFound, results[2].Error!.Kind);
        Assert.Equal(404, results[2].Error!.StatusCode);
        Assert.Equal($"report {C} not found", Assert.Single(results[2].Error!.Errors).Message);
    }

    [Fact]
    public void A_200_that_reports_a_server_failure_fails_the_missing_ids_as_server_errors_not_as_missing()
    {
        var results = Read(new[] { A, B, C }, Answer($"[{Summary(A)}]", new FalconXApiError(500, "internal error while reading reports"), new FalconXApiError(404, $"{C} not found")));

        Assert.NotNull(results[0].Report);
        Assert.Equal(FalconXErrorKind.Server, results[1].Error!.Kind);
        Assert.Equal("internal error while reading reports", Assert.Single(results[1].Error!.Errors).Message);
        Assert.Equal(FalconXErrorKind.NotFound, results[2].Error!.Kind);
    }

    [Fact]
    public void Entries_without_an_id_that_cannot_be_read_make_the_missing_ids_unreadable()
    {
        var list = Read(new[] { A, B }, Answer($"[{Summary(A)},42]"));
        var notAList = Read(new[] { A }, Answer("{\"id\":\"x\"}"));

        Assert.NotNull(list[0].Report);
        Assert.Equal(FalconXErrorKind.InvalidResponse, list[1].Error!.Kind);
        Assert.Contains("resources[1]", list[1].Error!.Message, StringComparison.Ordinal);
        Assert.Contains("trace-7", list[1].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(FalconXErrorKind.InvalidResponse, notAList[0].Error!.Kind);
        Assert.Contains("'resources' is a JSON object, not a list", notAList[0].Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_404_for_the_batch_makes_every_id_not_found_with_the_errors_naming_it()
    {
        var notFound = new FalconXApiException(FalconXErrorKind.NotFound, "Not found.", 404, "GET", "/" + Path, new[] { new FalconXApiError(404, $"{B} does not exist") }, "trace-9");

        var results = ReportBatchReader.NoneFound<FalconXReportSummary>(new[] { A, B }, Path, "report summary", notFound);

        Assert.All(results, r => Assert.Equal(FalconXErrorKind.NotFound, r.Error!.Kind));
        Assert.Empty(results[0].Error!.Errors);
        Assert.Single(results[1].Error!.Errors);
        Assert.Contains("No report summary " + A, results[0].Error!.Message, StringComparison.Ordinal);
    }
}
