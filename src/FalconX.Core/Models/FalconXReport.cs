using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;


namespace FalconX.Models;

/// <summary>
/// A full Falcon X Sandbox report (<c>falconx.ReportV1</c> with its <c>falconx.SandboxReportV1</c> detonations),
/// as Get-FalconXReport writes it and ConvertTo-ThreatQEntity reads it. Read one from JSON with
/// <see cref="ReportParser.ParseReport(string)"/>.
/// </summary>
public sealed class FalconXReport : FalconXReportBase
{
    /// <summary>The console host of the US-1 cloud, used when a report's cloud is not known.</summary>
    public const string DefaultConsoleHost = "falcon.crowdstrike.com";

    // Console hosts come from the client's cloud table (FalconXClouds), so the two can never disagree.
    private static readonly Dictionary<string, string> ConsoleHostByCloud = KnownClouds.ToDictionary(
        FalconXClouds.DisplayName, cloud => FalconXClouds.ConsoleHost(cloud).Host, StringComparer.OrdinalIgnoreCase);

    private static FalconXCloud[] KnownClouds =>
        new[] { FalconXCloud.US1, FalconXCloud.US2, FalconXCloud.EU1, FalconXCloud.USGOV1, FalconXCloud.USGOV2 };

    internal FalconXReport()
    {
    }

    /// <summary>The sensor (agent) id the submission came from, when it came from one.</summary>
    public string? Aid { get; internal set; }

    /// <summary>When the report was indexed (<c>index_timestamp</c>).</summary>
    public DateTimeOffset? IndexedAt { get; internal set; }

    /// <summary>What decided the verdict, when the API says (<c>verdict_source</c>).</summary>
    public string? VerdictSource { get; internal set; }

    /// <summary>Whether the detonation was recorded as a video (<c>has_recording</c>, 2026 reports).</summary>
    public bool? HasRecording { get; internal set; }

    /// <summary>The AI-written summary of the report (<c>ai_summary.summary</c>, 2026 reports).</summary>
    public string? AiSummary { get; internal set; }

    /// <summary>The state of the AI summary (<c>ai_summary.status</c>, e.g. completed).</summary>
    public string? AiSummaryStatus { get; internal set; }

    /// <summary>What MalQuery knows about the inputs of the detonation; empty in reports from the 2026 API.</summary>
    public IReadOnlyList<MalQueryResult> MalQuery { get; internal set; } = Array.Empty<MalQueryResult>();

    /// <summary>Prevalence of the report's indicators (<c>threat_graph.indicators[]</c>).</summary>
    public IReadOnlyList<ThreatGraphIndicator> ThreatGraphIndicators { get; internal set; } = Array.Empty<ThreatGraphIndicator>();

    /// <summary>Artifact id of the network capture (first detonation that has one).</summary>
    public string? PcapArtifactId { get; internal set; }

    /// <summary>Artifact id of the strings found in memory (first detonation that has one).</summary>
    public string? MemoryStringsArtifactId { get; internal set; }

    /// <summary>Artifact id of the archive of memory dumps (first detonation that has one).</summary>
    public string? MemoryDumpsArtifactId { get; internal set; }

    /// <summary>Artifact ids of the screenshots of every detonation.</summary>
    public IReadOnlyList<string> ScreenshotArtifactIds { get; internal set; } = FieldValue.NoStrings;

    /// <summary>The memory regions dumped in every detonation, with the ids that download them.</summary>
    public IReadOnlyList<MemoryDump> MemoryDumps { get; internal set; } = Array.Empty<MemoryDump>();

    /// <summary>
    /// The indicators of the report's strict JSON IOC pack, when they were fetched with it
    /// (Get-FalconXReport -IncludeIoc); null when they were not asked for.
    /// </summary>
    public IReadOnlyList<IocPackEntry>? Iocs { get; internal set; }

    /// <summary>
    /// The report's summary page in the Falcon console:
    /// <c>https://&lt;consoleHost&gt;/intelligence/sandbox/report/&lt;reportId&gt;/report-summary</c>.
    /// </summary>
    /// <param name="reportId">The report id.</param>
    /// <param name="consoleHost">
    /// The console host of the report's cloud, e.g. from <see cref="GetConsoleHost"/>, or its URL
    /// (<c>https://falcon.eu-1.crowdstrike.com/</c>; a URL keeps its scheme and port).
    /// </param>
    [SuppressMessage("Design", "CA1055:URI-like return values should not be strings", Justification = "Builds the text of FalconXReportBase.ConsoleUrl (a string users see) and of the report link the ThreatQ mapping writes.")]
    public static string BuildConsoleUrl(string reportId, string consoleHost)
    {
        if (string.IsNullOrWhiteSpace(reportId))
        {
            throw new ArgumentException("A report id is needed to build its console URL.", nameof(reportId));
        }

        if (string.IsNullOrWhiteSpace(consoleHost))
        {
            throw new ArgumentException("A console host is needed, e.g. falcon.crowdstrike.com; FalconXReport.GetConsoleHost('US-2') gives the one of a cloud.", nameof(consoleHost));
        }

        // A bare host gets https; a URL (the client's console Uri, or http for a local stand-in) keeps its scheme and port.
        var host = consoleHost.Trim();
        var origin = Uri.TryCreate(host, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.GetLeftPart(UriPartial.Authority)
            : "https://" + host.TrimEnd('/');
        return origin + "/intelligence/sandbox/report/" + Uri.EscapeDataString(reportId.Trim()) + "/report-summary";
    }

    /// <summary>The clouds whose console hosts are known, with their hosts (US-1, US-2, EU-1, US-GOV-1, US-GOV-2).</summary>
    public static IReadOnlyDictionary<string, string> ConsoleHosts => ConsoleHostByCloud;

    /// <summary>
    /// The console host of a cloud. Takes a cloud name in any common spelling (<c>US-2</c>, <c>us2</c>,
    /// <c>usgov1</c>, <c>gov1</c>) or the cloud's API host or base URL (<c>https://api.eu-1.crowdstrike.com</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The cloud is not one of the five known.</exception>
    public static string GetConsoleHost(string cloud)
    {
        if (TryGetConsoleHost(cloud, out var host))
        {
            return host;
        }

        throw new ArgumentException($"'{cloud}' is not a known CrowdStrike cloud. Use one of {string.Join(", ", ConsoleHostByCloud.Keys)}, or an API host such as api.us-2.crowdstrike.com.", nameof(cloud));
    }

    /// <summary>Like <see cref="GetConsoleHost"/>, without throwing: false when the cloud is not known.</summary>
    public static bool TryGetConsoleHost(string? cloud, out string consoleHost)
    {
        // FalconXClouds.TryParse reads every spelling (US-2, us2, gov1) and API hosts or base URLs.
        consoleHost = string.Empty;
        if (!FalconXClouds.TryParse(cloud, out var known))
        {
            return false;
        }

        consoleHost = FalconXClouds.ConsoleHost(known).Host;
        return true;
    }

    // threat_graph holds the indicators' prevalence; anything else in it keeps the whole object.
    private static readonly FieldTable<FalconXReport> ThreatGraphFields = new FieldTable<FalconXReport>(() => new FalconXReport())
        .List("indicators", null, ThreatGraphIndicator.Fields, (o, v) => o.ThreatGraphIndicators = v);

    // ai_summary (2026 reports) carries the text and its status; ids and timestamps in it keep the whole object.
    private static readonly FieldTable<FalconXReport> AiSummaryFields = new FieldTable<FalconXReport>(() => new FalconXReport())
        .Text("summary", null, (o, v) => o.AiSummary = v)
        .Text("status", null, (o, v) => o.AiSummaryStatus = v);

    /// <summary>How the API's JSON (and this object written out) reads into it.</summary>
    internal static readonly FieldTable<FalconXReport> Fields = CommonFields(new FieldTable<FalconXReport>(() => new FalconXReport())
        .Text("aid", nameof(Aid), (o, v) => o.Aid = v, mapped: false)
        .Time("index_timestamp", nameof(IndexedAt), (o, v) => o.IndexedAt = v, mapped: false)
        .Text("verdict_source", nameof(VerdictSource), (o, v) => o.VerdictSource = v, mapped: false)
        .List("malquery", nameof(MalQuery), MalQueryResult.Fields, (o, v) => o.MalQuery = v)
        .Within("threat_graph", ThreatGraphFields, mapped: false)
        .Bool("has_recording", nameof(HasRecording), (o, v) => o.HasRecording = v, mapped: false)
        .Within("ai_summary", AiSummaryFields, mapped: false)
        .Text(null, nameof(AiSummary), (o, v) => o.AiSummary = v, mapped: false)
        .Text(null, nameof(AiSummaryStatus), (o, v) => o.AiSummaryStatus = v, mapped: false)
        .List(null, nameof(ThreatGraphIndicators), ThreatGraphIndicator.Fields, (o, v) => o.ThreatGraphIndicators = v, mapped: false)
        .List(null, nameof(Iocs), IocPackEntry.Fields, (o, v) => o.Iocs = v.Count == 0 ? null : v, mapped: false));

    private protected override void Complete()
    {
        base.Complete();
        List<string>? screenshots = null;
        List<MemoryDump>? dumps = null;
        foreach (var run in Sandbox)
        {
            PcapArtifactId ??= string.IsNullOrEmpty(run.PcapArtifactId) ? null : run.PcapArtifactId;
            MemoryStringsArtifactId ??= string.IsNullOrEmpty(run.MemoryStringsArtifactId) ? null : run.MemoryStringsArtifactId;
            MemoryDumpsArtifactId ??= string.IsNullOrEmpty(run.MemoryDumpsArtifactId) ? null : run.MemoryDumpsArtifactId;
            if (run.ScreenshotArtifactIds.Count > 0)
            {
                if (Sandbox.Count == 1)
                {
                    ScreenshotArtifactIds = run.ScreenshotArtifactIds;
                }
                else
                {
                    (screenshots ??= new List<string>()).AddRange(run.ScreenshotArtifactIds);
                }
            }

            if (run.MemoryDumps.Count > 0)
            {
                if (Sandbox.Count == 1)
                {
                    MemoryDumps = run.MemoryDumps;
                }
                else
                {
                    (dumps ??= new List<MemoryDump>()).AddRange(run.MemoryDumps);
                }
            }
        }

        if (screenshots is not null)
        {
            ScreenshotArtifactIds = screenshots;
        }

        if (dumps is not null)
        {
            MemoryDumps = dumps;
        }
    }
}
