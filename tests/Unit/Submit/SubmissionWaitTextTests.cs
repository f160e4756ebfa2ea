using System;
using System.Collections.Generic;
using FalconX.Client;
using FalconX.Models;
using FalconX.Workflows;

namespace FalconX.Tests.Submit;

/// <summary>What a wait for detonations says: the progress bar's words, the summary, the Ctrl+C notice, the error messages.</summary>
public sealed class SubmissionWaitTextTests
{
    private static FalconXSubmission Submission(string id, string state, string? file = null, string? errorType = null, string? errorMessage = null) =>
        new(id) { State = state, LocalFile = file, EnvironmentId = 160, ErrorType = errorType, ErrorMessage = errorMessage };

    [Theory]
    [InlineData(0, "0 s")]
    [InlineData(59.9, "59 s")]
    [InlineData(65, "1:05")]
    [InlineData(3723, "1:02:03")]
    public void Elapsed_time_reads_as_seconds_then_a_clock(double seconds, string expected) =>
        Assert.Equal(expected, SubmissionWaitText.Elapsed(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void The_status_names_only_the_counts_that_are_not_zero_and_never_calls_unchecked_queued()
    {
        var submissions = new List<FalconXSubmission>
        {
            Submission("a", FalconXSubmissionState.Success),
            Submission("b", FalconXSubmissionState.Error),
            Submission("c", FalconXSubmissionState.Running),
            Submission("d", FalconXSubmissionState.Created),
            Submission("e", string.Empty),
        };

        var beforeFirstCheck = new SubmissionPollProgress(submissions, TimeSpan.FromSeconds(3), null, TimeSpan.FromSeconds(3), statusRequests: 0);
        var afterChecks = new SubmissionPollProgress(submissions, TimeSpan.FromSeconds(42), TimeSpan.FromMinutes(20), TimeSpan.FromSeconds(6), statusRequests: 2);

        Assert.Equal("2 of 5 finished (1 report, 1 failed); 3 not checked yet; 3 s elapsed", SubmissionWaitText.Status(beforeFirstCheck));
        Assert.Equal("2 of 5 finished (1 report, 1 failed); 1 detonating, 1 waiting to start, 1 not checked yet; 42 s elapsed", SubmissionWaitText.Status(afterChecks));
        Assert.Equal("Next status check in 6 s", SubmissionWaitText.CurrentOperation(afterChecks));
    }

    [Fact]
    public void One_submission_shows_its_own_state_and_the_next_check()
    {
        var one = new List<FalconXSubmission> { Submission("a", FalconXSubmissionState.Running, "/tmp/evil.exe") };

        Assert.Equal("/tmp/evil.exe: submitted; next check in 3 s", SubmissionWaitText.CurrentOperation(new SubmissionPollProgress(one, TimeSpan.Zero, null, TimeSpan.FromSeconds(3), 0)));
        Assert.Equal("/tmp/evil.exe: running; next check in 12 s", SubmissionWaitText.CurrentOperation(new SubmissionPollProgress(one, TimeSpan.FromSeconds(9), null, TimeSpan.FromSeconds(12), 2)));
        one[0].State = FalconXSubmissionState.Success;
        Assert.Equal("All finished.", SubmissionWaitText.CurrentOperation(new SubmissionPollProgress(one, TimeSpan.FromSeconds(30), null, TimeSpan.Zero, 3)));
    }

    [Fact]
    public void The_ctrl_c_notice_names_the_files_and_the_command_that_waits_again()
    {
        var notReported = new List<FalconXSubmission>
        {
            Submission("cid_1", FalconXSubmissionState.Running, "/inbox/a.exe"),
            Submission("cid_2", FalconXSubmissionState.Created, "/inbox/b.exe"),
        };

        var notice = SubmissionWaitText.InterruptedNotice(notReported);

        Assert.Equal(
            "Stopped waiting (Ctrl+C); the detonations go on. 2 submissions not reported yet (a.exe, b.exe). Wait for them again with:"
                + Environment.NewLine + "Get-FalconXReport -Wait -ReportId 'cid_1', 'cid_2'",
            notice);
        Assert.Null(SubmissionWaitText.InterruptedNotice(Array.Empty<FalconXSubmission>()));
    }

    [Fact]
    public void A_failed_detonation_names_the_file_and_the_api_reason_with_advice_for_a_bad_file_type()
    {
        var (message, advice) = SubmissionWaitText.DetonationFailed(Submission("cid_9", FalconXSubmissionState.Error, "/inbox/x.exe", "FILE_TYPE_BAD_ERROR", "Unsupported file type."));
        var (_, otherAdvice) = SubmissionWaitText.DetonationFailed(Submission("cid_9", FalconXSubmissionState.Error, "/inbox/x.exe"));

        Assert.Equal("The detonation of '/inbox/x.exe' (submission cid_9, environment 160) failed: FILE_TYPE_BAD_ERROR: Unsupported file type.", message);
        Assert.StartsWith("The sandbox cannot run this file type", advice, StringComparison.Ordinal);
        Assert.StartsWith("Check the file and the environment", otherAdvice, StringComparison.Ordinal);
    }

    [Fact]
    public void A_timeout_says_the_state_the_time_waited_and_how_to_wait_again()
    {
        var text = SubmissionWaitText.TimedOut(Submission("cid_3", FalconXSubmissionState.Running, "/inbox/slow.exe"), TimeSpan.FromMinutes(20));

        Assert.Equal("'/inbox/slow.exe' (submission cid_3) was still running after 20:00. The detonation goes on: wait again later with Get-FalconXReport -Wait -SubmissionId cid_3, or raise -TimeoutSec.", text);
    }
}
