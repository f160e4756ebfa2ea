using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using FalconX.Models;

namespace FalconX.Tests.Models;

public sealed class ReportParserTests
{
    private const string SeedId = "ace79a13936f4ec8ad4de36606814bfc_9026dc9993a940c1b5e0a2a320de2307";
    private const string SeedSha256 = "4e87a0794bf73d06ac1ce4a37e33eb832ff4c89fb9e4266490c7cef9229d27a7";

    [Fact]
    public void Reads_the_guide_sample_response_top_level_fields()
    {
        var reports = ReportParser.ParseReportsResponse(SeedFixtures.ReportResponse);

        var report = Assert.Single(reports);
        Assert.Equal(SeedId, report.ReportId);
        Assert.Equal("ace79a13936f4ec8ad4de36606814bfc", report.Cid);
        Assert.Equal(new DateTimeOffset(2020, 9, 17, 15, 25, 12, TimeSpan.Zero), report.CreatedAt);
        Assert.Equal("apigateway", report.Origin);
        Assert.Equal("malicious", report.Verdict);
        Assert.Equal(99, report.ThreatScore);
        Assert.Equal(100, report.EnvironmentId);
        Assert.Equal("Windows 7 32 bit", report.EnvironmentDescription);
        Assert.Equal("PE32 executable (GUI) Intel 80386, for MS Windows", report.FileType);
        Assert.Equal("trojan_ponystealer", report.SubmitName);
        Assert.Equal("file", report.SubmissionType);
        Assert.Equal(SeedSha256, report.Sha256);
        Assert.False(report.IsUrlSubmission);
        Assert.False(report.HasError);
        Assert.Null(report.ErrorType);
        Assert.Null(report.ConsoleUrl);
        Assert.Empty(report.UserTags);
    }

    [Fact]
    public void Tags_are_the_report_tags_then_the_classification_tags_not_already_there()
    {
        var report = ReportParser.ParseReport(SeedFixtures.Report);

        Assert.Equal(new[] { "informationstealer", "kpotstealer", "occamy", "iframeref", "criminal" }, report.ReportTags);
        Assert.Equal(new[] { "criminal", "informationstealer", "kpotstealer" }, report.ClassificationTags);
        Assert.Equal(new[] { "informationstealer", "kpotstealer", "occamy", "iframeref", "criminal" }, report.Tags);

        var other = ReportParser.ParseReport("""{"id":"a_b","tags":["x"],"sandbox":[{"classification_tags":["X","y"]}]}""");
        Assert.Equal(new[] { "x", "y" }, other.Tags);
    }

    [Fact]
    public void Reads_every_artifact_id()
    {
        var report = ReportParser.ParseReport(SeedFixtures.Report);

        Assert.Equal("cb1aed69e6f4b1ebd2c59ad4470353328e103ef99013094cb823cfee3d63e1b4", report.IocStrictCsvArtifactId);
        Assert.Equal("5f47aa91082a5f534007a766b675debe41f03ede9da75126fd0956e15bd6973c", report.IocBroadCsvArtifactId);
        Assert.Equal("584089ced7394f0304b12cc432e0c123f9775ae607ba2afeb5ce093cb969b9e3", report.IocStrictJsonArtifactId);
        Assert.Equal("9eb0acde3ac1e75f91e880fb924e4b93126b54709b8e1dbb4a87727d1e591260", report.IocBroadJsonArtifactId);
        Assert.Equal("f62cab644b83372efa7ba2e20042ba798b05c6694b78e14f53aed5116b071ad5", report.IocStrictStixArtifactId);
        Assert.Equal("87c6f4802fa4eaa85b33d6c707ebb9c879b36639e6a9d7ca9ec0824ce7420ac9", report.IocBroadStixArtifactId);
        Assert.Equal("fff4482b39642d93e3a07071ed6c2243bb506be5745ebf0f73d7b9e5187928b8", report.IocStrictMaecArtifactId);
        Assert.Equal("c200269ffaca437fbe8b8b43977f87441ae0fec317e5512f7a567ef1e1c3e015", report.IocBroadMaecArtifactId);
        Assert.Equal("55c83b8e854766d3988fd9cc514f0c5f20d5b926d672c2ce7704eda866d6918e", report.PcapArtifactId);
        Assert.Equal("9d09b343414be8031ba6aabc5fd5d025b12d8276c53e740370c26fef7bb4e087", report.MemoryStringsArtifactId);
        Assert.Equal(3, report.ScreenshotArtifactIds.Count);
        Assert.Null(report.MemoryDumpsArtifactId);
        Assert.Empty(report.MemoryDumps);

        Assert.Equal(
            new[] { "IocStrictCsv", "IocStrictJson", "IocStrictStix", "IocStrictMaec", "IocBroadCsv", "IocBroadJson", "IocBroadStix", "IocBroadMaec", "Pcap", "MemoryStrings", "Screenshot", "Screenshot", "Screenshot" },
            report.Artifacts.Select(a => a.Kind));
        Assert.All(report.Artifacts, a => Assert.Equal(SeedId, a.ReportId));
    }

    [Fact]
    public void Reads_the_sandbox_details_into_typed_objects()
    {
        var run = Assert.Single(ReportParser.ParseReport(SeedFixtures.Report).Sandbox);

        Assert.Equal(786432, run.FileSize);
        Assert.Equal(new[] { "peexe", "executable" }, run.FileTypeShort);
        Assert.Equal(5, run.Classification.Count);
        Assert.Equal("32 Bit", run.Architecture);
        Assert.Equal(5, run.SampleFlags.Count);

        var incident = Assert.Single(run.Incidents);
        Assert.Equal("Remote Access", incident.Name);
        Assert.Equal("Reads terminal service related keys (often RDP related)", Assert.Single(incident.Details));

        var dns = Assert.Single(run.DnsRequests);
        Assert.Equal(("ajax.googleapis.com", "172.217.9.138", "United States"), (dns.Domain, dns.Address, dns.Country));

        var host = Assert.Single(run.ContactedHosts);
        Assert.Equal(("172.217.5.14", 443, "TCP"), (host.Address, host.Port, host.Protocol));
        var runtime = Assert.Single(host.AssociatedRuntime);
        Assert.Equal(("iexplore.exe", 2424), (runtime.Name, runtime.Pid));

        var http = Assert.Single(run.HttpRequests);
        Assert.Equal(("seeyouonlineservice.com", "173.239.5.6", 80, "/config.php", "GET"), (http.Host, http.HostIp, http.HostPort, http.Url, http.Method));
        Assert.StartsWith("GET /config.php HTTP/1.1\n", http.Header, StringComparison.Ordinal);

        var file = Assert.Single(run.ExtractedFiles);
        Assert.Equal("Kip1.exe", file.Name);
        Assert.Equal("%ALLUSERSPROFILE%\\Kip1.exe", file.FilePath);
        Assert.Equal("ca11b8ffbc782df697f34a26df930970b1ced2efbf89a34c506ae80a1cdc43bf", file.Sha256);
        Assert.Equal("70df9df1ffe20e7eac54e424c2e76242696904d2", file.Sha1);
        Assert.Equal("b211348f8784ea450e1364c053046a6c", file.Md5);
        Assert.Null(file.ThreatLevel);
        Assert.Equal("no specific threat", file.ThreatLevelReadable);
        Assert.Equal(0, file.EffectiveThreatLevel);

        var signature = Assert.Single(run.Signatures);
        Assert.Equal(("mutant-0", 4, 3, "informative"), (signature.Identifier, signature.Type, signature.Relevance, signature.ThreatLevelHuman));

        var process = Assert.Single(run.Processes);
        Assert.Equal(("schtasks.exe", 3312, "00152739-00003312"), (process.Name, process.Pid, process.Uid));
        Assert.Equal(2, process.Mutants.Count);
        Assert.True(process.AdditionalProperties.ContainsKey("registry"));
        Assert.True(process.AdditionalProperties.ContainsKey("handles"));

        Assert.Equal(8, run.MitreAttacks.Count);
        var injection = run.MitreAttacks[2];
        Assert.Equal(("Privilege Escalation", "Process Injection", "T1055"), (injection.Tactic, injection.Technique, injection.AttackId));
        Assert.Equal(2, injection.MaliciousIdentifiers.Count);
        Assert.True(injection.IsMaliciousOrSuspicious);
        Assert.False(run.MitreAttacks[0].IsMaliciousOrSuspicious);
    }

    [Fact]
    public void Keeps_untyped_sandbox_fields_as_plain_values()
    {
        var run = ReportParser.ParseReport(SeedFixtures.Report).Sandbox[0];

        Assert.Equal("Windows 7", run.AdditionalProperties["windows_version_name"]);
        Assert.Equal(32L, run.AdditionalProperties["windows_version_bitness"]);
        var metadata = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(run.AdditionalProperties["file_metadata"]);
        var analysis = Assert.IsAssignableFrom<IReadOnlyList<object?>>(metadata["file_analysis"]);
        Assert.Equal("File contains Visual Basic code", analysis[0]);
        var strings = Assert.IsAssignableFrom<IReadOnlyList<object?>>(run.AdditionalProperties["extracted_interesting_strings"]);
        Assert.Equal(2, strings.Count);
        Assert.False(run.AdditionalProperties.ContainsKey("sha256"));
    }

    [Fact]
    public void Reads_malquery_and_threat_graph()
    {
        var report = ReportParser.ParseReport(SeedFixtures.Report);

        Assert.Equal(3, report.MalQuery.Count);
        Assert.Equal(("unknown", "7.14.22.69", "ip"), (report.MalQuery[0].Verdict, report.MalQuery[0].Input, report.MalQuery[0].Type));
        var resource = Assert.Single(report.MalQuery[0].Resources);
        Assert.Equal("009609f749677e0dfd71efd4cadfa91c41738bc304f34b235514be3e9731ab93", resource.Sha256);
        Assert.Equal("43f72c02249131f3890915d983f8d5ddd080080f", resource.Sha1);
        Assert.Equal("7a1a988de1c9d8fc6ef69be1d032e1c4", resource.Md5);
        Assert.Equal(("unknown", 65536L, "TEXT"), (resource.Label, resource.FileSize, resource.FileType));
        Assert.Equal(new DateTimeOffset(2020, 9, 10, 0, 0, 0, TimeSpan.Zero), resource.FirstSeen);
        Assert.Equal("whitelisted", report.MalQuery[1].Verdict);
        Assert.Empty(report.MalQuery[1].Resources);

        var indicator = Assert.Single(report.ThreatGraphIndicators);
        Assert.Equal(("sha256", "common"), (indicator.Type, indicator.GlobalPrevalence));
        Assert.Empty(report.AdditionalProperties);
    }

    [Theory]
    [InlineData("160", 160)]
    [InlineData("100", 100)]
    [InlineData(" 110 ", 110)]
    [InlineData("160.0", 160)]
    public void Accepts_environment_id_as_number_or_string(string raw, int expected)
    {
        var quoted = ReportParser.ParseReport($$"""{"id":"a_b","sandbox":[{"environment_id":"{{raw}}"}]}""");
        Assert.Equal(expected, quoted.EnvironmentId);

        if (!raw.Contains(' ', StringComparison.Ordinal))
        {
            var number = ReportParser.ParseReport($$"""{"id":"a_b","sandbox":[{"environment_id":{{raw}}}]}""");
            Assert.Equal(expected, number.EnvironmentId);
        }
    }

    [Fact]
    public void Numbers_sent_as_strings_and_strings_sent_as_numbers_are_read()
    {
        var report = ReportParser.ParseReport("""{"id":12345,"sandbox":[{"threat_score":"70","file_size":"1024","sha256":"ab"}]}""");

        Assert.Equal("12345", report.ReportId);
        Assert.Equal(70, report.ThreatScore);
        Assert.Equal(1024, report.Sandbox[0].FileSize);
    }

    [Fact]
    public void A_value_of_the_wrong_shape_is_kept_in_AdditionalProperties_not_lost()
    {
        var report = ReportParser.ParseReport("""{"id":"a_b","sandbox":"broken","created_timestamp":"yesterday","malquery":[1,2]}""");

        Assert.Empty(report.Sandbox);
        Assert.Null(report.CreatedAt);
        Assert.Equal("broken", report.AdditionalProperties["sandbox"]);
        Assert.Equal("yesterday", report.AdditionalProperties["created_timestamp"]);
        Assert.Equal(new object?[] { 1L, 2L }, (IEnumerable)report.AdditionalProperties["malquery"]!);

        var run = ReportParser.ParseReport("""{"id":"a_b","sandbox":[{"threat_score":"high","dns_requests":{"domain":"x.example"}}]}""").Sandbox[0];
        Assert.Null(run.ThreatScore);
        Assert.Equal("high", run.AdditionalProperties["threat_score"]);
        Assert.Equal("x.example", Assert.Single(run.DnsRequests).Domain);
    }

    [Fact]
    public void Unknown_fields_become_plain_dotnet_values()
    {
        var report = ReportParser.ParseReport("""
            {"id":"a_b","ai_summary":{"status":"done","version":3},"future":[1,2.5,"x",null,true,{"k":[]}],"aid":"f00"}
            """);

        Assert.Equal("f00", report.Aid);
        var summary = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(report.AdditionalProperties["ai_summary"]);
        Assert.Equal("done", summary["status"]);
        Assert.Equal(3L, summary["version"]);
        var future = Assert.IsAssignableFrom<IReadOnlyList<object?>>(report.AdditionalProperties["future"]);
        Assert.Equal(1L, future[0]);
        Assert.Equal(2.5, future[1]);
        Assert.Equal("x", future[2]);
        Assert.Null(future[3]);
        Assert.Equal(true, future[4]);
        var nested = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(future[5]);
        Assert.Empty(Assert.IsAssignableFrom<IReadOnlyList<object?>>(nested["k"]));
    }

    [Fact]
    public void Nulls_and_missing_fields_read_as_absent()
    {
        var report = ReportParser.ParseReport("""
            {"id":"a_b","cid":null,"created_timestamp":null,"verdict":null,"tags":null,"sandbox":null,"malquery":null,"threat_graph":null}
            """);

        Assert.Equal("a_b", report.ReportId);
        Assert.Null(report.Cid);
        Assert.Null(report.CreatedAt);
        Assert.Null(report.Verdict);
        Assert.Empty(report.Tags);
        Assert.Empty(report.Sandbox);
        Assert.Empty(report.MalQuery);
        Assert.Empty(report.AdditionalProperties);
        Assert.Null(report.Sha256);
        Assert.Null(report.ThreatScore);
        Assert.False(report.HasError);
        Assert.Empty(report.Artifacts);
    }

    [Fact]
    public void An_empty_sandbox_list_is_a_report_with_no_detonation()
    {
        var report = ReportParser.ParseReport("""{"id":"a_b","verdict":"no verdict","sandbox":[]}""");

        Assert.Empty(report.Sandbox);
        Assert.Equal("no verdict", report.Verdict);
        Assert.False(report.IsUrlSubmission);
    }

    [Fact]
    public void Reads_an_error_only_report()
    {
        var report = ReportParser.ParseReport("""
            {"id":"a_b","verdict":"no verdict","sandbox":[{"environment_id":160,"submit_name":"x.bin",
             "error_type":"FILE_TYPE_BAD_ERROR","error_message":"File type is not supported","error_origin":"CLIENT"}]}
            """);

        Assert.True(report.HasError);
        Assert.True(report.Sandbox[0].HasError);
        Assert.Equal("FILE_TYPE_BAD_ERROR", report.ErrorType);
        Assert.Equal("File type is not supported", report.ErrorMessage);
        Assert.Equal("CLIENT", report.ErrorOrigin);
        Assert.Null(report.Sha256);
    }

    [Theory]
    [InlineData("page_url", null, true)]
    [InlineData("file_url", null, true)]
    [InlineData("file", null, false)]
    [InlineData(null, "https://example.com/", true)]
    [InlineData(null, null, false)]
    public void Tells_url_submissions_from_file_submissions(string? submissionType, string? submitUrl, bool expected)
    {
        var fields = new List<string>();
        if (submissionType is not null)
        {
            fields.Add($"\"submission_type\":\"{submissionType}\"");
        }

        if (submitUrl is not null)
        {
            fields.Add($"\"submit_url\":\"{submitUrl}\"");
        }

        var report = ReportParser.ParseReport("{\"id\":\"a_b\",\"sandbox\":[{" + string.Join(",", fields) + "}]}");

        Assert.Equal(expected, report.IsUrlSubmission);
        Assert.Equal(submitUrl, report.SubmitUrl);
    }

    [Theory]
    [InlineData("2020-09-17T15:25:12Z", "2020-09-17T15:25:12+00:00")]
    [InlineData("2020-09-17T17:25:12+02:00", "2020-09-17T15:25:12+00:00")]
    [InlineData("2020-09-17T15:25:12", "2020-09-17T15:25:12+00:00")]
    [InlineData("2020-09-17T15:25:12.5Z", "2020-09-17T15:25:12.5+00:00")]
    public void Reads_timestamps_with_or_without_zone(string raw, string expected)
    {
        var report = ReportParser.ParseReport($$"""{"id":"a_b","created_timestamp":"{{raw}}"}""");

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), report.CreatedAt);
    }

    [Theory]
    [InlineData("not json at all", "not valid JSON")]
    [InlineData("{\"id\": ", "not valid JSON")]
    [InlineData("   ", "empty")]
    [InlineData("\"a string\"", "got a JSON string")]
    [InlineData("42", "got a JSON number")]
    [InlineData("[{\"id\":\"a_b\"}]", "list")]
    [InlineData("{\"name\":\"x\",\"size\":3}", "not a Falcon X report")]
    [InlineData("{}", "it is empty")]
    public void Input_that_is_not_one_report_is_a_FormatException_that_says_why(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => ReportParser.ParseReport(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_a_report_message_names_the_fields_found()
    {
        var error = Assert.Throws<FormatException>(() => ReportParser.ParseReport("{\"name\":\"x\",\"size\":3}"));

        Assert.Contains("name, size", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_of_a_file_read_without_Raw_gets_a_hint()
    {
        var error = Assert.Throws<FormatException>(() => ReportParser.ParseReport("  \"id\": \"abc\","));

        Assert.Contains("Get-Content", error.Message, StringComparison.Ordinal);
        Assert.Contains("-Raw", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_response_or_a_submission_given_as_one_report_is_refused_with_the_way_out()
    {
        var response = Assert.Throws<FormatException>(() => ReportParser.ParseReport(SeedFixtures.ReportResponse));
        Assert.Contains("API response holding 1 report", response.Message, StringComparison.Ordinal);
        Assert.Contains("ParseReports", response.Message, StringComparison.Ordinal);

        var submission = SeedFixtures.Read("seed-submission.json");
        var error = Assert.Throws<FormatException>(() => ReportParser.ParseReports(submission));
        Assert.Contains("submission", error.Message, StringComparison.Ordinal);
        Assert.Contains("resources[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_of_report_ids_is_refused_with_the_way_to_the_reports()
    {
        var error = Assert.Throws<FormatException>(() => ReportParser.ParseReports(SeedFixtures.Read("seed-query-reports.json")));

        Assert.Contains("ace79a13936f4ec8ad4de36606814bfc_3f51f9d65ea34f348c1d70b5d2a54f98", error.Message, StringComparison.Ordinal);
        Assert.Contains("is a report id", error.Message, StringComparison.Ordinal);
        Assert.Contains("Get-FalconXReport", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseReports_takes_a_report_a_list_or_a_response()
    {
        var one = SeedFixtures.Report;

        Assert.Single(ReportParser.ParseReports(one));
        Assert.Single(ReportParser.ParseReports(SeedFixtures.ReportResponse));
        Assert.Equal(3, ReportParser.ParseReports("[" + one + "," + one + "," + one + "]").Count);
        Assert.Empty(ReportParser.ParseReports("[]"));
    }

    [Fact]
    public void ParseReports_names_the_bad_item_of_a_list()
    {
        var error = Assert.Throws<FormatException>(() => ReportParser.ParseReports("[" + SeedFixtures.Report + ", 7]"));

        Assert.Contains("[1]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_response_with_only_errors_says_what_the_api_reported()
    {
        const string json = """{"meta":{"trace_id":"t"},"resources":[],"errors":[{"code":404,"message":"report not found"}]}""";

        var error = Assert.Throws<FormatException>(() => ReportParser.ParseReportsResponse(json));
        Assert.Contains("404 report not found", error.Message, StringComparison.Ordinal);

        Assert.Empty(ReportParser.ParseReportsResponse("""{"meta":{},"resources":null,"errors":[]}"""));
        Assert.Throws<FormatException>(() => ReportParser.ParseReportsResponse("""{"id":"a_b"}"""));
    }

    [Fact]
    public void Reads_reports_given_as_plain_dotnet_values()
    {
        var fields = new Dictionary<string, object?>
        {
            ["id"] = "a_b",
            // ConvertFrom-Json hands timestamps over as DateTime values.
            ["created_timestamp"] = new DateTime(2020, 9, 17, 15, 25, 12, DateTimeKind.Utc),
            ["sandbox"] = new object?[]
            {
                new Hashtable { ["sha256"] = SeedSha256, ["environment_id"] = 160L, ["threat_score"] = 99, ["classification_tags"] = new object?[] { "criminal" } },
            },
            ["unknown"] = 1.5m,
        };

        var report = Assert.Single(ReportParser.ParseReports(fields));

        Assert.Equal("a_b", report.ReportId);
        Assert.Equal(new DateTimeOffset(2020, 9, 17, 15, 25, 12, TimeSpan.Zero), report.CreatedAt);
        Assert.Equal(SeedSha256, report.Sha256);
        Assert.Equal(160, report.EnvironmentId);
        Assert.Equal(99, report.ThreatScore);
        Assert.Equal(new[] { "criminal" }, report.ClassificationTags);
        Assert.Equal(1.5, report.AdditionalProperties["unknown"]);
    }

    [Fact]
    public void Reads_a_response_given_as_plain_dotnet_values()
    {
        var fields = new Dictionary<string, object?>
        {
            ["meta"] = new Dictionary<string, object?> { ["trace_id"] = "t" },
            ["resources"] = new object?[] { new Dictionary<string, object?> { ["id"] = "a_1" }, new Dictionary<string, object?> { ["id"] = "a_2" } },
            ["errors"] = Array.Empty<object?>(),
        };

        Assert.Equal(new[] { "a_1", "a_2" }, ReportParser.ParseReports(fields).Select(r => r.ReportId));
        Assert.Throws<FormatException>(() => ReportParser.ParseReports(new Dictionary<string, object?> { ["colour"] = "blue" }));
    }

    [Fact]
    public void Reads_summaries()
    {
        const string json = """
            {"meta":{"trace_id":"t"},"resources":[{"id":"a_b","cid":"a","created_timestamp":"2024-01-02T03:04:05Z","origin":"uiproxy",
             "verdict":"suspicious","tags":["t1"],"user_tags":["case-42"],"intel":[{"actors":[]}],
             "ioc_report_strict_csv_artifact_id":"c1",
             "sandbox":[{"sha256":"4e87a0794bf73d06ac1ce4a37e33eb832ff4c89fb9e4266490c7cef9229d27a7","environment_id":"160",
               "environment_description":"Windows 10 64 bit","verdict":"suspicious","threat_score":55,"submission_type":"file",
               "classification_tags":["loader"],"sample_flags":["Network Traffic"]}]}],"errors":[]}
            """;

        var summary = Assert.Single(ReportParser.ParseSummariesResponse(json));

        Assert.IsType<FalconXReportSummary>(summary);
        Assert.Equal(("a_b", "uiproxy", "suspicious", 55, 160), (summary.ReportId, summary.Origin, summary.Verdict, summary.ThreatScore, summary.EnvironmentId));
        Assert.Equal(new[] { "case-42" }, summary.UserTags);
        Assert.Equal(new[] { "t1", "loader" }, summary.Tags);
        Assert.Equal("c1", summary.IocStrictCsvArtifactId);
        Assert.True(summary.AdditionalProperties.ContainsKey("intel"));
        Assert.Empty(summary.Sandbox[0].DnsRequests);

        var single = ReportParser.ParseSummary("""{"id":"a_c","verdict":"malicious"}""");
        Assert.Equal("malicious", single.Verdict);
        var error = Assert.Throws<FormatException>(() => ReportParser.ParseSummary("[]"));
        Assert.Contains("report summary", error.Message, StringComparison.Ordinal);
    }
}
