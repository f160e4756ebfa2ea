using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using FalconX.Emulator;

namespace FalconX.Tests.Emulator;

/// <summary>The archive family: upload v2 with a password, the list of files, extractions, extraction files.</summary>
public sealed class ArchiveEmulatorTests : EmulatorTestBase
{
    private readonly SwaggerValidator _swagger = new(TestPaths.Contract("falconx-api-contract.json"));

    internal static byte[] PlainZip(params (string Name, string Content)[] files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }

        return buffer.ToArray();
    }

    private async Task<JsonObject> UploadArchiveAsync(byte[] zip, string name, string? password, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(zip);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "file", name);
        form.Add(new StringContent(name), "name");
        if (password is not null)
        {
            form.Add(new StringContent(password), "password");
        }

        using var response = await SendAsync(HttpMethod.Post, "/archives/entities/archives/v2", form);
        Assert.Equal(expected, response.StatusCode);
        var body = await ReadJsonAsync(response);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Empty(_swagger.Validate(body, _swagger.ResponseSchema("POST", "/archives/entities/archives/v2", 200)));
        }

        return body;
    }

    [Fact]
    public async Task Uploads_a_zip_lists_its_files_and_extracts_them_into_the_sample_store()
    {
        var zip = PlainZip(("a.exe", "MZ FALCONX-MALICIOUS a"), ("docs/b.docm", "FALCONX-SUSPICIOUS b"), ("c.txt", "clean c"));
        var archive = (await UploadArchiveAsync(zip, "mail.zip", null))["resources"]![0]!;
        Assert.Equal("done", archive["status"]!.GetValue<string>());
        var sha = archive["sha256"]!.GetValue<string>();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(zip)), sha);

        using var files = await GetAsync($"/archives/entities/archive-files/v1?id={sha}&limit=2");
        var list = await ReadJsonAsync(files);
        Assert.Empty(_swagger.Validate(list, _swagger.ResponseSchema("GET", "/archives/entities/archive-files/v1", 200)));
        Assert.Equal(new[] { "a.exe", "docs/b.docm" }, list["resources"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(3, list["meta"]!["pagination"]!["total"]!.GetValue<int>());

        using var extract = await SendAsync(HttpMethod.Post, "/archives/entities/extractions/v1",
            JsonContent($"{{\"sha256\":\"{sha}\",\"files\":[{{\"name\":\"docs/b.docm\"}},{{\"name\":\"nope.exe\"}}]}}"));
        var extraction = await ReadJsonAsync(extract);
        Assert.Empty(_swagger.Validate(extraction, _swagger.ResponseSchema("POST", "/archives/entities/extractions/v1", 200)));
        var results = extraction["resources"]![0]!["files"]!.AsArray();
        Assert.Equal("done", results[0]!["status"]!.GetValue<string>());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("FALCONX-SUSPICIOUS b"))), results[0]!["sha256"]!.GetValue<string>());
        Assert.Equal("failed", results[1]!["status"]!.GetValue<string>());

        // The extracted file is an uploaded sample: it can be submitted by hash.
        var id = await SubmitAsync(results[0]!["sha256"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(id));

        var extractionId = extraction["resources"]![0]!["id"]!.GetValue<string>();
        using var get = await GetAsync($"/archives/entities/extractions/v1?id={extractionId}&include_files=true");
        Assert.Empty(_swagger.Validate(await ReadJsonAsync(get), _swagger.ResponseSchema("GET", "/archives/entities/extractions/v1", 200)));
        using var extracted = await GetAsync($"/archives/entities/extraction-files/v1?id={extractionId}");
        var extractedBody = await ReadJsonAsync(extracted);
        Assert.Empty(_swagger.Validate(extractedBody, _swagger.ResponseSchema("GET", "/archives/entities/extraction-files/v1", 200)));
        Assert.Equal(2, extractedBody["resources"]!.AsArray().Count);
    }

    [Fact]
    public async Task Opens_an_infected_zip_with_its_password_and_says_failed_for_a_wrong_one()
    {
        var zip = ZipCrypto.WriteEncryptedZip("payload.exe", Encoding.UTF8.GetBytes("MZ FALCONX-MALICIOUS locked"), "infected", DateTime.UtcNow);

        var wrong = (await UploadArchiveAsync(zip, "locked.zip", "letmein"))["resources"]![0]!;
        Assert.Equal("failed", wrong["status"]!.GetValue<string>());
        Assert.Contains("wrong password", wrong["error"]!.GetValue<string>(), StringComparison.Ordinal);
        var none = (await UploadArchiveAsync(zip, "locked.zip", null))["resources"]![0]!;
        Assert.Contains("no password", none["error"]!.GetValue<string>(), StringComparison.Ordinal);

        var right = (await UploadArchiveAsync(zip, "locked.zip", "infected"))["resources"]![0]!;
        Assert.Equal("done", right["status"]!.GetValue<string>());
        using var extract = await SendAsync(HttpMethod.Post, "/archives/entities/extractions/v1",
            JsonContent($"{{\"sha256\":\"{right["sha256"]}\",\"extract_all\":true}}"));
        var file = (await ReadJsonAsync(extract))["resources"]![0]!["files"]![0]!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("MZ FALCONX-MALICIOUS locked"))), file["sha256"]!.GetValue<string>());
    }

    [Fact]
    public async Task Refuses_corrupt_archives_empty_ones_and_bad_requests()
    {
        var corrupt = (await UploadArchiveAsync(Encoding.ASCII.GetBytes("this is not a zip at all"), "bad.zip", null))["resources"]![0]!;
        Assert.Equal("failed", corrupt["status"]!.GetValue<string>());
        Assert.Contains("cannot be read", corrupt["error"]!.GetValue<string>(), StringComparison.Ordinal);

        var empty = (await UploadArchiveAsync(PlainZip(), "empty.zip", null))["resources"]![0]!;
        Assert.Contains("no file", empty["error"]!.GetValue<string>(), StringComparison.Ordinal);

        using var extractFailed = await SendAsync(HttpMethod.Post, "/archives/entities/extractions/v1", JsonContent($"{{\"sha256\":\"{corrupt["sha256"]}\",\"extract_all\":true}}"));
        Assert.Equal(HttpStatusCode.BadRequest, extractFailed.StatusCode);
        using var unknown = await SendAsync(HttpMethod.Post, "/archives/entities/extractions/v1", JsonContent($"{{\"sha256\":\"{new string('e', 64)}\",\"extract_all\":true}}"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        using var form = new MultipartFormDataContent { { new ByteArrayContent(PlainZip(("x", "y"))), "file", "x.zip" } };
        using var noName = await SendAsync(HttpMethod.Post, "/archives/entities/archives/v2", form);
        Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);
        var noNameBody = await ReadJsonAsync(noName);
        AssertError(noNameBody, 400, "name is required");
        Assert.Empty(_swagger.Validate(noNameBody, _swagger.ResponseSchema("POST", "/archives/entities/archives/v2", 400)));

        using var delete = await SendAsync(HttpMethod.Delete, $"/archives/entities/archives/v1?id={corrupt["sha256"]}");
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        using var gone = await GetAsync($"/archives/entities/archives/v1?id={corrupt["sha256"]}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }
}
