using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace FalconX.Tests.Emulator;

public sealed class ReportEmulatorTests : EmulatorTestBase, IClassFixture<SharedEmulator>
{
    public ReportEmulatorTests(SharedEmulator shared)
        : base(shared)
    {
    }

    [Theory]
    [InlineData("FALCONX-MALICIOUS", "malicious", 70, 100)]
    [InlineData("FALCONX-SUSPICIOUS", "suspicious", 30, 69)]
    [InlineData("nothing special", "no specific threat", 0, 29)]
    public async Task Markers_in_the_file_choose_the_verdict_and_score(string marker, string verdict, int minScore, int maxScore)
    {
        var report = await ReportForAsync(Encoding.ASCII.GetBytes("MZ\0\0" + marker + "\0tail"));

        Assert.Equal(verdict, report["verdict"]!.GetValue<string>());
        var sandbox = report["sandbox"]![0]!;
        Assert.Equal(verdict, sandbox["verdict"]!.GetValue<string>());
        Assert.InRange(sandbox["threat_score"]!.GetValue<int>(), minScore, maxScore);
    }

    [Theory]
    [InlineData("harmless notes\n", "notes.exe", "ASCII text", "text")]
    [InlineData("%PDF-1.4\n1 0 obj FALCONX-MALICIOUS", "invoice.exe", "PDF document, version 1.4", "pdf")]
    [InlineData("#!/bin/sh\ncurl x | sh FALCONX-SUSPICIOUS\n", "update", "POSIX shell script, ASCII text executable", "script")]
    public async Task The_file_type_in_the_report_follows_the_bytes_not_the_name(string content, string name, string fileType, string shortType)
    {
        var report = await ReportForAsync(Encoding.ASCII.GetBytes(content), 160, name);

        var sandbox = report["sandbox"]![0]!;
        Assert.Equal(fileType, sandbox["file_type"]!.GetValue<string>());
        Assert.Equal(shortType, sandbox["file_type_short"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_marker_split_across_read_chunks_is_still_found()
    {
        var content = new byte[(64 * 1024) + 100];
        Encoding.ASCII.GetBytes("FALCONX-MALICIOUS").CopyTo(content, (64 * 1024) - 8);

        var report = await ReportForAsync(content);

        Assert.Equal("malicious", report["verdict"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_2026_shape_is_the_default_without_malquery_and_with_the_new_fields()
    {
        var report = await ReportForAsync(Encoding.ASCII.GetBytes("FALCONX-MALICIOUS 2026"), 160, "new.exe");

        Assert.Null(report["malquery"]);
        Assert.Equal("completed", report["ai_summary"]!["status"]!.GetValue<string>());
        Assert.Equal(report["id"]!.GetValue<string>(), report["ai_summary"]!["report_id"]!.GetValue<string>());
        Assert.True(report["has_recording"]!.GetValue<bool>());
        Assert.Equal("sandbox", report["verdict_source"]!.GetValue<string>());
        Assert.False(report["sandbox"]![0]!["is_certificates_valid"]!.GetValue<bool>());

        Server.Faults.ReportShape = "2023";
        var old = await ReportForAsync(Encoding.ASCII.GetBytes("FALCONX-MALICIOUS 2023"), 160, "old.exe");
        Assert.NotEmpty(old["malquery"]!.AsArray());
        Assert.Null(old["ai_summary"]);
        Assert.Null(old["sandbox"]![0]!["is_certificates_valid"]);
        Assert.Throws<ArgumentException>(() => Server.Faults.ReportShape = "2024");
    }

    [Fact]
    public async Task Full_report_has_the_shape_of_the_seed_report()
    {
        // The seed report (the ThreatQ guide's) is of the 2023 schema, with malquery.
        Server.Faults.ReportShape = "2023";
        var report = await ReportForAsync(Encoding.ASCII.GetBytes("FALCONX-MALICIOUS sample"), 100, "trojan.exe");
        var seed = JsonNode.Parse(await System.IO.File.ReadAllTextAsync(TestPaths.Fixture("seed-report.json")))!["resources"]![0]!.AsObject();

        foreach (var (name, _) in seed)
        {
            if (name != "intel")
            {
                Assert.True(report.ContainsKey(name), $"report lacks '{name}'");
            }
        }

        var seedSandbox = seed["sandbox"]![0]!.AsObject();
        var sandbox = report["sandbox"]![0]!.AsObject();
        foreach (var (name, _) in seedSandbox)
        {
            if (name is not ("file_metadata" or "file_imports"))
            {
                Assert.True(sandbox.ContainsKey(name), $"sandbox lacks '{name}'");
            }
        }

        Assert.Equal(8, report.Count(p => p.Key.StartsWith("ioc_report_", StringComparison.Ordinal)));
        Assert.Matches("^[0-9a-f]{64}$", sandbox["pcap_report_artifact_id"]!.GetValue<string>());
        Assert.NotEmpty(sandbox["screenshots_artifact_ids"]!.AsArray());
        Assert.NotEmpty(sandbox["memory_dumps"]!.AsArray());
        Assert.Equal("file", sandbox["submission_type"]!.GetValue<string>());
        Assert.Equal("trojan.exe", sandbox["submit_name"]!.GetValue<string>());
        Assert.Equal("Windows 7 32 bit", sandbox["environment_description"]!.GetValue<string>());
        Assert.Contains(report["malquery"]!.AsArray(), m => m!["verdict"]!.GetValue<string>() == "whitelisted");
        var withResources = report["malquery"]!.AsArray().First(m => m!["resources"] is not null)!["resources"]![0]!;
        Assert.Matches("^[0-9a-f]{64}$", withResources["sha256"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{40}$", withResources["sha1"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{32}$", withResources["md5"]!.GetValue<string>());
        Assert.NotEmpty(report["threat_graph"]!["indicators"]!.AsArray());
    }

    [Fact]
    public async Task Network_data_mixes_public_private_loopback_and_ipv6_addresses()
    {
        var report = await ReportForAsync(Encoding.ASCII.GetBytes("FALCONX-SUSPICIOUS"));
        var hosts = report["sandbox"]![0]!["contacted_hosts"]!.AsArray().Select(h => h!["address"]!.GetValue<string>()).ToList();

        Assert.Contains(hosts, h => h.StartsWith("10.", StringComparison.Ordinal));
        Assert.Contains(hosts, h => h.StartsWith("192.168.", StringComparison.Ordinal));
        Assert.Contains("127.0.0.1", hosts);
        Assert.Contains(hosts, h => h.Contains(':', StringComparison.Ordinal));
        Assert.Contains(hosts, h => System.Net.IPAddress.TryParse(h, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            && !h.StartsWith("10.", StringComparison.Ordinal) && !h.StartsWith("192.168.", StringComparison.Ordinal)
            && !h.StartsWith("127.", StringComparison.Ordinal) && !h.StartsWith("169.254.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Same_sample_and_environment_give_the_same_report_apart_from_ids_and_times()
    {
        var content = Encoding.ASCII.GetBytes("FALCONX-MALICIOUS determinism");
        var first = await ReportForAsync(content);
        var second = await ReportForAsync(content);
        var otherEnvironment = await ReportForAsync(content, 110);

        static string Stable(JsonObject report)
        {
            var copy = report.DeepClone().AsObject();
            foreach (var volatileField in new[] { "id", "created_timestamp", "index_timestamp" })
            {
                copy.Remove(volatileField);
            }

            // The 2026 AI summary names the report and its times too.
            if (copy["ai_summary"] is JsonObject summary)
            {
                summary.Remove("report_id");
                summary.Remove("updated_at");
                summary.Remove("version_timestamp");
            }

            return copy.ToJsonString();
        }

        Assert.NotEqual(first["id"]!.GetValue<string>(), second["id"]!.GetValue<string>());
        Assert.Equal(Stable(first), Stable(second));
        Assert.NotEqual(Stable(first), Stable(otherEnvironment));
    }

    [Fact]
    public async Task Report_id_equals_submission_id_and_created_time_matches()
    {
        Server.Faults.SubmissionDelayMs = 0;
        using var submitted = await SendAsync(HttpMethod.Post, "/falconx/entities/submissions/v1",
            JsonContent($"{{\"sandbox\":[{{\"sha256\":\"{await UploadAsync([1])}\",\"environment_id\":160}}]}}"));
        var submission = (await ReadJsonAsync(submitted))["resources"]![0]!;
        var id = submission["id"]!.GetValue<string>();

        using var response = await GetAsync("/falconx/entities/reports/v1?ids=" + id);
        var report = (await ReadJsonAsync(response))["resources"]![0]!;

        Assert.Equal(id, report["id"]!.GetValue<string>());
        Assert.Equal(submission["created_timestamp"]!.GetValue<string>(), report["created_timestamp"]!.GetValue<string>());
    }

    [Fact]
    public async Task Url_submissions_use_markers_in_the_url_and_page_url_type()
    {
        Server.Faults.SubmissionDelayMs = 0;
        var id = await SubmitAsync(null, 160, "https://evil.invalid/falconx-malicious/login");

        using var response = await GetAsync("/falconx/entities/reports/v1?ids=" + id);
        var report = (await ReadJsonAsync(response))["resources"]![0]!;

        Assert.Equal("malicious", report["verdict"]!.GetValue<string>());
        Assert.Equal("page_url", report["sandbox"]![0]!["submission_type"]!.GetValue<string>());
        // As real URL reports: the URL defanged, no submit_name.
        Assert.Equal("hxxps://evil[.]invalid/falconx-malicious/login", report["sandbox"]![0]!["submit_url"]!.GetValue<string>());
        Assert.Null(report["sandbox"]![0]!["submit_name"]);
    }

    [Fact]
    public async Task Error_report_holds_only_the_error()
    {
        var report = await ReportForAsync(Encoding.ASCII.GetBytes("FALCONX-ERROR"));
        var sandbox = report["sandbox"]![0]!.AsObject();

        Assert.Equal("FILE_TYPE_BAD_ERROR", sandbox["error_type"]!.GetValue<string>());
        Assert.Equal("CLIENT", sandbox["error_origin"]!.GetValue<string>());
        Assert.False(sandbox.ContainsKey("contacted_hosts"));
        Assert.False(report.ContainsKey("ioc_report_strict_csv_artifact_id"));
    }

    [Fact]
    public async Task Unfinished_reports_are_not_found_yet_and_summaries_match_reports()
    {
        Server.Faults.SubmissionDelayMs = 60_000;
        var pending = await SubmitAsync(await UploadAsync([3, 1, 4]));
        using var notReady = await GetAsync("/falconx/entities/reports/v1?ids=" + pending);
        Assert.Equal(HttpStatusCode.NotFound, notReady.StatusCode);
        AssertError(await ReadJsonAsync(notReady), 404, "not ready");

        var report = await ReportForAsync(Encoding.ASCII.GetBytes("FALCONX-SUSPICIOUS summary"));
        var id = report["id"]!.GetValue<string>();
        using var summaryResponse = await GetAsync("/falconx/entities/report-summaries/v1?ids=" + id);
        var summary = (await ReadJsonAsync(summaryResponse))["resources"]![0]!;

        Assert.Equal(report["verdict"]!.GetValue<string>(), summary["verdict"]!.GetValue<string>());
        Assert.Equal(report["sandbox"]![0]!["threat_score"]!.GetValue<int>(), summary["sandbox"]![0]!["threat_score"]!.GetValue<int>());
        Assert.Equal(report["ioc_report_broad_json_artifact_id"]!.GetValue<string>(), summary["ioc_report_broad_json_artifact_id"]!.GetValue<string>());
        Assert.Null(summary["sandbox"]![0]!["processes"]);
    }

    [Fact]
    public async Task Query_reports_filters_by_verdict_and_skips_unfinished_submissions()
    {
        var malicious = (await ReportForAsync(Encoding.ASCII.GetBytes("FALCONX-MALICIOUS q")))["id"]!.GetValue<string>();
        await ReportForAsync(Encoding.ASCII.GetBytes("clean q"));
        Server.Faults.SubmissionDelayMs = 60_000;
        await SubmitAsync(await UploadAsync(Encoding.ASCII.GetBytes("FALCONX-MALICIOUS pending")));

        using var all = await GetAsync("/falconx/queries/reports/v1");
        using var filtered = await GetAsync("/falconx/queries/reports/v1?filter=verdict:'malicious'");

        Assert.Equal(2, (await ReadJsonAsync(all))["meta"]!["pagination"]!["total"]!.GetValue<long>());
        Assert.Equal(malicious, Assert.Single((await ReadJsonAsync(filtered))["resources"]!.AsArray())!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_report_hides_it_from_gets_and_queries()
    {
        var id = (await ReportForAsync(Encoding.ASCII.GetBytes("to delete")))["id"]!.GetValue<string>();

        using var deleted = await SendAsync(HttpMethod.Delete, "/falconx/entities/reports/v1?ids=" + id);
        using var again = await SendAsync(HttpMethod.Delete, "/falconx/entities/reports/v1?ids=" + id);
        using var get = await GetAsync("/falconx/entities/reports/v1?ids=" + id);
        using var query = await GetAsync("/falconx/queries/reports/v1");
        using var noIds = await SendAsync(HttpMethod.Delete, "/falconx/entities/reports/v1");

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Equal(id, (await ReadJsonAsync(deleted))["resources"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Empty((await ReadJsonAsync(query))["resources"]!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, noIds.StatusCode);
    }
}
