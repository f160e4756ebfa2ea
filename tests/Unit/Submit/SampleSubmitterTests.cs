using System;
using System.IO;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Models;
using FalconX.Workflows;

namespace FalconX.Tests.Submit;

/// <summary>Submit-FalconXSample's workflow (<see cref="SampleSubmitter"/>) against the in-process emulator.</summary>
public sealed class SampleSubmitterTests : SubmitTestBase
{
    private const string SubmitRoute = "/falconx/entities/submissions/v1";

    private SampleSubmitter CreateSubmitter(FalconXSubmitParameters? template = null) =>
        new(CreateClient(), template ?? new FalconXSubmitParameters());

    private int SubmitRequests() => RequestsTo("POST", SubmitRoute).Count;

    [Fact]
    public async Task A_file_is_uploaded_and_submitted_under_its_name_with_the_template_options()
    {
        var submitter = CreateSubmitter(new FalconXSubmitParameters { ActionScript = "default", UserTags = { "case-7" } });
        var path = WriteSample("invoice.exe");

        var outcome = await submitter.SubmitAsync(SampleToSubmit.FromFile(path), 160);

        Assert.Equal(SampleSubmitResult.Submitted, outcome.Result);
        var submission = Assert.IsType<FalconXSubmission>(outcome.Submission);
        Assert.Equal(Sha256Of(path), submission.Sha256);
        Assert.Equal(path, submission.LocalFile);
        Assert.Equal(160, submission.EnvironmentId);
        Assert.Equal("invoice.exe", submission.FileName);
        Assert.Equal("default", submission.ActionScript);
        Assert.Contains("case-7", submission.UserTags);
        Assert.Single(RequestsTo("POST", "/samples/entities/samples/v2"));
        Assert.Equal(1, SubmitRequests());
        Assert.NotNull(outcome.QuotaSummary);
        Assert.Null(outcome.LowQuotaWarning);
    }

    [Fact]
    public async Task The_same_sample_twice_in_one_pipeline_is_submitted_once_and_returned_again()
    {
        var submitter = CreateSubmitter();
        var path = WriteSample("twice.exe");
        var copy = Path.Combine(TempDirectory, "copy-of-twice.exe");
        File.Copy(path, copy);

        var first = await submitter.SubmitAsync(SampleToSubmit.FromFile(path), 160);
        var second = await submitter.SubmitAsync(SampleToSubmit.FromFile(copy), 160);
        var otherEnvironment = await submitter.SubmitAsync(SampleToSubmit.FromFile(copy), 110);

        Assert.Equal(SampleSubmitResult.Submitted, first.Result);
        Assert.Equal(SampleSubmitResult.ReusedFromPipeline, second.Result);
        Assert.Equal(first.Submission!.SubmissionId, second.Submission!.SubmissionId);
        Assert.True(second.Submission.Reused);
        Assert.Equal(copy, second.Submission.LocalFile);
        Assert.Equal(path, first.Submission.LocalFile);
        Assert.Equal(SampleSubmitResult.Submitted, otherEnvironment.Result);
        Assert.Equal(2, SubmitRequests());
    }

    [Fact]
    public async Task A_detonation_still_running_is_adopted_and_a_finished_one_reused_without_spending_quota()
    {
        Server.Faults.SubmissionDelayMs = 600_000;
        var client = CreateClient();
        var running = await UploadAndSubmitAsync(client, WriteSample("running.exe"));
        Server.Faults.SubmissionDelayMs = 0;
        var finishedPath = WriteSample("finished.exe");
        var finished = await UploadAndSubmitAsync(client, finishedPath);
        var submitter = new SampleSubmitter(client, new FalconXSubmitParameters());
        var before = SubmitRequests();

        var adopted = await submitter.SubmitAsync(SampleToSubmit.FromSha256(running.Sha256!.ToUpperInvariant() + " "), 160);
        var reused = await submitter.SubmitAsync(SampleToSubmit.FromFile(finishedPath), 160);

        Assert.Equal(SampleSubmitResult.AdoptedRunning, adopted.Result);
        Assert.Equal(running.SubmissionId, adopted.Submission!.SubmissionId);
        Assert.Equal(SampleSubmitResult.ReusedReport, reused.Result);
        Assert.Equal(finished.SubmissionId, reused.Submission!.SubmissionId);
        Assert.Equal(finishedPath, reused.Submission.LocalFile);
        Assert.Equal(before, SubmitRequests());
    }

    [Fact]
    public async Task Force_submits_again_although_a_report_exists()
    {
        Server.Faults.SubmissionDelayMs = 0;
        var client = CreateClient();
        var path = WriteSample("again.exe");
        await UploadAndSubmitAsync(client, path);
        var submitter = new SampleSubmitter(client, new FalconXSubmitParameters()) { Force = true };

        var outcome = await submitter.SubmitAsync(SampleToSubmit.FromFile(path), 160);

        Assert.Equal(SampleSubmitResult.Submitted, outcome.Result);
        Assert.Equal(2, SubmitRequests());
    }

    [Fact]
    public async Task A_used_up_quota_refuses_the_first_sample_after_the_lookup_and_the_next_ones_without_a_request()
    {
        Server.Faults.QuotaTotal = 3;
        Server.Faults.QuotaUsed = 3;
        var submitter = CreateSubmitter();

        var first = await submitter.SubmitAsync(SampleToSubmit.FromUrl("https://example.invalid/a"), 160);
        var requestsAfterFirst = Server.Stats.RecordedRequests.Count;
        var second = await submitter.SubmitAsync(SampleToSubmit.FromUrl("https://example.invalid/b"), 160);

        Assert.Equal(SampleSubmitResult.QuotaExhausted, first.Result);
        Assert.Equal(FalconXErrorKind.QuotaExhausted, first.Error!.Kind);
        Assert.Same(first.Error, submitter.QuotaFailure);
        Assert.Equal(SampleSubmitResult.QuotaExhausted, second.Result);
        Assert.Same(first.Error, second.Error);
        Assert.Equal(0, SubmitRequests());
        Assert.Equal(requestsAfterFirst, Server.Stats.RecordedRequests.Count);
    }

    [Fact]
    public async Task A_low_quota_is_warned_about_once()
    {
        Server.Faults.QuotaTotal = 100;
        Server.Faults.QuotaUsed = 93;
        var submitter = CreateSubmitter();

        var first = await submitter.SubmitAsync(SampleToSubmit.FromFile(WriteSample("low1.exe")), 160);
        var second = await submitter.SubmitAsync(SampleToSubmit.FromFile(WriteSample("low2.exe")), 160);

        Assert.Contains("Only 6 of 100", first.LowQuotaWarning, StringComparison.Ordinal);
        Assert.Null(second.LowQuotaWarning);
        Assert.Contains("5 of 100 left", second.QuotaSummary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_api_failure_is_an_outcome_and_the_next_sample_still_goes()
    {
        Server.Faults.ErrorStatuses = new[] { 400 };
        Server.Faults.ErrorRoutes = new[] { "POST " + SubmitRoute };
        Server.Faults.FailNextRequests = 1;
        var submitter = CreateSubmitter();

        var failed = await submitter.SubmitAsync(SampleToSubmit.FromUrl("https://example.invalid/fails"), 160);
        var next = await submitter.SubmitAsync(SampleToSubmit.FromUrl("https://example.invalid/goes"), 160);

        Assert.Equal(SampleSubmitResult.Failed, failed.Result);
        Assert.Equal(FalconXErrorKind.InvalidRequest, failed.Error!.Kind);
        Assert.Null(submitter.QuotaFailure);
        Assert.Equal(SampleSubmitResult.Submitted, next.Result);
    }

    [Fact]
    public async Task A_file_deleted_after_the_check_is_refused_as_unusable_and_nothing_is_submitted()
    {
        var path = WriteSample("vanishing.exe");
        var sample = SampleToSubmit.FromFile(path);
        Assert.Null(SampleSubmitter.Check(sample));
        File.Delete(path);

        var outcome = await CreateSubmitter().SubmitAsync(sample, 160);

        Assert.Equal(SampleSubmitResult.Refused, outcome.Result);
        Assert.Equal(ErrorIds.FalconXSampleUnusable, outcome.Refusal!.ErrorId);
        Assert.EndsWith("Nothing was sent for it.", outcome.Refusal.Message, StringComparison.Ordinal);
        Assert.Equal(0, SubmitRequests());
    }

    [Fact]
    public void Bad_samples_are_refused_with_stable_error_ids_before_anything_is_sent()
    {
        var empty = Path.Combine(TempDirectory, "empty.bin");
        File.WriteAllBytes(empty, Array.Empty<byte>());
        var cases = new (SampleToSubmit Sample, string ErrorId, SampleRefusalReason Reason)[]
        {
            (SampleToSubmit.FromFile(Path.Combine(TempDirectory, "missing.exe")), ErrorIds.FalconXSampleNotFound, SampleRefusalReason.NotFound),
            (SampleToSubmit.FromFile(TempDirectory), ErrorIds.FalconXSampleIsDirectory, SampleRefusalReason.InvalidArgument),
            (SampleToSubmit.FromFile(empty), ErrorIds.FalconXSampleEmpty, SampleRefusalReason.InvalidData),
            (SampleToSubmit.FromUrl("file:///etc/passwd"), ErrorIds.FalconXInvalidUrl, SampleRefusalReason.InvalidArgument),
            (SampleToSubmit.FromSha256("abc"), ErrorIds.FalconXInvalidSha256, SampleRefusalReason.InvalidArgument),
        };

        foreach (var (sample, errorId, reason) in cases)
        {
            var refusal = SampleSubmitter.Check(sample);
            Assert.NotNull(refusal);
            Assert.Equal(errorId, refusal!.ErrorId);
            Assert.Equal(reason, refusal.Reason);
        }

        Assert.Null(SampleSubmitter.Check(SampleToSubmit.FromUrl(" https://example.invalid/ok ")));
        Assert.Null(SampleSubmitter.Check(SampleToSubmit.FromSha256(new string('a', 64))));
        Assert.Empty(Server.Stats.RecordedRequests);
    }
}
