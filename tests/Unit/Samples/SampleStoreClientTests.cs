using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Emulator;
using FalconX.Models;
using FalconX.Tests.Emulator;
using FalconX.Tests.Reports;

namespace FalconX.Tests.Samples;

/// <summary>FalconXClient's sample store calls against the emulator: lookups, downloads (raw and zipped), deletes.</summary>
public sealed class SampleStoreClientTests : ReportTestBase, IClassFixture<SharedEmulator>, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "falconx-samples-" + Guid.NewGuid().ToString("N"));

    public SampleStoreClientTests(SharedEmulator shared)
        : base(shared) => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Finds_uploaded_hashes_in_batches_of_200_in_the_order_asked()
    {
        using var client = CreateClient();
        var upload = await UploadAsync(client, Encoding.UTF8.GetBytes("find me " + Guid.NewGuid()));
        var sha = upload.Resources[0].GetProperty("sha256").GetString()!;
        var hashes = Enumerable.Range(1, 401).Select(i => i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture)).Append(sha.ToUpperInvariant()).ToList();

        var found = await client.FindUploadedSamplesAsync(hashes);

        Assert.Equal(402, found.Count);
        Assert.Equal(sha, found[^1].Sha256);
        Assert.True(found[^1].Uploaded);
        Assert.All(found.Take(401), f => Assert.False(f.Uploaded));
        Assert.Equal(3, RequestsTo("POST", "/samples/queries/samples/GET/v1").Count);
    }

    [Fact]
    public async Task Refuses_a_value_that_is_not_a_sha256_before_sending()
    {
        using var client = CreateClient();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.FindUploadedSamplesAsync(new[] { new string('a', 64), "zz" }));
        Assert.Contains("'zz' is not a SHA-256", error.Message, StringComparison.Ordinal);
        Assert.Empty(RequestsTo("POST", "/samples/queries/samples/GET/v1"));
    }

    [Fact]
    public async Task Saves_raw_bytes_as_bin_and_never_over_an_existing_file()
    {
        using var client = CreateClient();
        var bytes = Encoding.UTF8.GetBytes("raw sample " + Guid.NewGuid());
        var sha = (await UploadAsync(client, bytes)).Resources[0].GetProperty("sha256").GetString()!;

        var saved = await client.SaveSampleAsync(sha, _folder);

        Assert.Equal(Path.Combine(_folder, sha + ".bin"), saved.Path);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(saved.Path));
        var before = RequestsTo("GET", "/samples/entities/samples/v2").Count;
        await Assert.ThrowsAsync<ArtifactFileExistsException>(() => client.SaveSampleAsync(sha, _folder));
        Assert.Equal(before, RequestsTo("GET", "/samples/entities/samples/v2").Count);
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task Saves_the_infected_zip_which_decrypts_to_the_sample()
    {
        using var client = CreateClient();
        var bytes = Encoding.UTF8.GetBytes("zipped sample " + Guid.NewGuid());
        var sha = (await UploadAsync(client, bytes)).Resources[0].GetProperty("sha256").GetString()!;

        var saved = await client.SaveSampleAsync(sha, _folder, passwordProtected: true);

        Assert.Equal(sha + ".zip", saved.Name);
        Assert.True(saved.PasswordProtected);
        var zip = await File.ReadAllBytesAsync(saved.Path);
        using (var archive = new ZipArchive(new MemoryStream(zip)))
        {
            Assert.Equal(sha, Assert.Single(archive.Entries).FullName);
        }

        // The entry is stored and encrypted: its data (after the 30-byte header and the name) decrypts with "infected".
        var nameLength = BitConverter.ToUInt16(zip, 26);
        var size = (int)BitConverter.ToUInt32(zip, 18);
        var data = zip.AsSpan(30 + nameLength, size);
        var crc = BitConverter.ToUInt32(zip, 14);
        Assert.Equal(1, BitConverter.ToUInt16(zip, 6) & 1);
        // ZipCrypto's password check is one byte, so a wrong password gets past it once in 256 tries (the header is
        // random): what must hold is that it never yields the sample.
        Assert.NotEqual(bytes, ZipCrypto.Decrypt(data, "wrong", (byte)(crc >> 24)));
        Assert.Equal(bytes, ZipCrypto.Decrypt(data, "infected", (byte)(crc >> 24)));
    }

    [Fact]
    public async Task Downloads_the_files_a_detonation_dropped()
    {
        using var client = CreateClient();
        var (_, id) = await SubmitFileAsync(client, "MZ FALCONX-MALICIOUS dropper " + Guid.NewGuid());
        var report = await client.GetReportAsync(id);
        var dropped = report.Sandbox.SelectMany(s => s.ExtractedFiles).ToList();
        Assert.True(dropped.Count >= 2);

        foreach (var file in dropped)
        {
            var saved = await client.SaveSampleAsync(file.Sha256!, _folder);
            Assert.Equal(file.Sha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(saved.Path))));
            Assert.Equal(file.FileSize, saved.Length);
        }
    }

    [Fact]
    public async Task A_download_that_does_not_match_its_hash_leaves_nothing()
    {
        using var client = CreateClient();
        await PutCannedAsync("""{"route":"GET /samples/entities/samples/v2","contentType":"application/octet-stream","body":"not the sample"}""");

        var error = await Assert.ThrowsAsync<FalconXApiException>(() => client.SaveSampleAsync(new string('c', 64), _folder));

        Assert.Equal(FalconXErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("hash to", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Deletes_a_sample_and_says_not_found_the_second_time()
    {
        using var client = CreateClient();
        var sha = (await UploadAsync(client, Encoding.UTF8.GetBytes("delete me " + Guid.NewGuid()))).Resources[0].GetProperty("sha256").GetString()!;

        await client.DeleteSampleAsync(sha.ToUpperInvariant());

        Assert.False((await client.FindUploadedSamplesAsync(new[] { sha }))[0].Uploaded);
        var again = await Assert.ThrowsAsync<FalconXApiException>(() => client.DeleteSampleAsync(sha));
        Assert.Equal(FalconXErrorKind.NotFound, again.Kind);
    }

    private async Task PutCannedAsync(string json)
    {
        using var http = new HttpClient { BaseAddress = Server.BaseUrl };
        using var response = await http.PutAsync("/_emulator/canned", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

/// <summary>Today's submit options and deprecated environments, as sent by the client and checked by the emulator.</summary>
public sealed class SubmitOptionTests : ReportTestBase
{
    [Fact]
    public async Task Sends_the_2026_options_and_the_emulator_echoes_them()
    {
        using var client = CreateClient();
        var submission = await client.SubmitAsync(new FalconXSubmitParameters
        {
            Url = "https://options.example.invalid/",
            SendEmailNotification = true,
            Interactivity = true,
            Browser = "firefox",
            AutoDetectEnvironment = true,
        });

        // What the emulator stored, as GetSubmissions returns it.
        var answer = await client.SendAsync(new FalconX.Client.ApiRequest(HttpMethod.Get, "falconx/entities/submissions/v1").AddQuery("ids", submission.SubmissionId), default);
        var stored = JsonNode.Parse(answer.Resources[0].GetRawText())!;
        Assert.True(stored["send_email_notification"]!.GetValue<bool>());
        Assert.True(stored["auto_detect_environment"]!.GetValue<bool>());
        Assert.True(stored["sandbox"]![0]!["interactivity"]!.GetValue<bool>());
        Assert.Equal("firefox", stored["sandbox"]![0]!["browser"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("fire\nfox")]
    public void Refuses_a_browser_that_is_not_a_name(string browser)
    {
        var parameters = new FalconXSubmitParameters { Url = "https://x.example.invalid/", Browser = browser };
        Assert.Contains(parameters.FindProblems(), p => p.Contains("browser name", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"sandbox\":[{\"url\":\"https://x.example.invalid/\",\"environment_id\":160,\"interactivity\":\"yes\"}]}", "sandbox.interactivity must be true or false")]
    [InlineData("{\"sandbox\":[{\"url\":\"https://x.example.invalid/\",\"environment_id\":160,\"browser\":7}]}", "sandbox.browser must be a string")]
    [InlineData("{\"sandbox\":[{\"url\":\"https://x.example.invalid/\",\"environment_id\":160}],\"auto_detect_environment\":1}", "auto_detect_environment must be true or false")]
    public async Task The_emulator_checks_the_types_the_swagger_gives(string json, string message)
    {
        using var client = CreateClient();
        var error = await Assert.ThrowsAsync<FalconXApiException>(() => client.SendAsync(new FalconX.Client.ApiRequest(HttpMethod.Post, "falconx/entities/submissions/v1").WithContent(() => new StringContent(json, Encoding.UTF8, "application/json")), default));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(310, 330)]
    [InlineData(400, 430)]
    [InlineData(300, 330)]
    public async Task The_emulator_runs_a_deprecated_environment_in_its_successor(int asked, int runs)
    {
        using var client = CreateClient();
        var id = await SubmitAsync(client, new { sandbox = new[] { new { url = $"https://env-{asked}.example.invalid/", environment_id = asked } } });
        var report = await client.GetReportAsync(id);
        Assert.Equal(runs, report.EnvironmentId);
        Assert.Equal(runs, SandboxEnvironment.Effective(asked));
    }
}

/// <summary>Per-hash verdicts: ranking and the combination of several reports, then the whole lookup against the emulator.</summary>
public sealed class HashVerdictTests : ReportTestBase
{
    [Fact]
    public void Ranks_malicious_above_suspicious_above_clean_above_no_verdict_above_whitelisted()
    {
        var order = new[] { "whitelisted", "no verdict", "no specific threat", "suspicious", "malicious" };
        Assert.Equal(order, order.Reverse().OrderBy(HashVerdicts.Rank).ToArray());
        Assert.True(HashVerdicts.Rank("something new") > HashVerdicts.Rank("no verdict"));
    }

    [Fact]
    public void Combines_reports_ignoring_failed_detonations_for_the_verdict_but_counting_them()
    {
        var sha = new string('a', 64);
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var summaries = new[]
        {
            Summary("r1", "no specific threat", 20, 160, at),
            Summary("r2", "suspicious", 55, 140, at.AddHours(1)),
            Summary("r3", "malicious", 40, 110, at.AddHours(-1)),
            Summary("r4", null, null, 100, at.AddHours(2), failed: true),
        };

        var verdict = HashVerdicts.Combine(sha, summaries);

        Assert.Equal("malicious", verdict.Verdict);
        Assert.Equal("r3", verdict.WorstReportId);
        Assert.Equal(55, verdict.ThreatScore);
        Assert.Equal(new[] { 100, 110, 140, 160 }, verdict.EnvironmentIds);
        Assert.Equal(4, verdict.ReportCount);
        Assert.Equal(1, verdict.FailedCount);
        Assert.Equal(at.AddHours(2), verdict.LatestAt);
        Assert.Equal(new[] { "r4", "r2", "r1", "r3" }, verdict.ReportIds);
    }

    [Fact]
    public async Task Looks_up_many_hashes_in_one_summary_request()
    {
        using var client = CreateClient();
        var (sha, _) = await SubmitFileAsync(client, "FALCONX-MALICIOUS verdicts " + Guid.NewGuid(), 160);
        await SubmitAsync(client, new { sandbox = new[] { new { sha256 = sha, environment_id = 140 } } });
        var others = Enumerable.Range(1, 50).Select(i => i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture)).ToList();

        var verdicts = await new HashVerdicts(client).GetAsync(others.Prepend(sha));

        Assert.Equal(51, verdicts.Count);
        Assert.Equal("malicious", verdicts[0].Verdict);
        Assert.Equal(new[] { 140, 160 }, verdicts[0].EnvironmentIds);
        Assert.All(verdicts.Skip(1), v => Assert.False(v.HasReport));
        Assert.Single(RequestsTo("GET", "/falconx/entities/report-summaries/v1"));
    }

    private static FalconXReportSummary Summary(string id, string? verdict, int? score, int environment, DateTimeOffset at, bool failed = false) => new()
    {
        ReportId = id,
        Verdict = verdict,
        ThreatScore = score,
        EnvironmentId = environment,
        CreatedAt = at,
        HasError = failed,
        Sha256 = new string('a', 64),
    };
}
