using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace FalconX.Emulator;

/// <summary>
/// One sandbox submission. Its state is derived from the clock (created, then running, then success or error once
/// <see cref="DelayMs"/> has passed), so no timer runs per submission and a paused test cannot miss a transition.
/// </summary>
internal sealed class Submission
{
    public required string Id { get; init; }
    public required string Cid { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required int DelayMs { get; init; }

    /// <summary>The sample's SHA-256, or for a URL submission the SHA-256 of the URL text (what the report is generated from).</summary>
    public required string Sha256 { get; init; }

    /// <summary>The URL as submitted (reports and IOCs are derived from it).</summary>
    public string? Url { get; init; }

    /// <summary>The URL as the real API stores, returns and filters it: defanged (<c>hxxps://www.example[.]com/</c>).</summary>
    public string? StoredUrl => Url is null ? null : UrlDefanger.Defang(Url);
    public required int EnvironmentId { get; init; }

    /// <summary>The report schema in force when the submission was made: "2023" or "2026".</summary>
    public string ReportShape { get; init; } = "2026";
    public required string SubmitName { get; init; }
    public required VerdictMarker Marker { get; init; }
    public long FileSize { get; init; }

    /// <summary>The file type read from the sample's bytes at submit time (<see cref="FileTypeSniffer"/>); null for URLs.</summary>
    public (string Description, string[] Short)? FileType { get; init; }

    /// <summary>The sandbox parameters as sent, echoed back in submission answers.</summary>
    public required JsonObject Sandbox { get; init; }

    public required IReadOnlyList<string> UserTags { get; init; }
    public bool SendEmailNotification { get; init; }
    public bool? AutoDetectEnvironment { get; init; }
    public string? NetworkSettings { get; init; }

    /// <summary>Set by DELETE /falconx/entities/reports/v1: the report disappears, the submission stays.</summary>
    public bool ReportDeleted { get; set; }

    public bool IsUrl => Url is not null;

    public DateTimeOffset FinishesAt => CreatedAt.AddMilliseconds(DelayMs);

    public bool IsFinished(DateTimeOffset now) => now >= FinishesAt;

    public string State(DateTimeOffset now)
    {
        if (IsFinished(now))
        {
            return Marker == VerdictMarker.Error ? "error" : "success";
        }

        // The first tenth of the delay is spent queued, as the real service reports 'created' before it starts.
        return now < CreatedAt.AddMilliseconds(DelayMs / 10.0) ? "created" : "running";
    }
}

internal sealed class SubmissionStore
{
    private readonly ConcurrentDictionary<string, Submission> _submissions = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _submittedKeys = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Artifact id → what it is and the submissions whose reports name it (same sample and environment share ids).</summary>
    private readonly ConcurrentDictionary<string, ArtifactOwners> _artifacts = new(StringComparer.OrdinalIgnoreCase);

    internal sealed record ArtifactOwners(ArtifactKind Kind, int Index, ConcurrentQueue<Submission> Submissions);

    public SubmissionStore(string cid) => Cid = cid;

    public string Cid { get; }

    public string NewId() => Cid + "_" + Guid.NewGuid().ToString("N");

    /// <summary>Adds a submission; returns true when the same (sha256 or url, environment) was submitted before.</summary>
    public bool Add(Submission submission)
    {
        _submissions[submission.Id] = submission;
        foreach (var (id, kind, index) in ReportArtifacts.ArtifactsOf(submission))
        {
            _artifacts.GetOrAdd(id, _ => new ArtifactOwners(kind, index, new ConcurrentQueue<Submission>())).Submissions.Enqueue(submission);
        }

        var key = (submission.Url ?? submission.Sha256) + "|" + submission.EnvironmentId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return !_submittedKeys.TryAdd(key, 0);
    }

    public bool TryGet(string id, out Submission submission) => _submissions.TryGetValue(id, out submission!);

    /// <summary>Finds an artifact id among the reports that exist now (finished and not deleted).</summary>
    public bool TryFindArtifact(string artifactId, DateTimeOffset now, out Submission owner, out ArtifactKind kind, out int index)
    {
        owner = null!;
        kind = default;
        index = 0;
        if (!_artifacts.TryGetValue(artifactId, out var owners))
        {
            return false;
        }

        kind = owners.Kind;
        index = owners.Index;
        owner = owners.Submissions.FirstOrDefault(s => !s.ReportDeleted && s.IsFinished(now) && _submissions.ContainsKey(s.Id))!;
        return owner is not null;
    }

    public IReadOnlyList<Submission> All() => _submissions.Values.OrderBy(s => s.CreatedAt).ToList();

    public int InProgress(DateTimeOffset now) => _submissions.Values.Count(s => !s.IsFinished(now));

    public void Clear()
    {
        _submissions.Clear();
        _submittedKeys.Clear();
        _artifacts.Clear();
    }
}
