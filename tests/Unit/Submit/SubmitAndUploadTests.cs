using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Emulator;
using FalconX.Models;
using FalconX.Tests.Emulator;

namespace FalconX.Tests.Submit;

public sealed class SubmitAndUploadTests : SubmitTestBase, IClassFixture<SharedEmulator>
{
    public SubmitAndUploadTests(SharedEmulator shared)
        : base(shared)
    {
    }

    [Fact]
    public async Task An_upload_streams_the_file_and_returns_the_sha256_computed_on_the_way()
    {
        var client = CreateClient();
        var path = WriteSample("sample.exe", size: 3 * 1024 * 1024 + 17);
        long lastReported = 0;

        var sample = await client.UploadSampleAsync(path, comment: "from a test", bytesSent: n => lastReported = n);

        Assert.Equal(Sha256Of(path), sample.Sha256);
        Assert.Equal("sample.exe", sample.FileName);
        Assert.Equal(new FileInfo(path).Length, sample.Length);
        Assert.Equal(sample.Length, lastReported);
        var upload = Assert.Single(RequestsTo("POST", "/samples/entities/samples/v2"));
        Assert.Equal(sample.Length, upload.BytesIn);
        Assert.Contains("is_confidential=true", upload.Query, StringComparison.Ordinal);
        Assert.Contains("comment=from%20a%20test", upload.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_answered_503_is_sent_again_and_hashed_again_from_the_first_byte()
    {
        var client = CreateClient();
        var path = WriteSample("retry.exe", size: 200_000);
        Server.Faults.ErrorStatuses = new[] { 503 };
        Server.Faults.FailNextRequests = 1;

        var sample = await client.UploadSampleAsync(path);

        Assert.Equal(Sha256Of(path), sample.Sha256);
        Assert.Equal(2, RequestsTo("POST", "/samples/entities/samples/v2").Count);
    }

    [Fact]
    public async Task Files_that_cannot_be_sent_are_refused_before_any_request()
    {
        var client = CreateClient();
        var empty = Path.Combine(TempDirectory, "empty.bin");
        await File.WriteAllBytesAsync(empty, Array.Empty<byte>());
        var oversize = Path.Combine(TempDirectory, "huge.bin");
        using (var stream = new FileStream(oversize, FileMode.Create))
        {
            // Sparse: instant, and no disk is written.
            stream.SetLength(FalconXClient.MaxSampleBytes + 1);
        }

        Assert.Equal(SampleFileProblem.Empty, FalconXClient.CheckSampleFile(empty).Problem);
        Assert.Equal(SampleFileProblem.TooLarge, FalconXClient.CheckSampleFile(oversize).Problem);
        Assert.Equal(SampleFileProblem.IsDirectory, FalconXClient.CheckSampleFile(TempDirectory).Problem);
        Assert.Equal(SampleFileProblem.NotFound, FalconXClient.CheckSampleFile(Path.Combine(TempDirectory, "nope.exe")).Problem);
        Assert.Contains("256 MB", FalconXClient.CheckSampleFile(oversize).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => client.UploadSampleAsync(oversize));
        await Assert.ThrowsAsync<ArgumentException>(() => client.UploadSampleAsync(empty));
        Assert.Equal(0, Server.Stats.Requests);
        Assert.True(FalconXClient.CheckSampleFile(WriteSample("ok.exe")).IsValid);
    }

    [Fact]
    public async Task A_submission_comes_back_created_with_its_parameters_and_the_quota()
    {
        var client = CreateClient();
        var sample = await client.UploadSampleAsync(WriteSample("doc.docx"));

        var submission = await client.SubmitAsync(new FalconXSubmitParameters
        {
            Sha256 = sample.Sha256.ToUpperInvariant(),
            EnvironmentId = 110,
            ActionScript = "default_randomfiles",
            NetworkSettings = "simulated",
            SubmitName = "renamed.docx",
            SystemDate = "2024-02-29",
            SystemTime = "23:59",
            CommandLine = "/q",
            DocumentPassword = "secret-pass",
            UserTags = { "case-42", "phish" },
        });

        Assert.Equal(FalconXSubmissionState.Created, submission.State);
        Assert.True(FalconXClient.IsSubmissionId(submission.SubmissionId));
        Assert.Equal(submission.SubmissionId, submission.ReportId);
        Assert.Equal(sample.Sha256, submission.Sha256);
        Assert.Equal(110, submission.EnvironmentId);
        Assert.Equal("win7_x64", submission.EnvironmentName);
        Assert.Equal("renamed.docx", submission.FileName);
        Assert.Equal("default_randomfiles", submission.ActionScript);
        Assert.Equal("simulated", submission.NetworkSetting);
        Assert.Equal(new[] { "case-42", "phish" }, submission.UserTags);
        Assert.NotNull(submission.CreatedAt);
        Assert.Equal(1, submission.Quota!.Used);
        Assert.Equal(100, submission.Quota.Total);
        Assert.DoesNotContain("secret-pass", AllLogText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sha", "not-a-hash")]
    [InlineData("url", "file:///etc/passwd")]
    [InlineData("url", "example.com/no-scheme")]
    [InlineData("date", "2024/01/31")]
    [InlineData("date", "2024-02-30")]
    [InlineData("time", "25:00")]
    [InlineData("time", "9:30")]
    [InlineData("cmd", null)]
    [InlineData("password", null)]
    [InlineData("script", "evil")]
    [InlineData("network", "vpn")]
    public async Task Bad_parameters_are_refused_before_any_request(string what, string? value)
    {
        var client = CreateClient();
        var parameters = new FalconXSubmitParameters { Sha256 = new string('a', 64) };
        switch (what)
        {
            case "sha": parameters.Sha256 = value; break;
            case "url": parameters.Sha256 = null; parameters.Url = value; break;
            case "date": parameters.SystemDate = value; break;
            case "time": parameters.SystemTime = value; break;
            case "cmd": parameters.CommandLine = new string('c', 2049); break;
            case "password": parameters.DocumentPassword = new string('p', 33); break;
            case "script": parameters.ActionScript = value; break;
            default: parameters.NetworkSettings = value; break;
        }

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.SubmitAsync(parameters));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.Equal(0, Server.Stats.Requests);
    }

    [Fact]
    public async Task A_url_is_submitted_without_an_upload()
    {
        var client = CreateClient();

        var submission = await client.SubmitAsync(new FalconXSubmitParameters { Url = "https://example.com/landing", EnvironmentId = 140 });

        Assert.Equal("https://example.com/landing", submission.SubmitUrl);
        Assert.Null(submission.Sha256);
        Assert.Equal(140, submission.EnvironmentId);
        Assert.Empty(RequestsTo("POST", "/samples/"));
    }

    [Fact]
    public async Task An_exhausted_quota_is_a_quota_error_with_the_figures_and_is_not_retried()
    {
        var client = CreateClient();
        var sample = await client.UploadSampleAsync(WriteSample("a.exe"));
        Server.Faults.QuotaTotal = 5;
        Server.Faults.QuotaUsed = 5;

        var error = await Assert.ThrowsAsync<FalconXApiException>(() => client.SubmitAsync(new FalconXSubmitParameters { Sha256 = sample.Sha256 }));

        Assert.Equal(FalconXErrorKind.QuotaExhausted, error.Kind);
        Assert.Equal(429, error.StatusCode);
        Assert.True(error.Quota!.IsExhausted);
        Assert.Single(RequestsTo("POST", "/falconx/entities/submissions/v1"));
        Assert.True(client.LastQuota!.IsExhausted);
    }

    [Fact]
    public async Task Submissions_are_fetched_in_batches_and_unknown_ids_are_left_out()
    {
        var client = CreateClient();
        var real = await UploadAndSubmitAsync(client, WriteSample("a.exe"));
        var ids = Enumerable.Range(0, 449).Select(_ => EmulatorOptions.DefaultCid + "_" + Guid.NewGuid().ToString("N")).Append(real.SubmissionId).ToList();

        var found = await client.GetSubmissionsAsync(ids.Append(real.SubmissionId.ToUpperInvariant()));

        Assert.Equal(real.SubmissionId, Assert.Single(found).SubmissionId);
        var requests = RequestsTo("GET", "/falconx/entities/submissions/v1");
        Assert.Equal(2, requests.Count);
        // Batches fill the URL budget PSFalcon uses against the real API: about 264 ids of 65 characters in 18,500.
        Assert.All(requests, r => Assert.True(Server.BaseUrl.AbsoluteUri.Length + r.Path.Length + r.Query.Length <= 18_500));
        Assert.True(IdsIn(requests[0].Query).Count >= 250);
        Assert.Equal(450, requests.Sum(r => IdsIn(r.Query).Count));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetSubmissionsAsync(new[] { "bad id" }));
    }

    [Fact]
    public async Task Submission_ids_are_queried_page_by_page_with_the_filter()
    {
        var client = CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await UploadAndSubmitAsync(client, WriteSample($"p{i}.exe"), environmentId: i < 3 ? 100 : 160);
        }

        var first = await client.QuerySubmissionIdsPageAsync("sandbox.environment_id:100", limit: 2);
        var second = await client.QuerySubmissionIdsPageAsync("sandbox.environment_id:100", offset: 2, limit: 2);
        var all = new List<string>();
        await foreach (var id in client.QuerySubmissionIdsAsync(new ReportQuery { Filter = "sandbox.environment_id:100", PageSize = 1 }))
        {
            all.Add(id);
        }

        Assert.Equal(3, first.Total);
        Assert.Equal(2, first.Ids.Count);
        Assert.Single(second.Ids);
        Assert.Empty(first.Ids.Intersect(second.Ids));
        Assert.Equal(first.Ids.Concat(second.Ids), all);
        var error = await Assert.ThrowsAsync<FalconXApiException>(() => client.QuerySubmissionIdsPageAsync("nonsense"));
        Assert.Equal(FalconXErrorKind.InvalidRequest, error.Kind);
    }

    [Fact]
    public async Task An_earlier_successful_report_of_the_same_hash_and_environment_is_found_for_reuse()
    {
        var client = CreateClient();
        Server.Faults.SubmissionDelayMs = 0;
        var path = WriteSample("known.exe");
        var earlier = await UploadAndSubmitAsync(client, path, environmentId: 160);
        var sha = Sha256Of(path);

        var hit = await client.FindExistingSubmissionAsync(sha.ToUpperInvariant(), null, 160);
        var otherEnvironment = await client.FindExistingSubmissionAsync(sha, null, 110);
        var unknown = await client.FindExistingSubmissionAsync(new string('b', 64), null, 160);

        Assert.NotNull(hit);
        Assert.Equal(earlier.SubmissionId, hit!.SubmissionId);
        Assert.True(hit.Reused);
        Assert.True(hit.IsSucceeded);
        Assert.Null(otherEnvironment);
        Assert.Null(unknown);
    }

    [Fact]
    public async Task Failed_detonations_are_not_reused_but_ones_still_running_are_adopted()
    {
        var client = CreateClient();
        Server.Faults.SubmissionDelayMs = 0;
        var failing = WriteSample("bad.exe", "FALCONX-ERROR");
        await UploadAndSubmitAsync(client, failing);
        Server.Faults.SubmissionDelayMs = 60_000;
        var running = WriteSample("running.exe");
        var inProgress = await UploadAndSubmitAsync(client, running);

        Assert.Null(await client.FindExistingSubmissionAsync(Sha256Of(failing), null, 160));
        // A re-run while the detonation is still going must not spend quota on a second one.
        var adopted = await client.FindExistingSubmissionAsync(Sha256Of(running), null, 160);
        Assert.NotNull(adopted);
        Assert.Equal(inProgress.SubmissionId, adopted!.SubmissionId);
        Assert.True(adopted.Reused);
        Assert.False(adopted.IsFinished);
        Assert.Null(await client.FindExistingSubmissionAsync(Sha256Of(running), null, 110));
    }

    [Fact]
    public async Task An_earlier_url_detonation_is_found_by_its_url()
    {
        var client = CreateClient();
        Server.Faults.SubmissionDelayMs = 0;
        var earlier = await client.SubmitAsync(new FalconXSubmitParameters { Url = "http://example.com/a?b=c", EnvironmentId = 160 });

        var hit = await client.FindExistingSubmissionAsync(null, "http://example.com/a?b=c", 160);

        // The API stores the URL defanged and filters on that form: the lookup must use it to find anything.
        Assert.Equal(earlier.SubmissionId, hit!.SubmissionId);
        Assert.Equal("http://example.com/a?b=c", hit.SubmitUrl);
        Assert.Equal("hxxp://example[.]com/a?b=c", hit.SubmitUrlDefanged);
        Assert.Equal(0, Server.Stats.DuplicateSubmissions);
        Assert.Null(FalconXClient.ExistingAnalysisFilter(null, "http://example.com/*", 160));
        Assert.Equal("sandbox.submit_url.raw:'hxxp://x[.]test/it\\'s'+sandbox.environment_id:160", FalconXClient.ExistingAnalysisFilter(null, "http://x.test/it's", 160));

        // Reports: SubmitUrl is clickable, the API's form is kept, there is no submit_name, ThreatQ gets the real URL.
        var report = await client.GetReportAsync(earlier.SubmissionId);
        Assert.Equal("http://example.com/a?b=c", report.SubmitUrl);
        Assert.Equal("hxxp://example[.]com/a?b=c", report.SubmitUrlDefanged);
        Assert.Null(report.SubmitName);
        var entities = new FalconX.ThreatQ.ThreatQMapper(new FalconX.ThreatQ.ThreatQMappingOptions { Include = FalconX.ThreatQ.ThreatQMappings.ReportDetails }).Map(report);
        Assert.Equal(new[] { "http://example.com/a?b=c" }, entities[0].GetAttributeValues(FalconX.ThreatQ.ThreatQAttributeNames.SubmitUrl));
    }

    [Theory]
    [InlineData("https://www.example.com/path?q=a.b", "hxxps://www.example[.]com/path?q=a.b")]
    [InlineData("http://user@10.0.0.1:8080/x", "hxxp://user@10.0.0[.]1:8080/x")]
    [InlineData("ftp://files.example.org", "fxp://files.example[.]org")]
    [InlineData("hxxps://www.example[.]com/", "hxxps://www.example[.]com/")]
    public void Urls_defang_like_the_api_stores_them_and_refang_back(string url, string defanged)
    {
        Assert.Equal(defanged, DefangedUrl.Defang(url));
        Assert.Equal(DefangedUrl.Refang(defanged), DefangedUrl.Refang(url));
    }
}
