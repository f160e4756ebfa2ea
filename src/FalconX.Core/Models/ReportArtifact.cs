using System.Collections.Generic;

namespace FalconX.Models;

/// <summary>One downloadable artifact of a report: its kind (e.g. <c>IocStrictCsv</c>, <c>Pcap</c>, <c>Screenshot</c>) and id.</summary>
public sealed class ReportArtifact
{
    internal ReportArtifact(string? reportId, string kind, string artifactId, int number = 0)
    {
        ReportId = reportId;
        Kind = kind;
        ArtifactId = artifactId;
        Number = number;
    }

    /// <summary>The report the artifact belongs to.</summary>
    public string? ReportId { get; }

    /// <summary>
    /// IocStrictCsv, IocStrictJson, IocStrictStix, IocStrictMaec, IocBroadCsv, IocBroadJson, IocBroadStix, IocBroadMaec,
    /// Pcap, MemoryStrings, MemoryDumps, Screenshot, or for one dumped memory region MemoryDump (binary),
    /// MemoryDumpHexDump and MemoryDumpStrings.
    /// </summary>
    public string Kind { get; }

    /// <summary>The id to pass to the artifact download.</summary>
    public string ArtifactId { get; }

    /// <summary>1-based position among the report's artifacts of the same kind for screenshots and memory dumps; 0 for the others.</summary>
    public int Number { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Kind} {ArtifactId}";

    internal static IReadOnlyList<ReportArtifact> ListOf(FalconXReportBase report)
    {
        var list = new List<ReportArtifact>();
        void Add(string kind, string? id, int number = 0)
        {
            if (!string.IsNullOrEmpty(id))
            {
                list.Add(new ReportArtifact(report.ReportId, kind, id!, number));
            }
        }

        Add("IocStrictCsv", report.IocStrictCsvArtifactId);
        Add("IocStrictJson", report.IocStrictJsonArtifactId);
        Add("IocStrictStix", report.IocStrictStixArtifactId);
        Add("IocStrictMaec", report.IocStrictMaecArtifactId);
        Add("IocBroadCsv", report.IocBroadCsvArtifactId);
        Add("IocBroadJson", report.IocBroadJsonArtifactId);
        Add("IocBroadStix", report.IocBroadStixArtifactId);
        Add("IocBroadMaec", report.IocBroadMaecArtifactId);
        if (report is not FalconXReport full)
        {
            // A summary names the IOC packs only.
            return list;
        }

        Add("Pcap", full.PcapArtifactId);
        Add("MemoryStrings", full.MemoryStringsArtifactId);
        Add("MemoryDumps", full.MemoryDumpsArtifactId);
        var screen = 0;
        foreach (var screenshot in full.ScreenshotArtifactIds)
        {
            Add("Screenshot", screenshot, ++screen);
        }

        var region = 0;
        foreach (var dump in full.MemoryDumps)
        {
            region++;
            Add("MemoryDump", dump.BinaryContentId, region);
            Add("MemoryDumpHexDump", dump.HexDumpId, region);
            Add("MemoryDumpStrings", dump.ExtractedStringsId, region);
        }

        return list;
    }
}
