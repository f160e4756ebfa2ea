using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Models;
using FalconX.Tests.Emulator;

namespace FalconX.Tests.Reports;

public sealed class ReportClientTests : ReportTestBase, IClassFixture<SharedEmulator>
{
    public ReportClientTests(SharedEmulator shared)
        : base(shared)
    {
    }

    private const string ReportsRoute = "/falconx/entities/reports/v1";
    private const string UnknownId = "ace79a13936f4ec8ad4de36606814bfc_00000000000000000000000000000000";

    [Fact]
    public async Task A_thousand_reports_come_back_in_input_order_in_at_most_ten_requests()
    {
        var client = CreateClient();
        var ids = await SubmitUrlsAsync(client, 1000);
        var shuffled = ids.OrderBy(id => id.Substring(40), StringComparer.Ordinal).ToArray();
        var before = CountRequests("GET", ReportsRoute);

        var results = await CollectAsync(client.GetReportsAsync(shuffled));

        var requests = CountRequests("GET", ReportsRoute) - before;
        Assert.InRange(requests, 1, 10);
        Assert.Equal(shuffled, results.Select(r => r.Report!.ReportId).ToArray());
        Assert.Equal(Enumerable.Range(0, 1000), results.Select(r => r.Index));
        Assert.All(results, r => Assert.Null(r.Error));
        Assert.DoesNotContain(Server.Stats.RecordedRequests, r => r.Status == 414);
    }

    [Fact]
    public async Task The_url_budget_decides_the_batch_size_and_a_budget_above_the_servers_limit_fails_per_item()
    {
        Server.Options.MaxUrlLength = 4000;
        var seed = CreateClient();
        var ids = await SubmitUrlsAsync(seed, 120);

        var small = Options();
        small.MaxUrlLength = 4000;
        var fitting = CreateClient(small);
        var before = CountRequests("GET", ReportsRoute);
        var results = await CollectAsync(fitting.GetReportsAsync(ids));
        Assert.All(results, r => Assert.True(r.Succeeded, r.ToString()));
        // 4,000 characters hold about 55 ids of 65 characters: 120 ids need three requests.
        Assert.Equal(3, CountRequests("GET", ReportsRoute) - before);

        var tooLarge = CreateClient(Options());
        var refused = await CollectAsync(tooLarge.GetReportsAsync(ids));
        Assert.All(refused, r => Assert.Equal(414, r.Error!.StatusCode));
    }

    [Fact]
    public async Task Unknown_malformed_and_repeated_ids_each_get_their_own_result_in_place()
    {
        var client = CreateClient();
        var ids = await SubmitUrlsAsync(client, 3);
        var input = new[] { ids[0], UnknownId, "not-an-id", ids[1], ids[0], ids[2] };

        var results = await CollectAsync(client.GetReportsAsync(input));

        Assert.Equal(input, results.Select(r => r.Id).ToArray());
        Assert.Equal(ids[0], results[0].Report!.ReportId);
        Assert.Equal(FalconXErrorKind.NotFound, results[1].Error!.Kind);
        Assert.Contains(UnknownId, results[1].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(FalconXErrorKind.InvalidRequest, results[2].Error!.Kind);
        Assert.Contains("not-an-id", results[2].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(ids[1], results[3].Report!.ReportId);
        Assert.Same(results[0].Report, results[4].Report);
        Assert.Equal(ids[2], results[5].Report!.ReportId);
        // The malformed id never reached the API (it would have made the whole batch fail).
        Assert.DoesNotContain(Server.Stats.RecordedRequests, r => r.Query.Contains("not-an-id", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_batch_of_only_unknown_ids_gives_not_found_per_id()
    {
        var client = CreateClient();
        var other = UnknownId.Replace("_0000", "_1111", StringComparison.Ordinal);

        var results = await CollectAsync(client.GetReportsAsync(new[] { UnknownId, other }));

        Assert.All(results, r => Assert.Equal(FalconXErrorKind.NotFound, r.Error!.Kind));
        Assert.Contains("not found", results[1].Error!.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(other, results[1].Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_carry_typed_fields_console_links_and_a_failed_detonation_as_data()
    {
        var client = CreateClient();
        var malicious = await SubmitFileAsync(client, "payload FALCONX-MALICIOUS one", fileName: "bad.exe");
        var failed = await SubmitFileAsync(client, "payload FALCONX-ERROR two", environmentId: 110, fileName: "broken.bin");

        var results = await CollectAsync(client.GetReportsAsync(new[] { malicious.Id, failed.Id }));

        var report = results[0].Report!;
        Assert.Equal(malicious.Sha256, report.Sha256);
        Assert.Equal("malicious", report.Verdict);
        Assert.InRange(report.ThreatScore!.Value, 70, 100);
        Assert.Equal(160, report.EnvironmentId);
        Assert.Equal("bad.exe", report.SubmitName);
        Assert.NotEmpty(report.Sandbox[0].ExtractedFiles);
        Assert.NotNull(report.IocStrictJsonArtifactId);
        Assert.Equal($"https://falcon.crowdstrike.com/intelligence/sandbox/report/{malicious.Id}/report-summary", report.ConsoleUrl);

        var error = results[1].Report!;
        Assert.True(error.HasError);
        Assert.Equal("FILE_TYPE_BAD_ERROR", error.ErrorType);
        Assert.Equal(110, error.EnvironmentId);
        Assert.False(string.IsNullOrEmpty(error.ErrorMessage));
    }

    [Fact]
    public async Task The_console_link_follows_the_connections_console_host()
    {
        var seed = CreateClient();
        var id = (await SubmitUrlsAsync(seed, 1, tag: "eu"))[0];
        var options = Options();
        options.ConsoleHost = new Uri("https://falcon.eu-1.crowdstrike.com");
        var eu = CreateClient(options);

        var report = await eu.GetReportAsync(id);
        var summary = (await CollectAsync(eu.GetReportSummariesAsync(new[] { id })))[0].Report!;

        Assert.Equal($"https://falcon.eu-1.crowdstrike.com/intelligence/sandbox/report/{id}/report-summary", report.ConsoleUrl);
        Assert.Equal(report.ConsoleUrl, summary.ConsoleUrl);
    }

    [Fact]
    public async Task Summaries_come_from_the_summary_endpoint_in_order()
    {
        var client = CreateClient();
        var ids = await SubmitUrlsAsync(client, 5, marker: "FALCONX-SUSPICIOUS");

        var results = await CollectAsync(client.GetReportSummariesAsync(ids.Reverse()));

        Assert.Equal(ids.Reverse(), results.Select(r => r.Report!.ReportId));
        Assert.All(results, r => Assert.Equal("suspicious", r.Report!.Verdict));
        Assert.IsType<FalconXReportSummary>(results[0].Report);
        Assert.Equal(1, CountRequests("GET", "/falconx/entities/report-summaries/v1"));
        Assert.Equal(0, CountRequests("GET", ReportsRoute));
    }

    [Fact]
    public async Task Query_pages_through_every_match_and_stops_at_the_limit()
    {
        var client = CreateClient();
        var tagged = await SubmitUrlsAsync(client, 25, tag: "paged", environmentId: 110);
        await SubmitUrlsAsync(client, 5, tag: "other");

        var all = new List<string>();
        await foreach (var id in client.QueryReportIdsAsync(new ReportQuery { Filter = "sandbox.environment_id:110", PageSize = 10 }))
        {
            all.Add(id);
        }

        Assert.Equal(tagged.OrderBy(x => x, StringComparer.Ordinal), all.OrderBy(x => x, StringComparer.Ordinal));
        Assert.Equal(3, CountRequests("GET", "/falconx/queries/reports/v1"));

        var limited = new List<string>();
        await foreach (var id in client.QueryReportIdsAsync(new ReportQuery { Filter = "sandbox.environment_id:110", PageSize = 10, Limit = 12, Sort = "created_timestamp.asc" }))
        {
            limited.Add(id);
        }

        Assert.Equal(12, limited.Distinct().Count());
        Assert.All(limited, id => Assert.Contains(id, tagged));
        var pages = RequestsTo("GET", "/falconx/queries/reports/v1").Skip(3).Select(r => r.Query).ToList();
        Assert.Equal(2, pages.Count);
        Assert.Contains("limit=2", pages[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_filter_is_an_invalid_request_error()
    {
        var client = CreateClient();

        var error = await Assert.ThrowsAsync<FalconXApiException>(() => client.QueryReportIdsPageAsync("no_such_field:'x'"));

        Assert.Equal(FalconXErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("no_such_field", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_are_found_by_hash_and_environment_newest_first()
    {
        var client = CreateClient();
        var first = await SubmitFileAsync(client, "hash lookup A");
        var again = await SubmitAsync(client, new { sandbox = new[] { new { sha256 = first.Sha256, environment_id = 160 } } });
        var win7 = await SubmitAsync(client, new { sandbox = new[] { new { sha256 = first.Sha256, environment_id = 110 } } });
        var second = await SubmitFileAsync(client, "hash lookup B");
        await SubmitFileAsync(client, "hash lookup C (not asked for)");

        var both = await client.FindReportIdsBySha256Async(new[] { first.Sha256.ToUpperInvariant(), second.Sha256 });
        var only160 = await client.FindReportIdsBySha256Async(new[] { first.Sha256 }, 160);

        Assert.Equal(new[] { first.Id, again, win7, second.Id }.OrderBy(x => x, StringComparer.Ordinal), both.OrderBy(x => x, StringComparer.Ordinal));
        Assert.Equal(new[] { first.Id, again }.OrderBy(x => x, StringComparer.Ordinal), only160.OrderBy(x => x, StringComparer.Ordinal));
        Assert.Equal("sandbox.sha256:'" + first.Sha256 + "'+sandbox.environment_id:160", FalconXFql.Sha256(first.Sha256, 160));
    }

    [Fact]
    public async Task A_malformed_answer_is_a_clear_per_item_error_after_the_retries()
    {
        var client = CreateClient();
        var ids = await SubmitUrlsAsync(client, 2);
        Server.Faults.ErrorRoutes = new[] { "GET " + ReportsRoute };
        Server.Faults.TruncatedJsonRate = 1;

        var results = await CollectAsync(client.GetReportsAsync(ids));

        Assert.All(results, r =>
        {
            Assert.Equal(FalconXErrorKind.InvalidResponse, r.Error!.Kind);
            Assert.Contains("malformed or cut short", r.Error.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Reports_not_finished_yet_are_not_found_and_a_deleted_report_is_gone()
    {
        var client = CreateClient();
        var done = (await SubmitUrlsAsync(client, 1, tag: "done"))[0];
        Server.Faults.SubmissionDelayMs = 60_000;
        var running = (await SubmitUrlsAsync(client, 1, tag: "running"))[0];

        await client.DeleteReportAsync(done);
        var results = await CollectAsync(client.GetReportsAsync(new[] { running, done }));

        Assert.Equal(FalconXErrorKind.NotFound, results[0].Error!.Kind);
        Assert.Contains("not ready", results[0].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(FalconXErrorKind.NotFound, results[1].Error!.Kind);
        var again = await Assert.ThrowsAsync<FalconXApiException>(() => client.DeleteReportAsync(done));
        Assert.Equal(FalconXErrorKind.NotFound, again.Kind);
    }

    [Fact]
    public async Task Stopping_after_the_first_result_cancels_the_rest_cleanly()
    {
        var options = Options();
        options.MaxUrlLength = 1100;
        var client = CreateClient(options);
        var ids = await SubmitUrlsAsync(client, 200);
        Server.Faults.LatencyMs = 50;

        FalconXReport? first = null;
        await foreach (var result in client.GetReportsAsync(ids))
        {
            first = result.Report;
            break;
        }

        Assert.Equal(ids[0], first!.ReportId);

        // The emulator records a request once it has answered or seen it abandoned: wait until none is in flight.
        await WaitForEmulatorIdleAsync();
        // 200 ids at about 14 per request would take 15 requests; the window keeps at most 8 started.
        Assert.InRange(CountRequests("GET", ReportsRoute), 1, 9);
    }
}
