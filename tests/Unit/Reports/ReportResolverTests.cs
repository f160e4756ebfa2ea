using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Models;
using FalconX.ThreatQ;
using FalconX.Workflows;

namespace FalconX.Tests.Reports;

/// <summary>The report workflow behind Get-FalconXReport, against the in-process emulator.</summary>
public sealed class ReportResolverTests : ReportTestBase
{
    private const string UnknownId = "ace79a13936f4ec8ad4de36606814bfc_00000000000000000000000000000000";
    private const string UnknownSha256 = "0000000000000000000000000000000000000000000000000000000000000001";
    private const string SubmissionsRoute = "/falconx/entities/submissions/v1";
    private const string SubmissionQueryRoute = "/falconx/queries/submissions/v1";

    private static SubmissionPollerOptions FastPolling() => new()
    {
        PollInterval = TimeSpan.FromMilliseconds(100),
        FirstCheckDelay = TimeSpan.FromMilliseconds(20),
        ProgressInterval = TimeSpan.FromMilliseconds(50),
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static async Task<List<ReportEvent>> ResolveAsync(FalconXClient client, IReadOnlyList<ReportInput> inputs, ReportResolverOptions? options = null)
    {
        var events = new List<ReportEvent>();
        await new ReportResolver(client, options).ResolveAsync(inputs, e => { lock (events) { events.Add(e); } });
        return events.Where(e => e.Kind != ReportEventKind.FetchProgress).ToList();
    }

    [Fact]
    public async Task Ids_and_hashes_come_back_in_input_order_each_with_what_it_was_asked_for()
    {
        var client = CreateClient();
        var urls = await SubmitUrlsAsync(client, 2, tag: "order");
        var file = await SubmitFileAsync(client, "order-" + Guid.NewGuid());
        var indicator = new ThreatQEntity("indicator", ThreatQIndicatorTypes.Sha256, file.Sha256, null, null);
        var inputs = new[]
        {
            ReportInput.ForReportId(urls[1]),
            ReportInput.FromObject(indicator),
            ReportInput.FromObject(" " + urls[0].ToUpperInvariant() + " "),
        };

        var events = await ResolveAsync(client, inputs);

        Assert.All(events, e => Assert.Equal(ReportEventKind.Report, e.Kind));
        Assert.Equal(new[] { urls[1], file.Id, urls[0] }, events.Select(e => e.Report!.ReportId).ToArray(), StringComparer.OrdinalIgnoreCase);
        Assert.Same(indicator, events[1].Target);
        Assert.IsType<FalconXReport>(events[0].Report);
    }

    [Fact]
    public async Task Summaries_take_the_same_path_to_the_summary_endpoint_in_one_request()
    {
        var client = CreateClient();
        var ids = await SubmitUrlsAsync(client, 3, tag: "summary");
        var before = CountRequests("GET", "/falconx/entities/report-summaries/v1");

        var events = await ResolveAsync(client, ids.Select(id => ReportInput.ForReportId(id)).ToList(), new ReportResolverOptions { Summary = true, IncludeRawJson = true });

        Assert.Equal(ids, events.Select(e => e.Report!.ReportId).ToArray());
        Assert.All(events, e => Assert.IsType<FalconXReportSummary>(e.Report));
        Assert.All(events, e => Assert.False(string.IsNullOrEmpty(e.Report!.RawJson)));
        Assert.Equal(1, CountRequests("GET", "/falconx/entities/report-summaries/v1") - before);
    }

    [Fact]
    public async Task Latest_keeps_one_report_per_hash_and_an_environment_keeps_only_its_own()
    {
        var client = CreateClient();
        var content = "twice-" + Guid.NewGuid();
        var in160 = await SubmitFileAsync(client, content, environmentId: 160);
        var in100 = await SubmitFileAsync(client, content, environmentId: 100);

        var all = await ResolveAsync(client, new[] { ReportInput.ForSha256(in160.Sha256) });
        var latest = await ResolveAsync(client, new[] { ReportInput.ForSha256(in160.Sha256) }, new ReportResolverOptions { Latest = true });
        var only100 = await ResolveAsync(client, new[] { ReportInput.ForSha256(in160.Sha256.ToUpperInvariant(), environmentId: 100) });

        Assert.Equal(new[] { in100.Id, in160.Id }.OrderBy(x => x), all.Select(e => e.Report!.ReportId).OrderBy(x => x));
        Assert.Single(latest);
        Assert.Equal(in100.Id, Assert.Single(only100).Report!.ReportId);
    }

    [Fact]
    public async Task Unknown_ids_and_hashes_are_not_found_after_one_status_check_and_the_rest_still_come()
    {
        var client = CreateClient();
        var known = (await SubmitUrlsAsync(client, 1, tag: "known"))[0];
        var statusBefore = CountRequests("GET", SubmissionsRoute);

        var events = await ResolveAsync(client, new[] { ReportInput.ForReportId(UnknownId), ReportInput.ForSha256(UnknownSha256, 160), ReportInput.ForReportId(known) });

        // Errors come as soon as they are known; the report waits for the inputs before it to settle. Hashes are
        // settled before ids, so the hash's error comes first; each names what was asked.
        Assert.Equal(new[] { ReportEventKind.NotFound, ReportEventKind.NotFound, ReportEventKind.Report }, events.Select(e => e.Kind).ToArray());
        Assert.Equal(UnknownSha256, events[0].Target);
        Assert.Contains("in environment 160", events[0].Message, StringComparison.Ordinal);
        Assert.Contains("Submit-FalconXSample", events[0].Message, StringComparison.Ordinal);
        Assert.Equal(UnknownId, events[1].Target);
        Assert.All(events.Take(2), e => Assert.Equal(ErrorIds.FalconXReportNotFound, e.ErrorId));
        Assert.Equal(known, events[2].Report!.ReportId);
        Assert.Equal(1, CountRequests("GET", SubmissionsRoute) - statusBefore);
        var query = Assert.Single(RequestsTo("GET", SubmissionQueryRoute));
        Assert.Contains("state:['created','running']", Uri.UnescapeDataString(query.Query), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_detonation_under_way_is_not_finished_with_its_state_and_how_long_it_has_run()
    {
        var client = CreateClient();
        Server.Faults.SubmissionDelayMs = 600_000;
        var running = await SubmitFileAsync(client, "running-" + Guid.NewGuid());
        var submission = (await client.GetSubmissionsAsync(new[] { running.Id })).Single();
        var options = new ReportResolverOptions { UtcNow = () => submission.CreatedAt!.Value + TimeSpan.FromSeconds(65) };

        var events = await ResolveAsync(client, new[] { ReportInput.ForSha256(running.Sha256), ReportInput.ForReportId(running.Id) }, options);

        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(ReportEventKind.NotFinished, e.Kind));
        Assert.All(events, e => Assert.Equal(ErrorIds.FalconXDetonationNotFinished, e.ErrorId));
        Assert.Equal(new object[] { running.Sha256, running.Id }, events.Select(e => e.Target).ToArray());
        Assert.Contains("after 1:05", events[0].Message, StringComparison.Ordinal);
        Assert.Contains(running.Id, events[0].Message, StringComparison.Ordinal);
        Assert.Contains("-Wait", events[0].RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_wait_a_running_detonation_is_waited_for_and_output_keeps_the_input_order()
    {
        var client = CreateClient();
        var before = (await SubmitUrlsAsync(client, 1, tag: "before"))[0];
        Server.Faults.SubmissionDelayMs = 300;
        var running = await SubmitFileAsync(client, "wait-" + Guid.NewGuid());
        Server.Faults.SubmissionDelayMs = 0;
        var after = (await SubmitUrlsAsync(client, 1, tag: "after"))[0];
        var options = new ReportResolverOptions { Wait = true, Latest = true, Polling = FastPolling() };

        var events = await ResolveAsync(client, new[] { ReportInput.ForReportId(before), ReportInput.ForSha256(running.Sha256), ReportInput.ForReportId(after) }, options);

        var reports = events.Where(e => e.Kind == ReportEventKind.Report).Select(e => e.Report!.ReportId).ToArray();
        Assert.Equal(new[] { before, running.Id, after }, reports);
        var ended = Assert.Single(events, e => e.Kind == ReportEventKind.WaitEnded);
        Assert.False(ended.WaitResult!.TimedOut);
        Assert.DoesNotContain(events, e => e.ErrorId is not null);
    }

    [Fact]
    public async Task A_wait_that_times_out_settles_its_inputs_with_the_wait_result_and_no_second_error()
    {
        var client = CreateClient();
        Server.Faults.SubmissionDelayMs = 600_000;
        var running = await SubmitFileAsync(client, "timeout-" + Guid.NewGuid());
        var polling = FastPolling();
        polling.Timeout = TimeSpan.FromMilliseconds(300);

        var events = await ResolveAsync(client, new[] { ReportInput.ForReportId(running.Id) }, new ReportResolverOptions { Wait = true, Polling = polling });

        var ended = Assert.Single(events);
        Assert.Equal(ReportEventKind.WaitEnded, ended.Kind);
        Assert.True(ended.WaitResult!.TimedOut);
        Assert.Equal(running.Id, Assert.Single(ended.WaitResult.Pending).SubmissionId);
    }

    [Fact]
    public async Task When_the_status_check_fails_the_missing_inputs_are_still_not_found()
    {
        var client = CreateClient();
        Server.Faults.ErrorRate = 1;
        Server.Faults.ErrorStatuses = new[] { 400 };
        Server.Faults.ErrorRoutes = new[] { "GET " + SubmissionsRoute };

        var events = await ResolveAsync(client, new[] { ReportInput.ForReportId(UnknownId) });

        Assert.Equal(ReportEventKind.NotFound, Assert.Single(events).Kind);
        Assert.Contains(Log, e => e.Message.StartsWith("Could not check the submissions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_query_outputs_its_reports_in_the_api_order_without_status_checks()
    {
        var client = CreateClient();
        await SubmitUrlsAsync(client, 5, tag: "query", environmentId: 110);
        var statusBefore = CountRequests("GET", SubmissionsRoute);
        var events = new List<ReportEvent>();

        await new ReportResolver(client).ResolveQueryAsync(ReportResolver.QueryFor(null, 110, null, 0, 3, all: false), events.Add);

        var reports = events.Where(e => e.Kind == ReportEventKind.Report).ToList();
        Assert.Equal(3, reports.Count);
        Assert.All(reports, e => Assert.Equal(110, e.Report!.EnvironmentId));
        Assert.Equal(statusBefore, CountRequests("GET", SubmissionsRoute));
        Assert.Contains(Log, e => e.Message == "The filter matched 3 report(s).");
    }

    [Fact]
    public void The_fql_it_writes_adds_the_environment_and_pages_as_asked()
    {
        Assert.Equal("verdict:'malicious'+sandbox.environment_id:160", ReportResolver.FilterWithEnvironment("verdict:'malicious'", 160));
        Assert.Equal("sandbox.environment_id:160", ReportResolver.FilterWithEnvironment(" ", 160));
        Assert.Equal("verdict:'malicious'", ReportResolver.FilterWithEnvironment("verdict:'malicious'", null));
        var hash = new string('a', 64);
        Assert.Equal($"sandbox.sha256:'{hash}'+sandbox.environment_id:100+state:['created','running']", ReportResolver.StillRunningFilter(new[] { hash }, 100));
        var all = ReportResolver.QueryFor("x", null, "created_timestamp.asc", 5, 10, all: true);
        Assert.Null(all.Limit);
        Assert.Equal(FalconXClient.MaxQueryPageSize, all.PageSize);
        var some = ReportResolver.QueryFor("x", null, null, 0, 10, all: false);
        Assert.Equal(10, some.Limit);
        Assert.Equal(10, some.PageSize);
    }

    [Theory]
    [InlineData("not-a-hash", "is neither a report id")]
    [InlineData("12345", "is neither a report id")]
    public void A_string_that_is_neither_an_id_nor_a_hash_is_refused_with_what_to_give(string text, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => ReportInput.FromObject(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inputs_are_normalized_and_other_objects_are_refused()
    {
        var upper = new string('A', 64);
        var hash = ReportInput.FromObject(upper, 160);
        Assert.Equal(ReportInputKind.Sha256, hash.Kind);
        Assert.Equal(upper.ToLowerInvariant(), hash.Value);
        Assert.Equal(160, hash.EnvironmentId);
        Assert.Equal(ReportInputKind.ReportId, ReportInput.FromObject(UnknownId).Kind);
        Assert.Contains("SHA-256 indicators only", Assert.Throws<ArgumentException>(() => ReportInput.FromObject(new ThreatQEntity("indicator", "FQDN", "a.example.invalid", null, null))).Message, StringComparison.Ordinal);
        Assert.Contains("(Int32) has no ReportId", Assert.Throws<ArgumentException>(() => ReportInput.FromObject(42)).Message, StringComparison.Ordinal);
        Assert.Contains("is not a report id", Assert.Throws<ArgumentException>(() => ReportInput.ForReportId("abc")).Message, StringComparison.Ordinal);
        Assert.Contains("The hash is MD5", Assert.Throws<ArgumentException>(() => ReportInput.ForSha256(upper, algorithm: "MD5")).Message, StringComparison.Ordinal);
        Assert.Equal(upper.ToLowerInvariant(), ReportInput.ForSha256(upper, algorithm: "sha256").Value);
    }
}
