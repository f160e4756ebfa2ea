using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace FalconX.Emulator;

/// <summary>
/// The downloadable artifacts a finished report names (IOC packs, PCAP, screenshots, memory strings and dumps): their
/// ids, derived from the sample and environment like everything else in the report, and the report fields that list them.
/// </summary>
internal static class ReportArtifacts
{
    private static readonly (string Field, ArtifactKind Kind)[] IocPacks =
    [
        ("ioc_report_strict_csv_artifact_id", ArtifactKind.IocStrictCsv),
        ("ioc_report_broad_csv_artifact_id", ArtifactKind.IocBroadCsv),
        ("ioc_report_strict_json_artifact_id", ArtifactKind.IocStrictJson),
        ("ioc_report_broad_json_artifact_id", ArtifactKind.IocBroadJson),
        ("ioc_report_strict_stix_artifact_id", ArtifactKind.IocStrictStix),
        ("ioc_report_broad_stix_artifact_id", ArtifactKind.IocBroadStix),
        ("ioc_report_strict_maec_artifact_id", ArtifactKind.IocStrictMaec),
        ("ioc_report_broad_maec_artifact_id", ArtifactKind.IocBroadMaec),
    ];

    /// <summary>Every artifact a finished report names, so the artifact endpoint can tell known ids from unknown ones.</summary>
    public static IEnumerable<(string Id, ArtifactKind Kind, int Index)> ArtifactsOf(Submission submission)
    {
        if (submission.Marker == VerdictMarker.Error)
        {
            yield break;
        }

        foreach (var kind in IocPacks.Select(p => p.Kind).Append(ArtifactKind.Pcap).Append(ArtifactKind.MemoryStrings))
        {
            yield return (Id(submission, kind), kind, 0);
        }

        var screenshots = ScreenshotCount(submission);
        for (var i = 0; i < screenshots; i++)
        {
            yield return (Id(submission, ArtifactKind.Screenshot, i), ArtifactKind.Screenshot, i);
        }

        for (var i = 0; i < MemoryDumpCount(submission); i++)
        {
            yield return (Id(submission, ArtifactKind.MemoryDumpBinary, i), ArtifactKind.MemoryDumpBinary, i);
            yield return (Id(submission, ArtifactKind.MemoryDumpHex, i), ArtifactKind.MemoryDumpHex, i);
            yield return (Id(submission, ArtifactKind.MemoryDumpStrings, i), ArtifactKind.MemoryDumpStrings, i);
        }
    }

    /// <summary>The report's <c>ioc_report_*_artifact_id</c> fields (summaries have them too).</summary>
    public static void AddIocPackIds(JsonObject report, Submission submission)
    {
        foreach (var (field, kind) in IocPacks)
        {
            report[field] = Id(submission, kind);
        }
    }

    /// <summary>The sandbox's PCAP, memory-strings and screenshot artifact ids.</summary>
    public static void AddCaptureIds(JsonObject sandbox, Submission submission)
    {
        sandbox["pcap_report_artifact_id"] = Id(submission, ArtifactKind.Pcap);
        sandbox["memory_strings_artifact_id"] = Id(submission, ArtifactKind.MemoryStrings);
        sandbox["screenshots_artifact_ids"] = Envelope.Strings(Enumerable.Range(0, ScreenshotCount(submission))
            .Select(i => Id(submission, ArtifactKind.Screenshot, i)));
    }

    /// <summary>The sandbox's <c>memory_dumps</c>: one to two for a malicious or suspicious sample, none otherwise; one draw of <paramref name="random"/> each.</summary>
    public static JsonArray MemoryDumps(Submission submission, string verdict, Random random)
    {
        var process = ReportSeed.ProcessName(submission);
        var dumps = new JsonArray();
        for (var i = 0; i < MemoryDumpCount(submission); i++)
        {
            dumps.Add(new JsonObject
            {
                ["address"] = "0x" + (0x400000 + (i * 0x10000)).ToString("x8", CultureInfo.InvariantCulture),
                ["binary_content_id"] = Id(submission, ArtifactKind.MemoryDumpBinary, i),
                ["hex_dump_id"] = Id(submission, ArtifactKind.MemoryDumpHex, i),
                ["extracted_strings_id"] = Id(submission, ArtifactKind.MemoryDumpStrings, i),
                ["file_process"] = process,
                ["file_process_pid"] = 2000 + random.Next(0, 4000),
                ["file_process_sha256"] = submission.Sha256,
                ["filename"] = $"{Path.GetFileNameWithoutExtension(submission.SubmitName)}.{i}.dmp",
                ["flags"] = "RWX",
                ["verdict"] = verdict,
            });
        }

        return dumps;
    }

    /// <summary>The artifact id of one artifact of a (sample, environment) pair: a 64-hex digest, like real ids.</summary>
    private static string Id(Submission submission, ArtifactKind kind, int index = 0) =>
        ReportSeed.Hex(submission.Sha256, submission.EnvironmentId, "artifact:" + kind + ":" + index.ToString(CultureInfo.InvariantCulture), 64);

    private static int ScreenshotCount(Submission s) => 1 + (int)(ReportSeed.Seed(s.Sha256, s.EnvironmentId, "screens") % 3);

    private static int MemoryDumpCount(Submission s) => s.Marker is VerdictMarker.Malicious or VerdictMarker.Suspicious ? 1 + (int)(ReportSeed.Seed(s.Sha256, s.EnvironmentId, "dumps") % 2) : 0;
}
