using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Models;

namespace FalconX.Workflows;

/// <summary>What a <see cref="ReportResolver"/> fetches and whether it waits for detonations under way.</summary>
public sealed class ReportResolverOptions
{
    /// <summary>Fetch summaries (verdict, score, tags, artifact ids) instead of full reports.</summary>
    public bool Summary { get; set; }

    /// <summary>Keep each report's JSON as the API sent it in <see cref="FalconXReportBase.RawJson"/>.</summary>
    public bool IncludeRawJson { get; set; }

    /// <summary>Also fetch each full report's strict JSON IOC pack into <see cref="FalconXReport.Iocs"/>.</summary>
    public bool IncludeIoc { get; set; }

    /// <summary>For a SHA-256: only its newest report.</summary>
    public bool Latest { get; set; }

    /// <summary>Wait for detonations still queued or running instead of reporting them as not finished.</summary>
    public bool Wait { get; set; }

    /// <summary>How the default wait paces its status checks (interval, timeout); ignored when <see cref="WaitForDetonations"/> is set.</summary>
    public SubmissionPollerOptions Polling { get; set; } = new();

    /// <summary>
    /// Waits for submissions, calling the given callback with each batch that finishes (awaited before the next
    /// check). Null: a <see cref="SubmissionPoller"/> with <see cref="Polling"/>. A front end sets it to wait with its
    /// own progress display.
    /// </summary>
    public Func<IReadOnlyList<FalconXSubmission>, Func<IReadOnlyList<FalconXSubmission>, CancellationToken, Task>, CancellationToken, Task<SubmissionPollResult>>? WaitForDetonations { get; set; }

    /// <summary>The current time, for how long a detonation has been running. Default: the system clock.</summary>
    public Func<DateTimeOffset> UtcNow { get; set; } = () => DateTimeOffset.UtcNow;
}
