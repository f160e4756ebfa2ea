using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Models;
using FalconX.Tests.Emulator;
using FalconX.Workflows;

namespace FalconX.Tests.Reports;

/// <summary>Save-FalconXArtifact's workflow (<see cref="ArtifactSaver"/>) against the in-process emulator.</summary>
public sealed class ArtifactSaverTests : ReportTestBase, IClassFixture<SharedEmulator>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("falconx-artifact-saver-").FullName;

    public ArtifactSaverTests(SharedEmulator shared)
        : base(shared)
    {
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<FalconXReport> MaliciousReportAsync(FalconXClient client)
    {
        var (_, id) = await SubmitFileAsync(client, "artifact saver FALCONX-MALICIOUS " + Guid.NewGuid(), fileName: "dropper.exe");
        return await client.GetReportAsync(id);
    }

    [Fact]
    public async Task Kinds_and_groups_pick_the_reports_artifacts_and_nothing_else()
    {
        var report = await MaliciousReportAsync(CreateClient());

        var iocs = ArtifactSaver.RequestsFor(report, ArtifactSaver.KindsFor(null));
        var strict = ArtifactSaver.RequestsFor(report, ArtifactSaver.KindsFor(new[] { "iocstrict" }));
        var pcapAndShots = ArtifactSaver.RequestsFor(report, ArtifactSaver.KindsFor(new[] { "Pcap", "Screenshot" }));
        var all = ArtifactSaver.RequestsFor(report, ArtifactSaver.KindsFor(new[] { "All" }));

        Assert.Equal(8, iocs.Count);
        Assert.All(iocs, r => Assert.StartsWith("Ioc", r.Kind.ToString(), StringComparison.Ordinal));
        Assert.Equal(new[] { FalconXArtifactKind.IocStrictCsv, FalconXArtifactKind.IocStrictJson, FalconXArtifactKind.IocStrictMaec, FalconXArtifactKind.IocStrictStix }, strict.Select(r => r.Kind).OrderBy(k => k.ToString(), StringComparer.Ordinal));
        Assert.Contains(pcapAndShots, r => r.Kind == FalconXArtifactKind.Pcap);
        Assert.All(pcapAndShots, r => Assert.Contains(r.Kind, new[] { FalconXArtifactKind.Pcap, FalconXArtifactKind.Screenshot }));
        Assert.Equal(report.Artifacts.Count, all.Count);
        Assert.All(all, r => Assert.Equal(report.ReportId, r.ReportId));
        Assert.True(ArtifactSaver.IsGroup("IOCBROAD"));
        Assert.False(ArtifactSaver.IsGroup("Pcap"));
    }

    [Fact]
    public void A_report_without_the_kinds_asked_for_says_which_it_has()
    {
        var report = Assert.Single(ReportParser.ParseReports("""{"id":"abc_def","verdict":"no specific threat","ioc_report_strict_csv_artifact_id":"aa"}"""));

        Assert.Empty(ArtifactSaver.RequestsFor(report, ArtifactSaver.KindsFor(new[] { "Pcap" })));
        Assert.Equal("Report abc_def has no artifact of the kind asked for (Pcap). Its artifacts: IocStrictCsv.", ArtifactSaver.NotInReportMessage(report, new[] { "Pcap" }));
    }

    [Fact]
    public async Task Saves_run_in_parallel_but_outcomes_come_in_request_order_with_failures_in_their_place()
    {
        var client = CreateClient();
        var report = await MaliciousReportAsync(client);
        var requests = ArtifactSaver.RequestsFor(report, ArtifactSaver.KindsFor(new[] { "All" })).ToList();
        requests.Insert(2, new ArtifactSaveRequest { ArtifactId = new string('0', 64), Kind = FalconXArtifactKind.Pcap, ReportId = report.ReportId });
        foreach (var request in requests)
        {
            request.Folder = _folder;
        }

        var progress = new ConcurrentBag<(int Finished, int Total)>();
        var saver = new ArtifactSaver(client) { Progress = (finished, total, _) => progress.Add((finished, total)) };
        var outcomes = new List<ArtifactSaveOutcome>();

        await saver.SaveAsync(requests, outcomes.Add);

        Assert.Equal(Enumerable.Range(0, requests.Count), outcomes.Select(o => o.Index));
        Assert.Same(requests[2], outcomes[2].Request);
        var notFound = Assert.IsType<FalconXApiException>(outcomes[2].Error);
        Assert.Equal(FalconXErrorKind.NotFound, notFound.Kind);
        Assert.All(outcomes.Where(o => o.Index != 2), o => Assert.True(File.Exists(o.Saved!.Path)));
        Assert.Equal(requests.Count - 1, Directory.GetFiles(_folder).Length);
        Assert.Contains((requests.Count, requests.Count), progress);
    }

    [Fact]
    public async Task A_file_already_there_is_an_outcome_not_an_exception()
    {
        var client = CreateClient();
        var report = await MaliciousReportAsync(client);
        var request = ArtifactSaver.RequestsFor(report, ArtifactSaver.KindsFor(new[] { "IocStrictCsv" })).Single();
        request.Folder = _folder;
        await File.WriteAllTextAsync(Path.Combine(_folder, ArtifactSaver.PlannedFileName(request)!), "something else");
        var outcomes = new List<ArtifactSaveOutcome>();

        await new ArtifactSaver(client).SaveAsync(new[] { request }, outcomes.Add);

        Assert.IsType<ArtifactFileExistsException>(Assert.Single(outcomes).Error);
        Assert.Equal("something else", await File.ReadAllTextAsync(Path.Combine(_folder, ArtifactSaver.PlannedFileName(request)!)));
    }
}
