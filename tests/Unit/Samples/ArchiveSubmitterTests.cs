using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Emulator;
using FalconX.Models;
using FalconX.Tests.Emulator;
using FalconX.Tests.Reports;
using FalconX.Workflows;

namespace FalconX.Tests.Samples;

/// <summary>
/// ArchiveSubmitter against the emulator: upload with a password, extract a filter; then SampleSubmitter submits each
/// file tagged with the archive, never reusing an earlier report, with the same quota guard as single samples.
/// </summary>
public sealed class ArchiveSubmitterTests : ReportTestBase, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "falconx-archives-" + Guid.NewGuid().ToString("N"));

    public ArchiveSubmitterTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public async Task Submits_the_matching_files_of_a_zip_tagged_with_the_archive()
    {
        using var client = CreateClient();
        var tag = Guid.NewGuid().ToString("N");
        var path = Write("mail.zip", ArchiveEmulatorTests.PlainZip(("x/evil.exe", "MZ FALCONX-MALICIOUS " + tag), ("readme.txt", "clean " + tag)));
        var submitter = new ArchiveSubmitter(client);

        var archive = await submitter.UploadAsync(path, password: null);
        var files = await submitter.ExtractAsync(archive, new[] { "*.exe" });
        var file = Assert.Single(files);
        var outcome = await new SampleSubmitter(client, new FalconXSubmitParameters()).SubmitAsync(SampleToSubmit.FromArchiveFile(file), 140);
        var submission = outcome.Submission!;

        Assert.Equal("done", archive.Status);
        Assert.Equal(new[] { "x/evil.exe", "readme.txt" }, archive.Files);
        Assert.Equal("x/evil.exe", file.Name);
        Assert.Contains(ArchiveSubmitter.ArchiveTagPrefix + archive.Sha256, submission.UserTags);
        Assert.Equal("evil.exe", submission.FileName);
        Assert.Equal(140, submission.EnvironmentId);
        Assert.Same(submission, file.Submission);
        var report = await client.GetReportAsync(submission.SubmissionId);
        Assert.Equal("malicious", report.Verdict);
        Assert.Contains(ArchiveSubmitter.ArchiveTagPrefix + archive.Sha256, report.UserTags);
    }

    [Fact]
    public async Task Files_of_two_archives_carry_the_user_tags_and_only_their_own_archive_tag()
    {
        using var client = CreateClient();
        var tag = Guid.NewGuid().ToString("N");
        var opener = new ArchiveSubmitter(client);
        var firstArchive = await opener.UploadAsync(Write("first.zip", ArchiveEmulatorTests.PlainZip(("one.exe", "MZ one " + tag))), password: null);
        var secondArchive = await opener.UploadAsync(Write("second.zip", ArchiveEmulatorTests.PlainZip(("two.exe", "MZ two " + tag))), password: null);
        var template = new FalconXSubmitParameters { UserTags = { "case-9" } };
        var submitter = new SampleSubmitter(client, template);

        var first = await submitter.SubmitAsync(SampleToSubmit.FromArchiveFile(Assert.Single(await opener.ExtractAsync(firstArchive, null))), 160);
        var second = await submitter.SubmitAsync(SampleToSubmit.FromArchiveFile(Assert.Single(await opener.ExtractAsync(secondArchive, null))), 160);

        Assert.Equal(new[] { "case-9", ArchiveSubmitter.ArchiveTagPrefix + firstArchive.Sha256 }, first.Submission!.UserTags);
        Assert.Equal(new[] { "case-9", ArchiveSubmitter.ArchiveTagPrefix + secondArchive.Sha256 }, second.Submission!.UserTags);
        Assert.Equal(new[] { "case-9" }, template.UserTags);
    }

    [Fact]
    public async Task A_file_of_an_archive_is_submitted_again_with_the_tag_although_a_report_of_it_exists()
    {
        using var client = CreateClient();
        var content = "MZ FALCONX-MALICIOUS twice " + Guid.NewGuid();
        var path = Write("again.zip", ArchiveEmulatorTests.PlainZip(("again.exe", content)));
        var opener = new ArchiveSubmitter(client);
        var archive = await opener.UploadAsync(path, password: null);
        var file = Assert.Single(await opener.ExtractAsync(archive, null));
        var earlier = await new SampleSubmitter(client, new FalconXSubmitParameters()).SubmitAsync(SampleToSubmit.FromSha256(file.Sha256!), 160);
        var submitter = new SampleSubmitter(client, new FalconXSubmitParameters());

        var first = await submitter.SubmitAsync(SampleToSubmit.FromArchiveFile(file), 160);
        var second = await submitter.SubmitAsync(SampleToSubmit.FromArchiveFile(file), 160);

        Assert.Equal(SampleSubmitResult.Submitted, earlier.Result);
        Assert.Equal(SampleSubmitResult.Submitted, first.Result);
        Assert.Equal(SampleSubmitResult.Submitted, second.Result);
        Assert.NotEqual(earlier.Submission!.SubmissionId, first.Submission!.SubmissionId);
        Assert.NotEqual(first.Submission.SubmissionId, second.Submission!.SubmissionId);
        Assert.Contains(ArchiveSubmitter.ArchiveTagPrefix + archive.Sha256, first.Submission.UserTags);
        Assert.Equal(3, RequestsTo("POST", "/falconx/entities/submissions/v1").Count);
        Assert.Equal("again.exe (in again.zip)", first.Sample.Display);
        Assert.Same(file, first.Sample.Target);
    }

    [Fact]
    public async Task A_used_up_quota_stops_the_other_files_of_the_archives_without_a_request()
    {
        using var client = CreateClient();
        var tag = Guid.NewGuid().ToString("N");
        var path = Write("quota.zip", ArchiveEmulatorTests.PlainZip(("a.exe", "MZ a " + tag), ("b.exe", "MZ b " + tag), ("c.exe", "MZ c " + tag)));
        var opener = new ArchiveSubmitter(client);
        var files = await opener.ExtractAsync(await opener.UploadAsync(path, password: null), null);
        Server.Faults.QuotaTotal = 10;
        Server.Faults.QuotaUsed = 10;
        var submitter = new SampleSubmitter(client, new FalconXSubmitParameters());

        var outcomes = new List<SampleSubmitOutcome>();
        foreach (var file in files)
        {
            outcomes.Add(await submitter.SubmitAsync(SampleToSubmit.FromArchiveFile(file), 160));
        }

        Assert.Equal(3, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(SampleSubmitResult.QuotaExhausted, o.Result));
        Assert.All(outcomes, o => Assert.Same(submitter.QuotaFailure, o.Error));
        Assert.Single(RequestsTo("POST", "/falconx/entities/submissions/v1"));
    }

    [Fact]
    public async Task Opens_an_infected_zip_and_reports_a_wrong_password_without_submitting()
    {
        using var client = CreateClient();
        var content = Encoding.UTF8.GetBytes("MZ locked " + Guid.NewGuid());
        var path = Write("locked.zip", ZipCrypto.WriteEncryptedZip("payload.exe", content, "infected", DateTime.UtcNow));
        var submitter = new ArchiveSubmitter(client);

        var wrong = await submitter.UploadAsync(path, "letmein");
        var right = await submitter.UploadAsync(path, "infected");
        var files = await submitter.ExtractAsync(right, null);

        Assert.Equal("failed", wrong.Status);
        Assert.Contains("wrong password", wrong.Error, StringComparison.Ordinal);
        Assert.Empty(RequestsTo("POST", "/falconx/entities/submissions/v1"));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), Assert.Single(files).Sha256);
        Assert.DoesNotContain("letmein", AllLogText(), StringComparison.Ordinal);
        Assert.DoesNotContain("infected", AllLogText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a/b/Invoice.EXE", "*.exe", true)]
    [InlineData("a/b/invoice.exe", "a/*", true)]
    [InlineData("invoice.pdf", "*.exe", false)]
    [InlineData("x.js", "?.js", true)]
    public void Include_patterns_match_the_name_or_the_path(string name, string pattern, bool expected) =>
        Assert.Equal(expected, ArchiveSubmitter.Matches(name, new[] { pattern }));
}
