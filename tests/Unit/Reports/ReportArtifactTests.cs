using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Models;
using FalconX.Tests.Emulator;

namespace FalconX.Tests.Reports;

public sealed class ReportArtifactTests : ReportTestBase, IClassFixture<SharedEmulator>, IDisposable
{
    public ReportArtifactTests(SharedEmulator shared)
        : base(shared)
    {
    }

    private readonly string _folder = Directory.CreateTempSubdirectory("falconx-artifacts-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<FalconXReport> MaliciousReportAsync(FalconXClient client)
    {
        var (_, id) = await SubmitFileAsync(client, "artifact test FALCONX-MALICIOUS " + Guid.NewGuid(), fileName: "dropper.exe");
        return await client.GetReportAsync(id);
    }

    private static Task<SavedArtifact> SaveAsync(FalconXClient client, ReportArtifact artifact, string folder, bool overwrite = false, string? fileName = null) =>
        client.SaveArtifactAsync(new ArtifactSaveRequest
        {
            ArtifactId = artifact.ArtifactId,
            Kind = ArtifactFiles.ParseKind(artifact.Kind),
            ReportId = artifact.ReportId,
            Number = artifact.Number,
            Folder = folder,
            Overwrite = overwrite,
            FileName = fileName,
        });

    [Fact]
    public async Task Every_artifact_kind_of_a_report_is_saved_unpacked_under_a_readable_name()
    {
        var client = CreateClient();
        var report = await MaliciousReportAsync(client);
        var kinds = report.Artifacts.Select(a => a.Kind).Distinct().ToList();
        Assert.Superset(new HashSet<string> { "IocStrictCsv", "IocBroadJson", "IocStrictStix", "IocBroadMaec", "Pcap", "MemoryStrings", "Screenshot", "MemoryDump", "MemoryDumpHexDump", "MemoryDumpStrings" }, kinds.ToHashSet());

        var saved = new List<SavedArtifact>();
        foreach (var artifact in report.Artifacts)
        {
            saved.Add(await SaveAsync(client, artifact, _folder));
        }

        string Text(string kind) => File.ReadAllText(saved.First(s => s.Kind.ToString() == kind).Path);
        byte[] Bytes(string kind) => File.ReadAllBytes(saved.First(s => s.Kind.ToString() == kind).Path);

        Assert.StartsWith("ioc,source,type\n", Text("IocStrictCsv"), StringComparison.Ordinal);
        Assert.Contains(report.Sha256!, Text("IocStrictCsv"), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(Text("IocBroadJson")).RootElement.ValueKind);
        Assert.Equal("bundle", JsonDocument.Parse(Text("IocStrictStix")).RootElement.GetProperty("type").GetString());
        Assert.Equal("package", JsonDocument.Parse(Text("IocBroadMaec")).RootElement.GetProperty("type").GetString());
        Assert.Equal(new byte[] { 0xd4, 0xc3, 0xb2, 0xa1 }, Bytes("Pcap").Take(4));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, Bytes("Screenshot").Take(4));
        Assert.Equal("MZ", Encoding.ASCII.GetString(Bytes("MemoryDump"), 0, 2));
        Assert.StartsWith("00000000  4d 5a", Text("MemoryDumpHexDump"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(Text("MemoryStrings")));

        Assert.Contains($"{report.ReportId}_ioc-strict.csv", saved.Select(s => s.Name));
        Assert.Contains($"{report.ReportId}_screenshot-1.png", saved.Select(s => s.Name));
        Assert.Contains($"{report.ReportId}_memdump-1.bin", saved.Select(s => s.Name));
        Assert.Equal(saved.Count, saved.Select(s => s.Name).Distinct().Count());
        Assert.All(saved, s => Assert.Equal(new FileInfo(s.Path).Length, s.Length));
        Assert.Empty(Directory.GetFiles(_folder, "*.partial"));

        // The client asked for gzip and the emulator sent it: the files above were unpacked on the way in.
        Assert.Contains(Server.Stats.RecordedRequests, r => r.Path == "/falconx/entities/memory-dump/v1");
        Assert.Contains(Server.Stats.RecordedRequests, r => r.Path == "/falconx/entities/memory-dump/hex-dump/v1");
    }

    [Fact]
    public async Task An_existing_file_is_kept_without_overwrite_and_replaced_with_it()
    {
        var client = CreateClient();
        var report = await MaliciousReportAsync(client);
        var csv = report.Artifacts.First(a => a.Kind == "IocStrictCsv");
        var target = Path.Combine(_folder, $"{report.ReportId}_ioc-strict.csv");
        await File.WriteAllTextAsync(target, "keep me");
        var before = CountRequests("GET", "/falconx/entities/artifacts/v1");

        var error = await Assert.ThrowsAsync<ArtifactFileExistsException>(() => SaveAsync(client, csv, _folder));

        Assert.Equal(target, error.Path);
        Assert.Equal("keep me", await File.ReadAllTextAsync(target));
        Assert.Contains("different content", error.Message, StringComparison.Ordinal);
        // The download is what tells a re-run's identical file from a different one; its temporary file is gone.
        Assert.Equal(before + 1, CountRequests("GET", "/falconx/entities/artifacts/v1"));
        Assert.Single(Directory.GetFiles(_folder));

        await SaveAsync(client, csv, _folder, overwrite: true);
        Assert.StartsWith("ioc,source,type", await File.ReadAllTextAsync(target), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task A_rerun_into_the_same_folder_skips_identical_files_and_writes_nothing()
    {
        var client = CreateClient();
        var report = await MaliciousReportAsync(client);
        var csv = report.Artifacts.First(a => a.Kind == "IocStrictCsv");
        var first = await SaveAsync(client, csv, _folder);
        var written = File.GetLastWriteTimeUtc(first.Path);
        File.SetLastWriteTimeUtc(first.Path, written.AddHours(-1));

        var again = await SaveAsync(client, csv, _folder);

        Assert.False(first.AlreadyPresent);
        Assert.True(again.AlreadyPresent);
        Assert.Equal(first.Path, again.Path);
        Assert.Equal(first.Length, again.Length);
        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(first.Path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task File_names_say_which_sample_they_belong_to()
    {
        var client = CreateClient();
        var report = await MaliciousReportAsync(client);
        var csv = report.Artifacts.First(a => a.Kind == "IocStrictCsv");

        var saved = await client.SaveArtifactAsync(new ArtifactSaveRequest
        {
            ArtifactId = csv.ArtifactId,
            Kind = FalconXArtifactKind.IocStrictCsv,
            ReportId = report.ReportId,
            Folder = _folder,
            Sample = ArtifactFiles.SampleLabel(report.SubmitName, report.Sha256),
        });

        Assert.Equal($"{report.SubmitName}_{report.ReportId}_ioc-strict.csv", saved.Name);
    }

    [Theory]
    [InlineData("invoice.exe", null, "invoice.exe")]
    [InlineData("my invoice (2).exe", null, "my-invoice-(2).exe")]
    [InlineData("../../etc/passwd", null, "passwd")]
    [InlineData(null, "ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789", "abcdef012345")]
    [InlineData("  ", "not-a-hash", null)]
    public void The_sample_label_is_the_submit_name_or_the_start_of_the_sha256(string? submitName, string? sha256, string? expected)
    {
        Assert.Equal(expected, ArtifactFiles.SampleLabel(submitName, sha256));
    }

    [Fact]
    public void The_file_comparer_tells_identical_files_from_different_ones()
    {
        var a = Path.Combine(_folder, "a.bin");
        var b = Path.Combine(_folder, "b.bin");
        var c = Path.Combine(_folder, "c.bin");
        var data = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7)).ToArray();
        File.WriteAllBytes(a, data);
        File.WriteAllBytes(b, data);
        data[199_999] ^= 1;
        File.WriteAllBytes(c, data);

        Assert.True(ArtifactFileComparer.SameContent(a, b));
        Assert.False(ArtifactFileComparer.SameContent(a, c));
        Assert.False(ArtifactFileComparer.SameContent(a, Path.Combine(_folder, "missing.bin")));
    }

    [Fact]
    public async Task An_unknown_artifact_is_not_found_and_leaves_no_file()
    {
        var client = CreateClient();

        var error = await Assert.ThrowsAsync<FalconXApiException>(() => client.SaveArtifactAsync(new ArtifactSaveRequest
        {
            ArtifactId = new string('a', 64),
            Folder = _folder,
        }));

        Assert.Equal(FalconXErrorKind.NotFound, error.Kind);
        Assert.Empty(Directory.GetFiles(_folder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_connection_dropped_mid_download_leaves_no_partial_file()
    {
        var client = CreateClient();
        var report = await MaliciousReportAsync(client);
        Server.Faults.ErrorRoutes = new[] { "GET /falconx/entities/artifacts/v1" };
        Server.Faults.DropConnectionRate = 1;

        var error = await Assert.ThrowsAsync<FalconXApiException>(() => SaveAsync(client, report.Artifacts.First(a => a.Kind == "Pcap"), _folder));

        Assert.Equal(FalconXErrorKind.Transport, error.Kind);
        Assert.Empty(Directory.GetFiles(_folder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Names_from_outside_never_leave_the_folder()
    {
        var client = CreateClient();
        var report = await MaliciousReportAsync(client);
        var inner = Directory.CreateDirectory(Path.Combine(_folder, "inner")).FullName;

        var saved = await SaveAsync(client, report.Artifacts.First(a => a.Kind == "IocStrictJson"), inner, fileName: "../../escaped.json");
        var byId = await client.SaveArtifactAsync(new ArtifactSaveRequest { ArtifactId = report.PcapArtifactId!, Folder = inner });

        Assert.Equal(Path.Combine(inner, "escaped.json"), saved.Path);
        Assert.Equal(Path.Combine(inner, report.PcapArtifactId + ".pcap"), byId.Path);
        Assert.Equal(new[] { "inner" }, Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\Windows\\win.ini", "win.ini")]
    [InlineData("..", null)]
    [InlineData("...", null)]
    [InlineData("  ", null)]
    [InlineData("CON.txt", "_CON.txt")]
    [InlineData("nul", "_nul")]
    [InlineData("a:b*c?.csv", "a_b_c_.csv")]
    [InlineData(".hidden", "hidden")]
    [InlineData("\"quoted name.json\"", "quoted name.json")]
    [InlineData("line\nbreak.txt", "line_break.txt")]
    public void Outside_names_are_sanitised(string name, string? expected) => Assert.Equal(expected, ArtifactFiles.Sanitize(name));

    [Fact]
    public void A_name_that_would_leave_the_folder_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ArtifactFiles.PathInFolder(_folder, "../x"));
        Assert.Throws<ArgumentException>(() => ArtifactFiles.PathInFolder(_folder, "sub/x"));
        Assert.Equal(Path.Combine(_folder, "x.csv"), ArtifactFiles.PathInFolder(_folder, "x.csv"));
    }

    [Fact]
    public async Task The_strict_ioc_pack_is_read_into_objects()
    {
        var client = CreateClient();
        var report = await MaliciousReportAsync(client);

        var failures = await client.AttachStrictIocsAsync(new[] { report });

        Assert.Empty(failures);
        Assert.NotNull(report.Iocs);
        Assert.Contains(report.Iocs!, i => i.Value == report.Sha256 && i.Type == "sha256" && i.Source == "input");
        Assert.Contains(report.Iocs!, i => i.Type == "domain" && i.Source == "runtime");
    }

    [Fact]
    public async Task A_gzip_payload_of_a_text_kind_is_unpacked_but_raw_memory_is_kept()
    {
        var csv = Encoding.UTF8.GetBytes("ioc,source,type\nexample.invalid,runtime,domain\n");
        var gzipped = Gzip(csv);
        using var handler = new CannedArtifactHandler(gzipped, "application/octet-stream");
        var options = Options(new Uri("http://127.0.0.1:9/"));
        var client = CreateClient(options, handler);

        var text = await client.SaveArtifactAsync(new ArtifactSaveRequest { ArtifactId = new string('b', 64), Kind = FalconXArtifactKind.IocStrictCsv, ReportId = "r", Folder = _folder });
        var dump = await client.SaveArtifactAsync(new ArtifactSaveRequest { ArtifactId = new string('c', 64), Kind = FalconXArtifactKind.MemoryDump, ReportId = "r", Folder = _folder });
        var raw = await client.SaveArtifactAsync(new ArtifactSaveRequest { ArtifactId = new string('d', 64), Kind = FalconXArtifactKind.Unknown, ReportId = "r", Folder = _folder });

        Assert.True(text.Decompressed);
        Assert.Equal(csv, await File.ReadAllBytesAsync(text.Path));
        // Memory dumps come gzip-compressed from the API whatever the Content-Type: unpacked by their magic bytes.
        Assert.True(dump.Decompressed);
        Assert.Equal(csv, await File.ReadAllBytesAsync(dump.Path));
        // A kind FalconX does not know is saved exactly as sent.
        Assert.False(raw.Decompressed);
        Assert.Equal(gzipped, await File.ReadAllBytesAsync(raw.Path));
    }

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    /// <summary>Answers the token request and every artifact download with fixed bytes (a payload shape the emulator does not produce).</summary>
    private sealed class CannedArtifactHandler(byte[] body, string contentType) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath == "/oauth2/token")
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Created)
                {
                    Content = new StringContent("{\"access_token\":\"canned\",\"token_type\":\"bearer\",\"expires_in\":1799}", Encoding.UTF8, "application/json"),
                });
            }

            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        }
    }
}
