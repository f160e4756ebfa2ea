using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace FalconX.Tests.Emulator;

public sealed class ArtifactEmulatorTests : EmulatorTestBase
{
    private async Task<(HttpResponseMessage Response, byte[] Body)> DownloadAsync(string url, bool gzip = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await TokenAsync());
        if (gzip)
        {
            request.Headers.AcceptEncoding.ParseAdd("gzip");
        }

        var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.Content.Headers.ContentEncoding.Contains("gzip"))
        {
            using var inflater = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            await inflater.CopyToAsync(plain);
            body = plain.ToArray();
        }

        return (response, body);
    }

    [Theory]
    [InlineData("ioc_report_strict_csv_artifact_id", "text/csv")]
    [InlineData("ioc_report_broad_csv_artifact_id", "text/csv")]
    [InlineData("ioc_report_strict_json_artifact_id", "application/json")]
    [InlineData("ioc_report_broad_json_artifact_id", "application/json")]
    [InlineData("ioc_report_strict_stix_artifact_id", "application/json")]
    [InlineData("ioc_report_broad_stix_artifact_id", "application/json")]
    [InlineData("ioc_report_strict_maec_artifact_id", "application/json")]
    [InlineData("ioc_report_broad_maec_artifact_id", "application/json")]
    public async Task Every_ioc_pack_named_in_a_report_downloads_with_its_type(string field, string contentType)
    {
        var report = await ReportForAsync(Encoding.ASCII.GetBytes("FALCONX-MALICIOUS iocs"));
        var sha = report["sandbox"]![0]!["sha256"]!.GetValue<string>();

        var (response, body) = await DownloadAsync("/falconx/entities/artifacts/v1?id=" + report[field]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        var text = Encoding.UTF8.GetString(body);
        Assert.Contains(sha, text, StringComparison.Ordinal);
        if (field.Contains("_json_", StringComparison.Ordinal))
        {
            var first = JsonNode.Parse(text)!.AsArray()[0]!;
            Assert.Equal(sha, first["ioc"]!.GetValue<string>());
            Assert.Equal("input", first["source"]!.GetValue<string>());
            Assert.Equal("sha256", first["type"]!.GetValue<string>());
        }
        else if (field.Contains("_stix_", StringComparison.Ordinal))
        {
            Assert.NotEmpty(JsonNode.Parse(text)!["objects"]!.AsArray());
        }
        else if (field.Contains("_maec_", StringComparison.Ordinal))
        {
            Assert.Equal("package", JsonNode.Parse(text)!["type"]!.GetValue<string>());
        }
        else
        {
            Assert.StartsWith("ioc,source,type\n", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Broad_packs_hold_more_than_strict_ones_and_never_private_addresses()
    {
        var report = await ReportForAsync(Encoding.ASCII.GetBytes("FALCONX-MALICIOUS packs"));

        var (_, strict) = await DownloadAsync("/falconx/entities/artifacts/v1?id=" + report["ioc_report_strict_json_artifact_id"]!.GetValue<string>());
        var (_, broad) = await DownloadAsync("/falconx/entities/artifacts/v1?id=" + report["ioc_report_broad_json_artifact_id"]!.GetValue<string>());

        var strictIocs = JsonNode.Parse(strict)!.AsArray();
        var broadIocs = JsonNode.Parse(broad)!.AsArray();
        Assert.True(broadIocs.Count > strictIocs.Count);
        Assert.DoesNotContain(broadIocs, i => i!["ioc"]!.GetValue<string>() is "127.0.0.1" || i["ioc"]!.GetValue<string>().StartsWith("10.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Gzip_is_used_only_when_asked_and_the_name_sets_the_file_name()
    {
        var report = await ReportForAsync(Encoding.ASCII.GetBytes("FALCONX-SUSPICIOUS gzip"));
        var id = report["ioc_report_strict_csv_artifact_id"]!.GetValue<string>();

        var (plain, plainBody) = await DownloadAsync($"/falconx/entities/artifacts/v1?id={id}&name=iocs.csv");
        var (zipped, zippedBody) = await DownloadAsync($"/falconx/entities/artifacts/v1?id={id}", gzip: true);

        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal("iocs.csv", plain.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        Assert.Equal("gzip", Assert.Single(zipped.Content.Headers.ContentEncoding));
        Assert.Equal(plainBody, zippedBody);
    }

    [Fact]
    public async Task Pcap_screenshots_and_memory_strings_are_real_files()
    {
        var report = await ReportForAsync(Encoding.ASCII.GetBytes("FALCONX-MALICIOUS files"));
        var sandbox = report["sandbox"]![0]!;

        var (pcap, pcapBody) = await DownloadAsync("/falconx/entities/artifacts/v1?id=" + sandbox["pcap_report_artifact_id"]!.GetValue<string>());
        var (png, pngBody) = await DownloadAsync("/falconx/entities/artifacts/v1?id=" + sandbox["screenshots_artifact_ids"]![0]!.GetValue<string>());
        var (strings, stringsBody) = await DownloadAsync("/falconx/entities/artifacts/v1?id=" + sandbox["memory_strings_artifact_id"]!.GetValue<string>());

        Assert.Equal("application/vnd.tcpdump.pcap", pcap.Content.Headers.ContentType!.MediaType);
        Assert.Equal(new byte[] { 0xd4, 0xc3, 0xb2, 0xa1 }, pcapBody[..4]);
        Assert.True(pcapBody.Length > 24 + 16, "the capture holds at least one packet");
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a }, pngBody[..8]);
        Assert.Equal("IEND", Encoding.ASCII.GetString(pngBody, pngBody.Length - 8, 4));
        Assert.Equal("text/plain", strings.Content.Headers.ContentType!.MediaType);
        Assert.Contains(sandbox["dns_requests"]![0]!["domain"]!.GetValue<string>(), Encoding.UTF8.GetString(stringsBody), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Memory_dumps_download_from_their_three_routes()
    {
        var report = await ReportForAsync(Encoding.ASCII.GetBytes("FALCONX-MALICIOUS dumps"));
        var dump = report["sandbox"]![0]!["memory_dumps"]![0]!;

        var (binary, binaryBody) = await DownloadAsync("/falconx/entities/memory-dump/v1?id=" + dump["binary_content_id"]!.GetValue<string>(), gzip: true);
        var (hex, hexBody) = await DownloadAsync("/falconx/entities/memory-dump/hex-dump/v1?id=" + dump["hex_dump_id"]!.GetValue<string>());
        var (strings, _) = await DownloadAsync("/falconx/entities/memory-dump/extracted-strings/v1?id=" + dump["extracted_strings_id"]!.GetValue<string>());
        var (wrongRoute, _) = await DownloadAsync("/falconx/entities/memory-dump/v1?id=" + dump["hex_dump_id"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, binary.StatusCode);
        // As the real download: the dump itself is gzip (under any transfer encoding), whatever the Content-Type says.
        Assert.Equal(new byte[] { 0x1f, 0x8b }, binaryBody.Take(2));
        using (var inflater = new GZipStream(new MemoryStream(binaryBody), CompressionMode.Decompress))
        using (var plain = new MemoryStream())
        {
            await inflater.CopyToAsync(plain);
            Assert.Equal("MZ", Encoding.ASCII.GetString(plain.ToArray(), 0, 2));
        }

        var (plainRequest, plainBody) = await DownloadAsync("/falconx/entities/memory-dump/v1?id=" + dump["binary_content_id"]!.GetValue<string>());
        Assert.Equal("application/octet-stream", plainRequest.Content.Headers.ContentType!.MediaType);
        Assert.Equal(new byte[] { 0x1f, 0x8b }, plainBody.Take(2));
        Assert.StartsWith("00000000  4d 5a", Encoding.ASCII.GetString(hexBody), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, hex.StatusCode);
        Assert.Equal(HttpStatusCode.OK, strings.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongRoute.StatusCode);
    }

    [Fact]
    public async Task Unknown_or_missing_artifact_ids_get_error_envelopes()
    {
        var (unknown, unknownBody) = await DownloadAsync("/falconx/entities/artifacts/v1?id=" + new string('e', 64));
        var (missing, missingBody) = await DownloadAsync("/falconx/entities/artifacts/v1");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        AssertError(JsonNode.Parse(unknownBody)!.AsObject(), 404, "not found");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        AssertError(JsonNode.Parse(missingBody)!.AsObject(), 400, "id is required");
    }

    [Fact]
    public async Task Artifacts_of_a_deleted_report_are_gone()
    {
        var report = await ReportForAsync(Encoding.ASCII.GetBytes("FALCONX-MALICIOUS deleted"));
        using var _ = await SendAsync(HttpMethod.Delete, "/falconx/entities/reports/v1?ids=" + report["id"]!.GetValue<string>());

        var (response, _) = await DownloadAsync("/falconx/entities/artifacts/v1?id=" + report["ioc_report_strict_csv_artifact_id"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
