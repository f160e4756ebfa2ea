using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using FalconX.Models;
using FalconX.Tests.Models;
using FalconX.ThreatQ;

namespace FalconX.Tests.ThreatQ;

public sealed class ThreatQMapperTests
{
    private const string SeedId = "ace79a13936f4ec8ad4de36606814bfc_9026dc9993a940c1b5e0a2a320de2307";
    private const string SampleSha256 = "4e87a0794bf73d06ac1ce4a37e33eb832ff4c89fb9e4266490c7cef9229d27a7";
    private const string SeedReportValue = ThreatQMapper.ReportValuePrefix + SeedId;

    private static JsonNode Seed() => JsonNode.Parse(SeedFixtures.Report)!;

    private static FalconXReport Parse(JsonNode node) => ReportParser.ParseReport(node.ToJsonString());

    private static IReadOnlyList<ThreatQEntity> Map(JsonNode node, ThreatQMappingOptions? options = null) =>
        new ThreatQMapper(options ?? new ThreatQMappingOptions()).Map(Parse(node));

    private static ThreatQEntity Find(IEnumerable<ThreatQEntity> entities, string type, string value) =>
        Assert.Single(entities, e => e.Type == type && e.Value == value);

    private static string[] Related(ThreatQEntity entity) =>
        entity.Relationships.Select(r => $"{r.Description}:{r.Type ?? r.ObjectType}:{r.Value}").ToArray();

    [Fact]
    public void Source_and_status_can_be_changed_for_every_entity()
    {
        var entities = Map(Seed(), new ThreatQMappingOptions { SourceName = "Falcon X (SOC)", IndicatorStatus = "Active", Include = ThreatQMappings.All });

        Assert.True(entities.Count > 8);
        Assert.All(entities, e => Assert.Equal(new[] { "Falcon X (SOC)" }, e.Sources));
        Assert.All(entities, e => Assert.Equal("Active", e.Status));
        Assert.Throws<ArgumentException>(() => new ThreatQMappingOptions { SourceName = " " });
        Assert.Throws<ArgumentException>(() => new ThreatQMappingOptions { IndicatorStatus = "" });
    }

    [Fact]
    public void Tags_given_in_the_options_go_on_every_entity_once()
    {
        var options = new ThreatQMappingOptions { Include = ThreatQMappings.All, MinimumThreatLevel = ExtractedFileThreatLevel.NoSpecificThreat };
        options.Tags.Add("case-42");
        options.Tags.Add("CASE-42");
        options.Tags.Add("falconx");

        var entities = Map(Seed(), options);

        Assert.Equal(19, entities.Count);
        Assert.All(entities, e => Assert.Equal(new[] { "case-42", "falconx" }, e.Tags));
        Assert.All(Map(Seed()), e => Assert.Empty(e.Tags));
    }

    [Fact]
    public void Every_entity_is_published_at_the_report_creation_time()
    {
        var entities = Map(Seed(), new ThreatQMappingOptions { Include = ThreatQMappings.All });

        Assert.All(entities, e => Assert.Equal(new DateTimeOffset(2020, 9, 17, 15, 25, 12, TimeSpan.Zero), e.PublishedAt));
    }

    [Theory]
    [InlineData(null, null, "falcon.crowdstrike.com")]
    [InlineData("falcon.eu-1.crowdstrike.com", null, "falcon.eu-1.crowdstrike.com")]
    [InlineData(null, "US-2", "falcon.us-2.crowdstrike.com")]
    [InlineData("falcon.laggar.gcw.crowdstrike.com", "US-2", "falcon.laggar.gcw.crowdstrike.com")]
    public void The_report_link_uses_the_chosen_cloud_else_the_report_own_else_US1(string? optionHost, string? reportCloud, string expectedHost)
    {
        var report = Parse(Seed());
        if (reportCloud is not null)
        {
            report.SetConsoleHost(FalconXReport.GetConsoleHost(reportCloud));
        }

        var entities = new ThreatQMapper(new ThreatQMappingOptions { ConsoleHost = optionHost }).Map(report);

        Assert.Equal(
            $"https://{expectedHost}/intelligence/sandbox/report/{SeedId}/report-summary",
            Assert.Single(entities[0].GetAttributeValues(ThreatQAttributeNames.ReportLink)));
    }

    [Fact]
    public void A_whitelisted_MalQuery_verdict_is_an_attribute_and_never_whitelists_anything()
    {
        var node = Seed();
        node["sandbox"]![0]!["verdict"] = "whitelisted";
        node["malquery"] = JsonNode.Parse($$"""
            [{"verdict":"whitelisted","input":"http://cdn.example.net","type":"url","resources":[
              {"sha256":"{{SampleSha256}}","sha1":"1111111111111111111111111111111111111111","md5":"22222222222222222222222222222222"},
              {"sha256":"3333333333333333333333333333333333333333333333333333333333333333"}]}]
            """);

        var entities = Map(node);

        var sample = Find(entities, "SHA-256", SampleSha256);
        Assert.Equal("Review", sample.Status);
        Assert.Empty(sample.GetAttributeValues(ThreatQAttributeNames.MalQueryVerdict));
        Assert.Equal(new[] { "whitelisted" }, entities[0].GetAttributeValues(ThreatQAttributeNames.Verdict));
        foreach (var (type, value) in new[] { ("SHA-1", "1111111111111111111111111111111111111111"), ("MD5", "22222222222222222222222222222222"), ("SHA-256", new string('3', 64)) })
        {
            var related = Find(entities, type, value);
            Assert.Equal("Review", related.Status);
            Assert.Equal(new[] { "whitelisted" }, related.GetAttributeValues(ThreatQAttributeNames.MalQueryVerdict));
            Assert.Equal(new[] { $"Related To:Report:{SeedReportValue}", $"Related To:SHA-256:{SampleSha256}" }, Related(related));
        }

        Assert.DoesNotContain(entities, e => e.Status == "Whitelisted");
    }

    [Fact]
    public void Network_maps_domains_addresses_and_urls_of_the_guide_sample()
    {
        var entities = Map(Seed(), new ThreatQMappingOptions { Include = ThreatQMappings.Network });

        var network = entities.Where(e => e.Type is "FQDN" or "IP Address" or "IPv6 Address" or "URL").Select(e => $"{e.Type} {e.Value}");
        Assert.Equal(
            new[] { "FQDN ajax.googleapis.com", "IP Address 172.217.9.138", "IP Address 172.217.5.14", "URL http://seeyouonlineservice.com/config.php" },
            network);
        foreach (var entity in entities.Where(e => e.Type is "FQDN" or "IP Address" or "URL"))
        {
            Assert.Equal(new[] { $"Related To:Report:{SeedReportValue}", $"Related To:SHA-256:{SampleSha256}" }, Related(entity));
            Assert.Empty(entity.Attributes);
        }

        Assert.Equal(12, entities.Count);
    }

    private static JsonNode NoisyNetworkReport()
    {
        var node = Seed();
        var run = node["sandbox"]![0]!;
        run["dns_requests"] = JsonNode.Parse("""
            [{"domain":"time.windows.com","address":"40.119.6.228"},
             {"domain":"evil-c2.net","address":"10.0.0.5"},
             {"domain":"WPAD","address":"192.168.1.1"},
             {"domain":"1.0.0.127.in-addr.arpa"},
             {"domain":"printer.local","address":"169.254.10.10"},
             {"domain":"Mixed.Case.COM.","address":"2606:4700:4700::1111"}]
            """);
        run["contacted_hosts"] = JsonNode.Parse("""
            [{"address":"8.8.8.8","port":53,"protocol":"UDP"},
             {"address":"8.8.8.8","port":443,"protocol":"TCP"},
             {"address":"fe80::1"},{"address":"::1"},{"address":"2001:db8::5"},
             {"address":"::ffff:192.168.0.9"},{"address":"::ffff:93.184.216.34"},
             {"address":"100.64.1.1"},{"address":"224.0.0.251"},{"address":"198.18.0.7"},
             {"address":"2A00:1450:4001:80B::200E"},{"address":"not-an-address"},{"address":"1.2.3"}]
            """);
        run["http_requests"] = JsonNode.Parse("""
            [{"host":"10.1.1.1","url":"/x","method":"GET"},
             {"host":"ctldl.windowsupdate.com","url":"/msdownload/a.cab","method":"GET"},
             {"host":"evil-c2.net","host_port":8080,"url":"/gate.php?id=1","method":"POST"},
             {"host":"Secure.Evil-C2.net","host_port":443,"url":"/a","method":"GET"}]
            """);
        return node;
    }

    [Fact]
    public void Network_leaves_out_private_and_reserved_addresses_and_sandbox_noise()
    {
        var entities = Map(NoisyNetworkReport(), new ThreatQMappingOptions { Include = ThreatQMappings.Network });

        var network = entities.Where(e => e.Type is "FQDN" or "IP Address" or "IPv6 Address" or "URL").Select(e => $"{e.Type} {e.Value}");
        Assert.Equal(
            new[]
            {
                "FQDN evil-c2.net",
                "FQDN mixed.case.com",
                "IPv6 Address 2606:4700:4700::1111",
                "IP Address 8.8.8.8",
                "IP Address 93.184.216.34",
                "IPv6 Address 2a00:1450:4001:80b::200e",
                "URL http://evil-c2.net:8080/gate.php?id=1",
                "URL https://secure.evil-c2.net/a",
            },
            network);
    }

    [Fact]
    public void Network_noise_is_kept_on_request()
    {
        var entities = Map(NoisyNetworkReport(), new ThreatQMappingOptions { Include = ThreatQMappings.Network, IncludeNoise = true });

        var values = entities.Select(e => $"{e.Type} {e.Value}").ToList();
        foreach (var expected in new[]
        {
            "FQDN time.windows.com", "IP Address 40.119.6.228", "IP Address 10.0.0.5", "IP Address 192.168.1.1",
            "FQDN 1.0.0.127.in-addr.arpa", "FQDN printer.local", "IPv6 Address fe80::1", "IPv6 Address ::1",
            "IPv6 Address 2001:db8::5", "IP Address 192.168.0.9", "IP Address 100.64.1.1", "IP Address 224.0.0.251",
            "URL http://10.1.1.1/x", "URL http://ctldl.windowsupdate.com/msdownload/a.cab",
        })
        {
            Assert.Contains(expected, values);
        }

        // Never an indicator, noise or not: a single-label name and text that is no address.
        Assert.DoesNotContain(values, v => v.EndsWith("WPAD", StringComparison.OrdinalIgnoreCase) || v.Contains("not-an-address", StringComparison.Ordinal) || v.EndsWith(" 1.2.3", StringComparison.Ordinal));
        Assert.Single(values, v => v == "IP Address 8.8.8.8");
    }

    [Fact]
    public void Extracted_files_are_filtered_by_threat_level()
    {
        // The sample's only extracted file is rated "no specific threat": the default (Suspicious) leaves it out.
        var byDefault = Map(Seed(), new ThreatQMappingOptions { Include = ThreatQMappings.ExtractedFiles });
        Assert.Equal(8, byDefault.Count);

        var everything = Map(Seed(), new ThreatQMappingOptions { Include = ThreatQMappings.ExtractedFiles, MinimumThreatLevel = ExtractedFileThreatLevel.NoSpecificThreat });
        Assert.Equal(11, everything.Count);
        foreach (var (type, value) in new[]
        {
            ("SHA-256", "ca11b8ffbc782df697f34a26df930970b1ced2efbf89a34c506ae80a1cdc43bf"),
            ("SHA-1", "70df9df1ffe20e7eac54e424c2e76242696904d2"),
            ("MD5", "b211348f8784ea450e1364c053046a6c"),
        })
        {
            var file = Find(everything, type, value);
            Assert.Equal(new[] { "Kip1.exe" }, file.GetAttributeValues(ThreatQAttributeNames.FileName));
            Assert.Equal(new[] { "%ALLUSERSPROFILE%\\Kip1.exe" }, file.GetAttributeValues(ThreatQAttributeNames.FilePath));
            Assert.Equal(new[] { $"Related To:Report:{SeedReportValue}", $"Dropped By:SHA-256:{SampleSha256}" }, Related(file));
        }
    }

    [Fact]
    public void Extracted_file_threat_levels_are_read_from_numbers_or_words()
    {
        var node = Seed();
        node["sandbox"]![0]!["extracted_files"] = JsonNode.Parse($$"""
            [{"name":"a.dll","sha256":"{{new string('a', 64)}}","threat_level":2},
             {"name":"b.dll","sha256":"{{new string('b', 64)}}","threat_level":1},
             {"name":"c.dll","sha256":"{{new string('c', 64)}}","threat_level_readable":"malicious"},
             {"name":"d.dll","sha256":"{{new string('d', 64)}}"},
             {"name":"self.exe","sha256":"{{SampleSha256}}","threat_level":2}]
            """);

        string[] Files(ExtractedFileThreatLevel minimum) => Map(node, new ThreatQMappingOptions { Include = ThreatQMappings.ExtractedFiles, MinimumThreatLevel = minimum })
            .SelectMany(e => e.GetAttributeValues(ThreatQAttributeNames.FileName)).ToArray();

        Assert.Equal(new[] { "a.dll", "c.dll" }, Files(ExtractedFileThreatLevel.Malicious));
        Assert.Equal(new[] { "a.dll", "b.dll", "c.dll" }, Files(ExtractedFileThreatLevel.Suspicious));
        Assert.Equal(new[] { "a.dll", "b.dll", "c.dll", "d.dll" }, Files(ExtractedFileThreatLevel.NoSpecificThreat));
    }

    [Fact]
    public void Mitre_attack_makes_one_pattern_per_technique_with_malicious_or_suspicious_evidence()
    {
        var entities = Map(Seed(), new ThreatQMappingOptions { Include = ThreatQMappings.MitreAttack });

        var patterns = entities.Where(e => e.ObjectType == ThreatQObjectTypes.AttackPattern).ToList();
        Assert.Equal(
            new[] { "T1179 - Hooking", "T1055 - Process Injection", "T1076 - Remote Desktop Protocol", "T1043 - Commonly Used Port" },
            patterns.Select(p => p.Value));
        Assert.All(patterns, p => Assert.Null(p.Type));
        Assert.All(patterns, p => Assert.Equal("attack_pattern", p.Collection));

        var injection = patterns[1];
        Assert.Equal(new[] { "Privilege Escalation", "Defense Evasion" }, injection.GetAttributeValues(ThreatQAttributeNames.Tactic));
        Assert.Equal(new[] { "Process Injection" }, injection.GetAttributeValues(ThreatQAttributeNames.Technique));
        Assert.Equal(new[] { $"Related To:Report:{SeedReportValue}", $"Related To:SHA-256:{SampleSha256}" }, Related(injection));
        Assert.Equal(new[] { "Persistence", "Privilege Escalation" }, patterns[0].GetAttributeValues(ThreatQAttributeNames.Tactic));
    }

    [Fact]
    public void Report_details_add_score_environment_submit_name_and_sandbox_tags()
    {
        var entities = Map(Seed(), new ThreatQMappingOptions { Include = ThreatQMappings.ReportDetails });

        var report = entities[0];
        Assert.Equal(new[] { "99" }, report.GetAttributeValues(ThreatQAttributeNames.ThreatScore));
        Assert.Equal(new[] { "Windows 7 32 bit" }, report.GetAttributeValues(ThreatQAttributeNames.Environment));
        Assert.Equal(new[] { "trojan_ponystealer" }, report.GetAttributeValues(ThreatQAttributeNames.SubmitName));
        Assert.Equal(new[] { "informationstealer", "kpotstealer", "occamy", "iframeref", "criminal" }, report.GetAttributeValues(ThreatQAttributeNames.SandboxTags));
        Assert.Empty(report.GetAttributeValues(ThreatQAttributeNames.SubmitUrl));
        Assert.Equal(8, entities.Count);

        var node = Seed();
        node["sandbox"]![0]!.AsObject().Remove("environment_description");
        Assert.Equal(new[] { "100" }, Map(node, new ThreatQMappingOptions { Include = ThreatQMappings.ReportDetails })[0].GetAttributeValues(ThreatQAttributeNames.Environment));
    }

    [Fact]
    public void All_opt_in_mappings_together()
    {
        var entities = Map(Seed(), new ThreatQMappingOptions { Include = ThreatQMappings.All, MinimumThreatLevel = ExtractedFileThreatLevel.NoSpecificThreat });

        // 8 default + 4 network + 3 extracted-file hashes + 4 attack patterns.
        Assert.Equal(19, entities.Count);
        Assert.Equal(ThreatQObjectTypes.Report, entities[0].ObjectType);
        Assert.Equal(1, entities.Count(e => e.ObjectType == ThreatQObjectTypes.Report));
    }

    [Fact]
    public void Converting_several_reports_deduplicates_with_merged_attributes_and_stable_order()
    {
        var first = Seed();
        var second = Seed();
        second["id"] = "ace79a13936f4ec8ad4de36606814bfc_00000000000000000000000000000002";
        second["created_timestamp"] = "2019-01-01T00:00:00Z";
        second["origin"] = "uiproxy";
        second["malquery"]![0]!["verdict"] = "malicious";
        // Same hashes, other case: still the same indicators.
        second["sandbox"]![0]!["sha256"] = SampleSha256.ToUpperInvariant();

        var mapper = new ThreatQMapper();
        var set = new ThreatQEntitySet();
        mapper.MapInto(Parse(first), set);
        mapper.MapInto(Parse(second), set);

        Assert.Equal(9, set.Count);
        Assert.Equal(ThreatQObjectTypes.Report, set.Entities[0].ObjectType);
        Assert.Equal(SampleSha256, set.Entities[1].Value);
        Assert.Equal(ThreatQMapper.ReportValuePrefix + "ace79a13936f4ec8ad4de36606814bfc_00000000000000000000000000000002", set.Entities[8].Value);

        var sample = set.Entities[1];
        Assert.Equal(2, sample.Relationships.Count);
        Assert.Equal(new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero), sample.PublishedAt);

        var malquery = Find(set.Entities, "SHA-256", "009609f749677e0dfd71efd4cadfa91c41738bc304f34b235514be3e9731ab93");
        Assert.Equal(new[] { "unknown", "malicious" }, malquery.GetAttributeValues(ThreatQAttributeNames.MalQueryVerdict));
        Assert.Equal(3, malquery.Relationships.Count);
        Assert.Equal(new[] { "CrowdStrike Falcon X Sandbox" }, malquery.Sources);
        Assert.Equal(new[] { "uiproxy" }, set.Entities[8].GetAttributeValues(ThreatQAttributeNames.Origin));
    }

    [Fact]
    public void The_same_report_twice_gives_the_same_entities_as_once()
    {
        var mapper = new ThreatQMapper(new ThreatQMappingOptions { Include = ThreatQMappings.All });
        var once = new ThreatQEntitySet();
        mapper.MapInto(Parse(Seed()), once);
        var twice = new ThreatQEntitySet();
        mapper.MapInto(Parse(Seed()), twice);
        mapper.MapInto(Parse(Seed()), twice);

        Assert.Equal(GoldenMappingTests.Render(once.Entities), GoldenMappingTests.Render(twice.Entities));
    }

    [Fact]
    public void A_hash_shared_by_many_reports_keeps_one_relationship_per_report()
    {
        var mapper = new ThreatQMapper();
        var set = new ThreatQEntitySet();
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 50; i++)
            {
                var node = Seed();
                node["id"] = $"ace79a13936f4ec8ad4de36606814bfc_{i:x32}";
                mapper.MapInto(Parse(node), set);
            }
        }

        Assert.Equal(50 + 7, set.Count);
        var malquery = Find(set.Entities, "MD5", "7a1a988de1c9d8fc6ef69be1d032e1c4");
        Assert.Equal(51, malquery.Relationships.Count);
        Assert.Equal(51, malquery.Relationships.Select(r => r.Value).Distinct().Count());
        Assert.Single(malquery.Attributes);
    }

    [Fact]
    public void A_page_url_submission_has_no_sample_indicator()
    {
        var node = Seed();
        var run = node["sandbox"]![0]!;
        run["submission_type"] = "page_url";
        run["submit_url"] = "http://seeyouonlineservice.com/";

        var entities = Map(node, new ThreatQMappingOptions { Include = ThreatQMappings.Network | ThreatQMappings.ReportDetails });

        Assert.DoesNotContain(entities, e => e.Value == SampleSha256);
        Assert.Equal(new[] { "http://seeyouonlineservice.com/" }, entities[0].GetAttributeValues(ThreatQAttributeNames.SubmitUrl));
        var malquery = Find(entities, "SHA-1", "43f72c02249131f3890915d983f8d5ddd080080f");
        Assert.Equal(new[] { $"Related To:Report:{SeedReportValue}" }, Related(malquery));
        Assert.Equal(new[] { $"Related To:Report:{SeedReportValue}" }, Related(Find(entities, "FQDN", "ajax.googleapis.com")));
    }

    [Fact]
    public void A_file_url_submission_maps_the_downloaded_file()
    {
        var node = Seed();
        node["sandbox"]![0]!["submission_type"] = "file_url";
        node["sandbox"]![0]!["submit_url"] = "http://seeyouonlineservice.com/payload.exe";

        var entities = Map(node);

        Assert.Equal(new[] { $"Related To:Report:{SeedReportValue}" }, Related(Find(entities, "SHA-256", SampleSha256)));
        Assert.Equal(8, entities.Count);
    }

    [Fact]
    public void An_error_only_report_gives_the_report_with_its_error_and_nothing_else()
    {
        var node = JsonNode.Parse($$"""
            {"id":"{{SeedId}}","created_timestamp":"2021-03-04T05:06:07Z","origin":"apigateway","verdict":"no verdict",
             "sandbox":[{"sha256":"{{SampleSha256}}","environment_id":160,"submit_name":"x.bin",
               "error_type":"FILE_TYPE_BAD_ERROR","error_message":"File type is not supported","error_origin":"CLIENT"}],
             "malquery":[{"verdict":"unknown","input":"1.2.3.4","type":"ip","resources":[{"sha256":"{{new string('e', 64)}}"}]}]}
            """)!;

        var entities = Map(node, new ThreatQMappingOptions { Include = ThreatQMappings.All });

        var report = Assert.Single(entities);
        Assert.Equal(SeedReportValue, report.Value);
        Assert.Equal(new[] { "FILE_TYPE_BAD_ERROR" }, report.GetAttributeValues(ThreatQAttributeNames.ErrorType));
        Assert.Equal(new[] { "File type is not supported" }, report.GetAttributeValues(ThreatQAttributeNames.ErrorMessage));
        Assert.Equal(new[] { "CLIENT" }, report.GetAttributeValues(ThreatQAttributeNames.ErrorOrigin));
        Assert.Equal(new[] { "no verdict" }, report.GetAttributeValues(ThreatQAttributeNames.Verdict));
        Assert.Equal(new[] { "x.bin" }, report.GetAttributeValues(ThreatQAttributeNames.SubmitName));
    }

    [Fact]
    public void A_report_missing_every_optional_field_gives_just_the_report_and_its_link()
    {
        var entities = Map(JsonNode.Parse("""{"id":"ace79a13936f4ec8ad4de36606814bfc_11111111111111111111111111111111"}""")!, new ThreatQMappingOptions { Include = ThreatQMappings.All });

        var report = Assert.Single(entities);
        Assert.Equal(ThreatQAttributeNames.ReportLink, Assert.Single(report.Attributes).Name);
        Assert.Null(report.PublishedAt);
        Assert.Equal("Review", report.Status);
        Assert.Empty(report.Relationships);
    }

    [Fact]
    public void A_report_without_an_id_is_refused()
    {
        var report = ReportParser.ParseReport("""{"verdict":"malicious","sandbox":[{"sha256":"4e87a0794bf73d06ac1ce4a37e33eb832ff4c89fb9e4266490c7cef9229d27a7"}]}""");

        var error = Assert.Throws<ArgumentException>(() => new ThreatQMapper().Map(report));
        Assert.Contains("no id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_summary_maps_like_a_report_without_malquery()
    {
        var summary = ReportParser.ParseSummary($$"""
            {"id":"{{SeedId}}","created_timestamp":"2020-09-17T15:25:12Z","origin":"apigateway","verdict":"malicious","tags":["criminal"],
             "sandbox":[{"sha256":"{{SampleSha256}}","environment_id":100,"verdict":"malicious","file_type":"PE32 executable",
               "classification_tags":["criminal"],"threat_score":99}]}
            """);

        var entities = new ThreatQMapper(new ThreatQMappingOptions { Include = ThreatQMappings.ReportDetails }).Map(summary);

        Assert.Equal(new[] { ThreatQObjectTypes.Report, ThreatQObjectTypes.Indicator }, entities.Select(e => e.ObjectType));
        Assert.Equal(new[] { "criminal" }, entities[0].GetAttributeValues(ThreatQAttributeNames.Tag));
        Assert.Equal(new[] { "99" }, entities[0].GetAttributeValues(ThreatQAttributeNames.ThreatScore));
        Assert.Equal(SampleSha256, entities[1].Value);
    }

    [Fact]
    public void Invalid_hashes_are_not_indicators()
    {
        var node = Seed();
        node["sandbox"]![0]!["sha256"] = "not-a-hash";
        node["malquery"] = JsonNode.Parse("""[{"verdict":"unknown","resources":[{"sha256":"abc","sha1":"zz","md5":"7A1A988DE1C9D8FC6EF69BE1D032E1C4"}]}]""");

        var entities = Map(node);

        Assert.Equal(new[] { "Report", "MD5 7a1a988de1c9d8fc6ef69be1d032e1c4" }, entities.Select(e => e.Type is null ? e.ObjectType : $"{e.Type} {e.Value}"));
    }
}
