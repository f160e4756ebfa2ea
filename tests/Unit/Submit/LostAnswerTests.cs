using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Emulator;
using FalconX.Models;

namespace FalconX.Tests.Submit;

/// <summary>
/// What the client does when the answer to a submission is lost (dropped connection, 5xx, garbled 2xx): it looks the
/// submission up instead of guessing, so it neither loses a submission the API made nor spends quota twice; and how
/// wrong answers of the submission routes are reported.
/// </summary>
public sealed class LostAnswerTests : SubmitTestBase
{
    protected override EmulatorOptions CreateEmulatorOptions() => new() { SubmissionDelayMs = 50 };

    [Fact]
    public async Task A_dropped_submission_answer_returns_the_submission_the_api_made_without_a_second_one()
    {
        var client = CreateClient();
        var sample = await client.UploadSampleAsync(WriteSample("dropped.exe"));
        Server.Faults.DropConnectionRoutes = new[] { "POST /falconx/entities/submissions/v1" };
        Server.Faults.DropConnectionRate = 1;

        var submission = await client.SubmitAsync(new FalconXSubmitParameters { Sha256 = sample.Sha256, EnvironmentId = 160 });

        Assert.Equal(1, Server.Stats.Submissions);
        Assert.Equal(0, Server.Stats.DuplicateSubmissions);
        Assert.Single(RequestsTo("POST", "/falconx/entities/submissions/v1"));
        Assert.Equal(sample.Sha256, submission.Sha256);
        Assert.Equal(160, submission.EnvironmentId);
        Assert.NotNull(submission.Quota);
        Assert.Equal(1, submission.Quota!.Used);
        var made = Server.Stats.RecordedRequests.Single(r => r.Method == "GET" && r.Path == "/falconx/entities/submissions/v1");
        Assert.Contains(submission.SubmissionId, Uri.UnescapeDataString(made.Query), StringComparison.Ordinal);
        Assert.Contains("the API had made submission " + submission.SubmissionId, AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_submission_answer_is_recovered_the_same_way()
    {
        var client = CreateClient();
        var submission = await SubmitUnderAsync(client, "truncated.exe", () =>
        {
            Server.Faults.ErrorRoutes = new[] { "POST /falconx/entities/submissions/v1" };
            Server.Faults.TruncatedJsonRate = 1;
        });

        Assert.Equal(1, Server.Stats.Submissions);
        Assert.False(string.IsNullOrEmpty(submission.SubmissionId));
    }

    [Fact]
    public async Task A_500_before_the_api_acted_is_checked_and_then_sent_again_once()
    {
        var client = CreateClient();
        var submission = await SubmitUnderAsync(client, "fivehundred.exe", () =>
        {
            Server.Faults.ErrorRoutes = new[] { "POST /falconx/entities/submissions/v1" };
            Server.Faults.ErrorStatuses = new[] { 500 };
            Server.Faults.FailNextRequests = 1;
        });

        Assert.Equal(2, RequestsTo("POST", "/falconx/entities/submissions/v1").Count);
        Assert.Single(RequestsTo("GET", "/falconx/queries/submissions/v1"));
        Assert.Equal(1, Server.Stats.Submissions);
        Assert.Equal("created", submission.State);
        Assert.Contains("made no submission (checked)", AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_submission_of_the_same_sample_in_another_environment_is_not_mistaken_for_the_lost_one()
    {
        var client = CreateClient();
        var path = WriteSample("earlier.exe");
        var sample = await client.UploadSampleAsync(path);
        var earlier = await client.SubmitAsync(new FalconXSubmitParameters { Sha256 = sample.Sha256, EnvironmentId = 160 });
        // The lookup after a lost answer matches the environment too: a detonation elsewhere is another submission.
        Server.Faults.ErrorRoutes = new[] { "POST /falconx/entities/submissions/v1" };
        Server.Faults.ErrorStatuses = new[] { 502 };
        Server.Faults.FailNextRequests = 1;

        var other = await client.SubmitAsync(new FalconXSubmitParameters { Sha256 = sample.Sha256, EnvironmentId = 100 });

        Assert.NotEqual(earlier.SubmissionId, other.SubmissionId);
        Assert.Equal(100, other.EnvironmentId);
        Assert.Equal(2, Server.Stats.Submissions);
    }

    [Fact]
    public async Task When_every_attempt_fails_before_acting_the_error_says_no_quota_was_spent()
    {
        var options = Options();
        options.MaxRetryAttempts = 2;
        var client = CreateClient(options);
        var sample = await client.UploadSampleAsync(WriteSample("never.exe"));
        Server.Faults.ErrorRoutes = new[] { "POST /falconx/entities/submissions/v1" };
        Server.Faults.ErrorStatuses = new[] { 500 };
        Server.Faults.ErrorRate = 1;

        var error = await Assert.ThrowsAsync<FalconXApiException>(() => client.SubmitAsync(new FalconXSubmitParameters { Sha256 = sample.Sha256 }));

        Assert.Equal(FalconXErrorKind.Server, error.Kind);
        Assert.Contains("no quota was spent", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, RequestsTo("POST", "/falconx/entities/submissions/v1").Count);
        Assert.Equal(0, Server.Stats.Submissions);
    }

    [Fact]
    public async Task When_the_lookup_fails_too_the_error_says_how_to_check_before_submitting_again()
    {
        var options = Options();
        options.MaxRetryAttempts = 1;
        var client = CreateClient(options);
        var sample = await client.UploadSampleAsync(WriteSample("unknown.exe"));
        Server.Faults.DropConnectionRoutes = new[] { "POST /falconx/entities/submissions/v1" };
        Server.Faults.DropConnectionRate = 1;
        Server.Faults.ErrorRoutes = new[] { "GET /falconx/queries/submissions/v1" };
        Server.Faults.ErrorStatuses = new[] { 500 };
        Server.Faults.ErrorRate = 1;

        var error = await Assert.ThrowsAsync<FalconXApiException>(() => client.SubmitAsync(new FalconXSubmitParameters { Sha256 = sample.Sha256 }));

        Assert.Equal(FalconXErrorKind.Transport, error.Kind);
        Assert.Contains("could not be checked", error.Message, StringComparison.Ordinal);
        Assert.Contains("Get-FalconXSubmission -Filter", error.Message, StringComparison.Ordinal);
        Assert.Contains(sample.Sha256, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, Server.Stats.Submissions);
        Assert.Single(RequestsTo("POST", "/falconx/entities/submissions/v1"));
    }

    [Fact]
    public async Task Refusals_are_not_looked_up()
    {
        var client = CreateClient();
        Server.Faults.QuotaUsed = Server.Faults.QuotaTotal;
        var sample = await client.UploadSampleAsync(WriteSample("quota.exe"));

        var error = await Assert.ThrowsAsync<FalconXApiException>(() => client.SubmitAsync(new FalconXSubmitParameters { Sha256 = sample.Sha256 }));

        Assert.Equal(FalconXErrorKind.QuotaExhausted, error.Kind);
        Assert.Empty(RequestsTo("GET", "/falconx/queries/submissions/v1"));
    }

    [Fact]
    public async Task A_submission_field_of_the_wrong_type_is_an_invalid_response_not_a_json_exception()
    {
        var client = CreateClient();
        var sample = await client.UploadSampleAsync(WriteSample("types.exe"));
        await PutCannedAsync("""{"route":"GET /falconx/entities/submissions/v1","body":{"meta":{},"resources":[{"id":"ace79a13936f4ec8ad4de36606814bfc_00000000000000000000000000000001","state":123}],"errors":[]}}""");

        var error = await Assert.ThrowsAsync<FalconXApiException>(() => client.GetSubmissionsAsync(new[] { "ace79a13936f4ec8ad4de36606814bfc_00000000000000000000000000000001" }));

        Assert.Equal(FalconXErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("wrong type at $.state", error.Message, StringComparison.Ordinal);
        Assert.Equal(200, error.StatusCode);
        Assert.NotNull(sample);
    }

    [Fact]
    public async Task A_200_that_reports_a_server_failure_instead_of_submissions_is_a_server_error()
    {
        var client = CreateClient();
        await PutCannedAsync("""{"route":"GET /falconx/entities/submissions/v1","body":{"meta":{},"resources":[],"errors":[{"code":500,"message":"internal error"}]}}""");

        var error = await Assert.ThrowsAsync<FalconXApiException>(() => client.GetSubmissionsAsync(new[] { "ace79a13936f4ec8ad4de36606814bfc_00000000000000000000000000000002" }));

        Assert.Equal(FalconXErrorKind.Server, error.Kind);
        Assert.Contains("[500] internal error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_200_that_reports_a_server_failure_instead_of_a_report_is_a_server_error_not_not_found()
    {
        var client = CreateClient();
        const string id = "ace79a13936f4ec8ad4de36606814bfc_00000000000000000000000000000003";
        await PutCannedAsync("""{"route":"GET /falconx/entities/reports/v1","body":{"meta":{},"resources":[],"errors":[{"code":503,"message":"backend unavailable"}]}}""");

        var results = await client.GetReportsAsync(new[] { id }).ToListAsync();

        var error = Assert.Single(results).Error!;
        Assert.Equal(FalconXErrorKind.Server, error.Kind);
        Assert.Contains("backend unavailable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_symbolic_link_is_checked_by_what_it_points_to()
    {
        var empty = Path.Combine(TempDirectory, "empty.bin");
        await File.WriteAllBytesAsync(empty, Array.Empty<byte>());
        var toEmpty = Path.Combine(TempDirectory, "to-empty.exe");
        File.CreateSymbolicLink(toEmpty, empty);
        var dangling = Path.Combine(TempDirectory, "dangling.exe");
        File.CreateSymbolicLink(dangling, Path.Combine(TempDirectory, "gone.exe"));
        var loopA = Path.Combine(TempDirectory, "loop-a.exe");
        var loopB = Path.Combine(TempDirectory, "loop-b.exe");
        File.CreateSymbolicLink(loopA, loopB);
        File.CreateSymbolicLink(loopB, loopA);
        var good = Path.Combine(TempDirectory, "to-good.exe");
        File.CreateSymbolicLink(good, WriteSample("good.exe", size: 100));

        Assert.Equal(SampleFileProblem.Empty, FalconXClient.CheckSampleFile(toEmpty).Problem);
        var missing = FalconXClient.CheckSampleFile(dangling);
        Assert.Equal(SampleFileProblem.NotFound, missing.Problem);
        Assert.Contains("symbolic link to", missing.Message, StringComparison.Ordinal);
        var loop = FalconXClient.CheckSampleFile(loopA);
        Assert.Equal(SampleFileProblem.Unreadable, loop.Problem);
        Assert.Contains("leads back to itself", loop.Message, StringComparison.Ordinal);
        var fine = FalconXClient.CheckSampleFile(good);
        Assert.True(fine.IsValid);
        Assert.Equal(100, fine.Length);
    }

    private async Task<FalconXSubmission> SubmitUnderAsync(FalconXClient client, string name, Action faults)
    {
        var sample = await client.UploadSampleAsync(WriteSample(name));
        faults();
        return await client.SubmitAsync(new FalconXSubmitParameters { Sha256 = sample.Sha256, EnvironmentId = 160 });
    }

    [Fact]
    public async Task A_429_in_the_falconx_envelope_without_retry_after_is_the_quota_not_a_rate_limit_to_wait_out()
    {
        var client = CreateClient();
        var sample = await client.UploadSampleAsync(WriteSample("a.exe"));
        // As the real Submit answers past the quota: 429, falconx envelope with meta.quota, no X-Ratelimit-Retryafter,
        // and words that need not say "quota" (the figures count in-progress detonations too).
        await PutCannedAsync("""{"route":"POST /falconx/entities/submissions/v1","status":429,"body":{"meta":{"powered_by":"falconx-api","quota":{"total":100,"used":97,"in_progress":3}},"resources":[],"errors":[{"code":429,"message":"Too Many Requests"}]}}""");

        var error = await Assert.ThrowsAsync<FalconXApiException>(() => client.SubmitAsync(new FalconXSubmitParameters { Sha256 = sample.Sha256 }));

        Assert.Equal(FalconXErrorKind.QuotaExhausted, error.Kind);
        Assert.Single(RequestsTo("POST", "/falconx/entities/submissions/v1"));
        Assert.DoesNotContain("waiting", AllLogText(), StringComparison.Ordinal);
    }

    private async Task PutCannedAsync(string json)
    {
        using var http = new HttpClient { BaseAddress = Server.BaseUrl };
        using var response = await http.PutAsync("/_emulator/canned", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
