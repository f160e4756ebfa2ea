using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Emulator;
using FalconX.Models;
using FalconX.Tests.Emulator;
using FalconX.Tests.Reports;

namespace FalconX.Tests.Samples;

/// <summary>ArchiveSubmitter against the emulator: upload with a password, extract a filter, submit tagged with the archive.</summary>
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
        var submission = await submitter.SubmitAsync(file, new FalconXSubmitParameters { EnvironmentId = 140 });

        Assert.Equal("done", archive.Status);
        Assert.Equal(new[] { "x/evil.exe", "readme.txt" }, archive.Files);
        Assert.Equal("x/evil.exe", file.Name);
        Assert.Contains(ArchiveSubmitter.ArchiveTagPrefix + archive.Sha256, submission.UserTags);
        Assert.Equal("evil.exe", submission.FileName);
        var report = await client.GetReportAsync(submission.SubmissionId);
        Assert.Equal("malicious", report.Verdict);
        Assert.Contains(ArchiveSubmitter.ArchiveTagPrefix + archive.Sha256, report.UserTags);
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
