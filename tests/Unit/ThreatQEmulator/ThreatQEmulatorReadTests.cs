using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using ThreatQ.Emulator;

namespace FalconX.Tests.ThreatQEmulator;

public sealed class ThreatQEmulatorReadTests : ThreatQEmulatorTestBase
{
    [Fact]
    public async Task Query_filters_by_type_status_and_tag_and_pages_with_total()
    {
        var items = Enumerable.Range(0, 30).Select(i =>
            $$"""{"value":"{{i:x64}}","type":"SHA-256","status":"{{(i % 3 == 0 ? "Active" : "Review")}}","tags":[{"name":"{{(i % 2 == 0 ? "detonate" : "other")}}"}]}""");
        await PostOkAsync("/api/indicators/consume", "[" + string.Join(',', items) + ",{\"value\":\"evil.example\",\"type\":\"FQDN\",\"status\":\"Review\"}]");

        var firstPage = await PostOkAsync("/api/indicators/query?limit=5&offset=0", """{"filters":{"type_name":"SHA-256","status_name":"Review"}}""");
        var lastPage = await PostOkAsync("/api/indicators/query?limit=5&offset=15", """{"filters":{"type_name":"SHA-256","status_name":"Review"}}""");
        var tagged = await PostOkAsync("/api/indicators/query?limit=100", """{"criteria":{"tags":"detonate"},"filters":{"status_name":"Review"}}""");

        Assert.Equal(20, firstPage["total"]!.GetValue<int>());
        Assert.Equal(5, firstPage["data"]!.AsArray().Count);
        Assert.Equal(5, lastPage["data"]!.AsArray().Count);
        Assert.Equal(10, tagged["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Without_a_limit_a_page_holds_25()
    {
        var items = Enumerable.Range(0, 30).Select(i => $$"""{"value":"host{{i}}.example","type":"FQDN"}""");
        await PostOkAsync("/api/indicators/consume", "[" + string.Join(',', items) + "]");

        var page = await GetOkAsync("/api/indicators");

        Assert.Equal(30, page["total"]!.GetValue<int>());
        Assert.Equal(25, page["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task Query_by_value_with_or_criteria()
    {
        await PostOkAsync("/api/indicators/consume", $$$"""[{"value":"{{{Sha}}}","type":"SHA-256"},{"value":"{{{OtherSha}}}","type":"SHA-256"},{"value":"x.example","type":"FQDN"}]""");

        var hits = await PostOkAsync("/api/indicators/query", $$$"""{"criteria":{"+or":[{"value":"{{{Sha}}}"},{"value":"x.example"}]}}""");
        var byValue = await GetOkAsync("/api/indicators?value=" + OtherSha.ToUpperInvariant());

        Assert.Equal(2, hits["total"]!.GetValue<int>());
        Assert.Equal(OtherSha, byValue["data"]![0]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_one_adds_the_parts_named_in_with()
    {
        await PostOkAsync("/api/report/consume", ReportBody());
        await PostOkAsync("/api/indicators/consume", IndicatorBody());

        var plain = (await GetOkAsync("/api/indicators/1"))["data"]!;
        var full = (await GetOkAsync("/api/indicators/1?with=attributes,sources,tags,score,type,status"))["data"]!;

        Assert.Null(plain["attributes"]);
        Assert.Null(plain["type"]);
        Assert.Equal(Sha, plain["value"]!.GetValue<string>());
        Assert.Equal("SHA-256", full["type"]!["name"]!.GetValue<string>());
        Assert.Equal("host", full["type"]!["class"]!.GetValue<string>());
        Assert.Equal("Review", full["status"]!["name"]!.GetValue<string>());
        Assert.Equal("MalQuery Verdict", full["attributes"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(Source, full["sources"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("falconx", full["tags"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("0.00", full["score"]!["generated_score"]!.GetValue<string>());
    }

    [Fact]
    public async Task Global_search_finds_indicators_and_attachments_by_part_of_the_value()
    {
        await PostOkAsync("/api/indicators/consume", """[{"value":"evil.example","type":"FQDN"},{"value":"good.example","type":"FQDN"}]""");
        using var seeded = await Http.PostAsync("/_emulator/seed", Json("""{"attachments":[{"name":"EVIL.docx","type":"Malware Sample"}]}"""));

        var hits = await GetOkAsync("/api/search?query=evil&limit=10");

        Assert.Equal(2, hits["total"]!.GetValue<int>());
        Assert.Equal(["attachment", "indicator"], hits["data"]!.AsArray().Select(h => h!["object"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task Unknown_object_is_404_in_the_errors_shape()
    {
        using var response = await GetAsync("/api/indicators/999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotNull((await ReadAsync(response))["errors"]);
    }

    [Fact]
    public async Task Lookups_list_types_and_statuses()
    {
        var types = await GetOkAsync("/api/indicator/types?name=SHA-256");
        var statuses = await GetOkAsync("/api/indicator/statuses");
        var attachmentTypes = await GetOkAsync("/api/attachments/types");

        Assert.Equal("SHA-256", Assert.Single(types["data"]!.AsArray())!["name"]!.GetValue<string>());
        Assert.Equal(["Active", "Expired", "Indirect", "Review", "Whitelisted"], statuses["data"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()).ToArray());
        Assert.Contains("Malware Sample", attachmentTypes["data"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Attachment_upload_list_by_tag_and_download_round_trip()
    {
        var bytes = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7)).ToArray();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "invoice.exe");
        form.Add(new StringContent("Malware Sample"), "type");
        form.Add(new StringContent("detonate"), "tags");
        var uploaded = await ReadAsync(await SendAsync(HttpMethod.Post, "/api/attachments", form));
        var id = uploaded["data"]![0]!["id"]!.GetValue<int>();

        var byTag = await GetOkAsync("/api/attachments?tag=detonate&with=tags,type");
        var byName = await GetOkAsync("/api/attachments?name=INVOICE.EXE");
        var none = await GetOkAsync("/api/attachments?tag=other");
        using var download = await GetAsync($"/api/attachments/{id}/download");
        var downloaded = await download.Content.ReadAsByteArrayAsync();

        var listed = Assert.Single(byTag["data"]!.AsArray())!;
        Assert.Equal("invoice.exe", listed["name"]!.GetValue<string>());
        Assert.Equal(70_000, listed["file_size"]!.GetValue<long>());
#pragma warning disable CA5351 // ThreatQ's attachment hash is MD5
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.MD5.HashData(bytes)).ToLowerInvariant(), listed["hash"]!.GetValue<string>());
#pragma warning restore CA5351
        Assert.Equal("Malware Sample", listed["type"]!["name"]!.GetValue<string>());
        Assert.Single(byName["data"]!.AsArray());
        Assert.Empty(none["data"]!.AsArray());
        Assert.Equal(bytes, downloaded);
        Assert.Equal("invoice.exe", download.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
    }

    [Fact]
    public async Task Attachment_without_a_type_is_422_and_an_oversized_one_413()
    {
        await using var small = await TqServer.StartAsync(new TqOptions { MaxUploadBytes = 100 });
        using var client = new HttpClient { BaseAddress = small.BaseUrl };
        var token = JsonNode.Parse(await (await client.PostAsync("/api/token", Json($$"""{"grant_type":"password","client_id":"{{TqOptions.DefaultClientId}}","email":"{{TqOptions.DefaultEmail}}","password":"{{TqOptions.DefaultPassword}}"}"""))).Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var noType = new MultipartFormDataContent { { new ByteArrayContent([1, 2, 3]), "file", "a.bin" } };
        using var tooBig = new MultipartFormDataContent { { new ByteArrayContent(new byte[101]), "file", "b.bin" }, { new StringContent("Malware Sample"), "type" } };
        using var missingType = await client.PostAsync("/api/attachments", noType);
        using var oversized = await client.PostAsync("/api/attachments", tooBig);

        Assert.Equal((HttpStatusCode)422, missingType.StatusCode);
        Assert.Contains("type", (await ReadAsync(missingType))["data"]!["errors"]!.AsObject().Select(p => p.Key));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        Assert.Empty(small.Store.All("attachments"));
    }

    [Fact]
    public async Task Sdk_two_step_upload_names_the_staged_file()
    {
        using var chunk = new MultipartFormDataContent
        {
            { new ByteArrayContent([9, 8, 7]), "file", "blob" },
            { new StringContent("mail.eml"), "resumableFilename" },
            { new StringContent("1"), "resumableTotalChunks" },
        };
        using var staged = await SendAsync(HttpMethod.Post, "/api/attachments/upload", chunk);
        var created = await PostOkAsync("/api/attachments", """{"name":"mail.eml","type":"Spearphish Attachment","malware_locked":1,"sources":[{"name":"Mail"}]}""", HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.Created, staged.StatusCode);
        var attachment = created["data"]![0]!;
        Assert.Equal(3, attachment["file_size"]!.GetValue<int>());
        Assert.Equal(1, attachment["malware_locked"]!.GetValue<int>());
    }

    [Fact]
    public async Task Relate_route_links_once_lists_with_pivot_and_unlinks()
    {
        await PostOkAsync("/api/report/consume", ReportBody());
        await PostOkAsync("/api/indicators/consume", $$$"""[{"value":"{{{Sha}}}","type":"SHA-256"}]""");

        var linked = await PostOkAsync("/api/indicators/1/report", """{"id":1}""", HttpStatusCode.Created);
        await PostOkAsync("/api/indicators/1/report", """[{"id":1}]""", HttpStatusCode.Created);
        var listed = await GetOkAsync("/api/report/1/indicators");
        var pivot = linked["data"]![0]!["pivot"]!["id"]!.GetValue<int>();
        using var unlink = await SendAsync(HttpMethod.Delete, "/api/indicators/1/report", Json($"[{pivot}]"));
        var after = await GetOkAsync("/api/report/1/indicators");

        Assert.Equal(1, Server.Stats.RelationsCreated);
        Assert.Equal(pivot, Assert.Single(listed["data"]!.AsArray())!["pivot"]!["id"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, unlink.StatusCode);
        Assert.Empty(after["data"]!.AsArray());
    }

    [Fact]
    public async Task Attribute_tag_and_source_routes_do_not_duplicate()
    {
        await PostOkAsync("/api/report/consume", ReportBody());

        await PostOkAsync("/api/report/1/attributes", """{"name":"Verdict","value":"malicious"}""", HttpStatusCode.Created);
        await PostOkAsync("/api/report/1/attributes", """[{"name":"Tag","value":"ransomware"}]""", HttpStatusCode.Created);
        await PostOkAsync("/api/report/1/tags", """[{"name":"a"},{"name":"a"}]""", HttpStatusCode.Created);
        await PostOkAsync("/api/report/1/sources", $$"""{"name":"{{Source}}"}""", HttpStatusCode.Created);

        var stored = Assert.Single(await StoredAsync("report"))!;
        Assert.Equal(3, stored["attributes"]!.AsArray().Count);
        Assert.Single(stored["tags"]!.AsArray());
        Assert.Single(stored["sources"]!.AsArray());
    }

    [Fact]
    public async Task Status_and_manual_score_updates()
    {
        await PostOkAsync("/api/indicators/consume", $$$"""[{"value":"{{{Sha}}}","type":"SHA-256"}]""");

        using var status = await SendAsync(HttpMethod.Put, "/api/indicators/1", Json("""{"status":"Active"}"""));
        using var score = await SendAsync(HttpMethod.Put, "/api/indicator/1/scores", Json("""{"manual_score":8}"""));
        using var badScore = await SendAsync(HttpMethod.Put, "/api/indicator/1/scores", Json("""{"manual_score":11}"""));
        var full = (await GetOkAsync("/api/indicators/1?with=status,score"))["data"]!;

        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal(HttpStatusCode.OK, score.StatusCode);
        Assert.Equal((HttpStatusCode)422, badScore.StatusCode);
        Assert.Equal("Active", full["status"]!["name"]!.GetValue<string>());
        Assert.Equal(8, full["score"]!["manual_score"]!.GetValue<double>());
    }
}
