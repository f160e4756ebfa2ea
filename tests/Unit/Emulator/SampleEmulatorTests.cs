using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Emulator;

namespace FalconX.Tests.Emulator;

public sealed class SampleEmulatorTests : EmulatorTestBase
{
    private static readonly byte[] Content = Encoding.ASCII.GetBytes("MZ sample bytes for the emulator");

    protected override EmulatorOptions CreateOptions() => new() { SubmissionDelayMs = 100, MaxUploadBytes = 1024 * 1024 };

    [Theory]
    [InlineData("v2")]
    [InlineData("v3")]
    public async Task Octet_stream_upload_with_query_file_name_returns_sha256(string version)
    {
        using var content = new ByteArrayContent(Content);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await SendAsync(HttpMethod.Post, $"/samples/entities/samples/{version}?file_name=invoice.exe&comment=test&is_confidential=false", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        var resource = Assert.Single(body["resources"]!.AsArray())!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Content)), resource["sha256"]!.GetValue<string>());
        Assert.Equal("invoice.exe", resource["file_name"]!.GetValue<string>());
        Assert.Empty(body["errors"]!.AsArray());
        Assert.Null(body["meta"]!["quota"]);
    }

    [Fact]
    public async Task Multipart_upload_like_falconpy_is_accepted_and_downloadable()
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "sample", "report.docx");
        form.Add(new StringContent("report.docx"), "file_name");
        form.Add(new StringContent("from a test"), "comment");
        form.Add(new StringContent("false"), "is_confidential");

        using var response = await SendAsync(HttpMethod.Post, "/samples/entities/samples/v2", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sha = (await ReadJsonAsync(response))["resources"]![0]!["sha256"]!.GetValue<string>();

        using var download = await GetAsync("/samples/entities/samples/v3?ids=" + sha);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Content, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Upload_refuses_missing_file_name_wrong_content_type_and_empty_files()
    {
        using var noName = new ByteArrayContent(Content);
        noName.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var json = JsonContent("{\"sample\":\"x\"}");
        using var empty = new ByteArrayContent([]);
        empty.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var noPart = new MultipartFormDataContent { { new StringContent("a.exe"), "file_name" } };

        using var r1 = await SendAsync(HttpMethod.Post, "/samples/entities/samples/v2", noName);
        using var r2 = await SendAsync(HttpMethod.Post, "/samples/entities/samples/v2?file_name=a.exe", json);
        using var r3 = await SendAsync(HttpMethod.Post, "/samples/entities/samples/v2?file_name=a.exe", empty);
        using var r4 = await SendAsync(HttpMethod.Post, "/samples/entities/samples/v2", noPart);

        Assert.Equal(HttpStatusCode.BadRequest, r1.StatusCode);
        AssertError(await ReadJsonAsync(r1), 400, "file_name");
        Assert.Equal(HttpStatusCode.BadRequest, r2.StatusCode);
        AssertError(await ReadJsonAsync(r2), 400, "Content-Type");
        Assert.Equal(HttpStatusCode.BadRequest, r3.StatusCode);
        AssertError(await ReadJsonAsync(r3), 400, "empty");
        Assert.Equal(HttpStatusCode.BadRequest, r4.StatusCode);
        AssertError(await ReadJsonAsync(r4), 400, "sample");
        Assert.Equal(0, Server.Stats.Uploads);
    }

    [Fact]
    public async Task Oversize_upload_declared_by_content_length_is_refused_before_the_body_is_read()
    {
        using var content = new StreamContent(new GeneratedStream(Server.Options.MaxUploadBytes + 1));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentLength = Server.Options.MaxUploadBytes + 1;

        using var response = await SendAsync(HttpMethod.Post, "/samples/entities/samples/v2?file_name=big.bin", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        AssertError(await ReadJsonAsync(response), 413, "maximum");
        Assert.True(Server.Stats.RecordedRequests[^1].BytesIn < Server.Options.MaxUploadBytes);
        Assert.Equal(0, Server.Stats.Uploads);
    }

    [Fact]
    public async Task Oversize_chunked_upload_is_stopped_once_it_passes_the_limit()
    {
        using var content = new StreamContent(new GeneratedStream(Server.Options.MaxUploadBytes * 4));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        HttpStatusCode? status = null;
        try
        {
            using var response = await SendAsync(HttpMethod.Post, "/samples/entities/samples/v2?file_name=big.bin", content);
            status = response.StatusCode;
            AssertError(await ReadJsonAsync(response), 413);
        }
        catch (HttpRequestException)
        {
            // The server closed the connection while the client was still sending: also a refusal.
        }

        Assert.True(status is null or HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, Server.Stats.Uploads);
        Assert.True(Server.Stats.RecordedRequests[^1].BytesIn <= Server.Options.MaxUploadBytes + (128 * 1024));
        Assert.Empty(Directory.GetFiles(Server.DataDirectory));
    }

    [Fact]
    public async Task Delete_removes_a_sample_and_unknown_ids_are_404()
    {
        var sha = await UploadAsync(Content);

        using var deleted = await SendAsync(HttpMethod.Delete, "/samples/entities/samples/v2?ids=" + sha);
        using var again = await SendAsync(HttpMethod.Delete, "/samples/entities/samples/v2?ids=" + sha);
        using var download = await GetAsync("/samples/entities/samples/v2?ids=" + sha);
        using var missingIds = await GetAsync("/samples/entities/samples/v2");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(sha, (await ReadJsonAsync(deleted))["resources"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missingIds.StatusCode);
    }

    [Fact]
    public async Task Query_samples_returns_the_hashes_that_exist()
    {
        var sha = await UploadAsync(Content);

        using var response = await SendAsync(HttpMethod.Post, "/samples/queries/samples/GET/v1",
            JsonContent($"{{\"sha256s\":[\"{sha}\",\"{new string('c', 64)}\"]}}"));
        using var malformed = await SendAsync(HttpMethod.Post, "/samples/queries/samples/GET/v1", JsonContent("{\"sha256s\":"));

        Assert.Equal(sha, Assert.Single((await ReadJsonAsync(response))["resources"]!.AsArray())!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        AssertError(await ReadJsonAsync(malformed), 400, "not valid JSON");
    }

    [Fact]
    public async Task The_real_256_mb_limit_refuses_a_larger_declared_body_without_reading_it()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        var token = await TokenFromAsync(http);
        using var content = new StreamContent(new GeneratedStream(EmulatorOptions.DefaultMaxUploadBytes + 1));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/samples/entities/samples/v3?file_name=big.bin") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        HttpStatusCode? status = null;
        try
        {
            using var response = await http.SendAsync(request);
            status = response.StatusCode;
        }
        catch (HttpRequestException)
        {
            // Closing the connection on an unread body can surface as a send error; the counters below still show the refusal.
        }

        Assert.True(status is null or HttpStatusCode.RequestEntityTooLarge, $"status {status}");
        Assert.Equal(413, server.Stats.RecordedRequests.Single(r => r.Path.StartsWith("/samples", StringComparison.Ordinal)).Status);
        Assert.Equal(0, server.Stats.Uploads);
    }

    private static async Task<string> TokenFromAsync(HttpClient http)
    {
        using var response = await http.PostAsync("/oauth2/token", Credentials());
        return (await ReadJsonAsync(response))["access_token"]!.GetValue<string>();
    }

    /// <summary>A read-only stream of the given length filled with a repeating pattern, generated as it is read.</summary>
    private sealed class GeneratedStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            buffer.AsSpan(offset, n).Fill(0x41);
            _position += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = (int)Math.Min(buffer.Length, length - _position);
            buffer.Span[..n].Fill(0x41);
            _position += n;
            return ValueTask.FromResult(n);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
