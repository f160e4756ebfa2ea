using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace FalconX.Models;

/// <summary>
/// What a full report (<see cref="FalconXReport"/>) and a summary (<see cref="FalconXReportSummary"/>) have in
/// common: the report-level fields, the detonations (<see cref="Sandbox"/>), and the most used sandbox fields
/// lifted to the top (taken from the first detonation that has them, which in practice is the only one).
/// </summary>
public abstract class FalconXReportBase : FalconXApiObject
{
    private IReadOnlyList<ReportArtifact>? _artifacts;

    private protected FalconXReportBase()
    {
    }

    /// <summary>The report id, <c>&lt;cid&gt;_&lt;32 hex&gt;</c>; equal to the submission id.</summary>
    public string? ReportId { get; internal set; }

    /// <summary>The customer id that owns the report.</summary>
    public string? Cid { get; internal set; }

    /// <summary>When the submission was made (<c>created_timestamp</c>).</summary>
    public DateTimeOffset? CreatedAt { get; internal set; }

    /// <summary>How it was submitted: <c>apigateway</c> (API) or <c>uiproxy</c> (console).</summary>
    public string? Origin { get; internal set; }

    /// <summary>The report's verdict; when the report has none at its top, the first detonation's.</summary>
    public string? Verdict { get; internal set; }

    /// <summary>Threat score 0 to 100 of the first detonation.</summary>
    public int? ThreatScore { get; internal set; }

    /// <summary>SHA-256 of the detonated file (first detonation).</summary>
    public string? Sha256 { get; internal set; }

    /// <summary>The environment the sample ran in, e.g. 160 (first detonation).</summary>
    public int? EnvironmentId { get; internal set; }

    /// <summary>That environment as the API names it, e.g. "Windows 10 64 bit".</summary>
    public string? EnvironmentDescription { get; internal set; }

    /// <summary>The file type description of the sample.</summary>
    public string? FileType { get; internal set; }

    /// <summary>The name the sample was submitted under.</summary>
    public string? SubmitName { get; internal set; }

    /// <summary>The URL submitted, for a URL submission, refanged (clickable).</summary>
    [SuppressMessage("Design", "CA1056:URI-like properties should not be strings", Justification = "The submitted URL as the API recorded it, refanged; it need not parse as a URI. A string users see in views, Export-Clixml and ConvertTo-Json: System.Uri would change the output type.")]
    public string? SubmitUrl { get; internal set; }

    /// <summary>The URL as the API stores it: defanged (<c>hxxps://www.example[.]com/</c>).</summary>
    [SuppressMessage("Design", "CA1056:URI-like properties should not be strings", Justification = "A defanged URL (hxxps://host[.]com) is not a valid URI.")]
    public string? SubmitUrlDefanged { get; internal set; }

    /// <summary><c>file</c>, <c>page_url</c> or <c>file_url</c>.</summary>
    public string? SubmissionType { get; internal set; }

    /// <summary>True when a URL was submitted rather than a file (see <see cref="SandboxResult.IsUrlSubmission"/>).</summary>
    public bool IsUrlSubmission { get; internal set; }

    /// <summary>
    /// Every tag of the report in one list: the report's <c>tags[]</c> as the API gives them, followed by the
    /// first detonation's <c>classification_tags[]</c> that are not already among them (compared without case).
    /// The two source lists are <see cref="ReportTags"/> and <see cref="ClassificationTags"/>.
    /// </summary>
    public IReadOnlyList<string> Tags { get; internal set; } = FieldValue.NoStrings;

    /// <summary>The report's own <c>tags[]</c>, exactly as the API gives them.</summary>
    public IReadOnlyList<string> ReportTags { get; internal set; } = FieldValue.NoStrings;

    /// <summary>The first detonation's <c>classification_tags[]</c>, exactly as the API gives them.</summary>
    public IReadOnlyList<string> ClassificationTags { get; internal set; } = FieldValue.NoStrings;

    /// <summary>Tags the submitter attached (<c>user_tags[]</c>).</summary>
    public IReadOnlyList<string> UserTags { get; internal set; } = FieldValue.NoStrings;

    /// <summary>Id of the user who submitted.</summary>
    public string? UserId { get; internal set; }

    /// <summary>Name of the user who submitted.</summary>
    public string? UserName { get; internal set; }

    /// <summary>Why the detonation failed (first detonation that failed), e.g. <c>FILE_TYPE_BAD_ERROR</c>.</summary>
    public string? ErrorType { get; internal set; }

    /// <summary>The failure explained.</summary>
    public string? ErrorMessage { get; internal set; }

    /// <summary>Whose fault the failure was, e.g. <c>CLIENT</c>.</summary>
    public string? ErrorOrigin { get; internal set; }

    /// <summary>True when a detonation of the report failed.</summary>
    public bool HasError { get; internal set; }

    /// <summary>
    /// The report's page in the Falcon console. Set by the client for the cloud it is connected to; null for a
    /// report read from JSON (see <see cref="FalconXReport.BuildConsoleUrl"/>).
    /// </summary>
    [SuppressMessage("Design", "CA1056:URI-like properties should not be strings", Justification = "A string users see in views, Export-Clixml and ConvertTo-Json: System.Uri would change the output type.")]
    public string? ConsoleUrl { get; internal set; }

    /// <summary>
    /// The report exactly as the API sent it (JSON text), for archiving what the API said; null unless asked for
    /// (Get-FalconXReport -Raw).
    /// </summary>
    public string? RawJson { get; internal set; }

    /// <summary>
    /// The ThreatQ object (SHA-256 indicator or attachment) this report was fetched or detonated for, when it came from
    /// Get-ThreatQIndicator or Get-ThreatQAttachment; ConvertTo-ThreatQEntity relates every result to it.
    /// </summary>
    public ThreatQ.Api.ThreatQObjectRef? ThreatQSource { get; set; }

    /// <summary>Artifact id of the strict IOC pack as CSV.</summary>
    public string? IocStrictCsvArtifactId { get; internal set; }

    /// <summary>Artifact id of the strict IOC pack as JSON.</summary>
    public string? IocStrictJsonArtifactId { get; internal set; }

    /// <summary>Artifact id of the strict IOC pack as STIX.</summary>
    public string? IocStrictStixArtifactId { get; internal set; }

    /// <summary>Artifact id of the strict IOC pack as MAEC.</summary>
    public string? IocStrictMaecArtifactId { get; internal set; }

    /// <summary>Artifact id of the broad IOC pack as CSV.</summary>
    public string? IocBroadCsvArtifactId { get; internal set; }

    /// <summary>Artifact id of the broad IOC pack as JSON.</summary>
    public string? IocBroadJsonArtifactId { get; internal set; }

    /// <summary>Artifact id of the broad IOC pack as STIX.</summary>
    public string? IocBroadStixArtifactId { get; internal set; }

    /// <summary>Artifact id of the broad IOC pack as MAEC.</summary>
    public string? IocBroadMaecArtifactId { get; internal set; }

    /// <summary>
    /// Every artifact of the report with its kind, ready to download one by one (Save-FalconXArtifact); a summary
    /// lists its IOC packs.
    /// </summary>
    public IReadOnlyList<ReportArtifact> Artifacts => _artifacts ??= ReportArtifact.ListOf(this);

    /// <summary>The detonations; one in practice. Empty for a report that has none.</summary>
    public IReadOnlyList<SandboxResult> Sandbox { get; internal set; } = Array.Empty<SandboxResult>();

    /// <inheritdoc />
    public override string ToString() => ReportId ?? string.Empty;

    /// <summary>Sets <see cref="ConsoleUrl"/> for the console host of the report's cloud (the client calls it per connection).</summary>
    internal void SetConsoleHost(string consoleHost)
    {
        if (!string.IsNullOrEmpty(ReportId))
        {
            ConsoleUrl = FalconXReport.BuildConsoleUrl(ReportId!, consoleHost);
        }
    }

    /// <summary>Adds the fields both kinds share to a model's table.</summary>
    private protected static FieldTable<T> CommonFields<T>(FieldTable<T> table)
        where T : FalconXReportBase =>
        table
            .Text("id", nameof(ReportId), (o, v) => o.ReportId = v)
            .Text("cid", nameof(Cid), (o, v) => o.Cid = v)
            .Time("created_timestamp", nameof(CreatedAt), (o, v) => o.CreatedAt = v)
            .Text("origin", nameof(Origin), (o, v) => o.Origin = v)
            .Text("verdict", nameof(Verdict), (o, v) => o.Verdict = v)
            .Strings("tags", nameof(ReportTags), (o, v) => o.ReportTags = v)
            .Strings("user_tags", nameof(UserTags), (o, v) => o.UserTags = v)
            .Text("user_id", nameof(UserId), (o, v) => o.UserId = v, mapped: false)
            .Text("user_name", nameof(UserName), (o, v) => o.UserName = v, mapped: false)
            .Text("ioc_report_strict_csv_artifact_id", nameof(IocStrictCsvArtifactId), (o, v) => o.IocStrictCsvArtifactId = v, mapped: false)
            .Text("ioc_report_strict_json_artifact_id", nameof(IocStrictJsonArtifactId), (o, v) => o.IocStrictJsonArtifactId = v, mapped: false)
            .Text("ioc_report_strict_stix_artifact_id", nameof(IocStrictStixArtifactId), (o, v) => o.IocStrictStixArtifactId = v, mapped: false)
            .Text("ioc_report_strict_maec_artifact_id", nameof(IocStrictMaecArtifactId), (o, v) => o.IocStrictMaecArtifactId = v, mapped: false)
            .Text("ioc_report_broad_csv_artifact_id", nameof(IocBroadCsvArtifactId), (o, v) => o.IocBroadCsvArtifactId = v, mapped: false)
            .Text("ioc_report_broad_json_artifact_id", nameof(IocBroadJsonArtifactId), (o, v) => o.IocBroadJsonArtifactId = v, mapped: false)
            .Text("ioc_report_broad_stix_artifact_id", nameof(IocBroadStixArtifactId), (o, v) => o.IocBroadStixArtifactId = v, mapped: false)
            .Text("ioc_report_broad_maec_artifact_id", nameof(IocBroadMaecArtifactId), (o, v) => o.IocBroadMaecArtifactId = v, mapped: false)
            .List("sandbox", nameof(Sandbox), SandboxResult.Fields, (o, v) => o.Sandbox = v)
            .Text(null, nameof(ConsoleUrl), (o, v) => o.ConsoleUrl = v)
            .Text(null, nameof(RawJson), (o, v) => o.RawJson = v, mapped: false)
            .OnComplete(o => o.Complete());

    /// <summary>Lifts the first detonation's fields to the top once everything is read.</summary>
    private protected virtual void Complete()
    {
        SandboxResult? failed = null;
        foreach (var run in Sandbox)
        {
            Sha256 ??= NullIfEmpty(run.Sha256);
            EnvironmentId ??= run.EnvironmentId;
            EnvironmentDescription ??= NullIfEmpty(run.EnvironmentDescription);
            FileType ??= NullIfEmpty(run.FileType);
            SubmitName ??= NullIfEmpty(run.SubmitName);
            SubmitUrl ??= NullIfEmpty(run.SubmitUrl);
            SubmitUrlDefanged ??= NullIfEmpty(run.SubmitUrlDefanged);
            SubmissionType ??= NullIfEmpty(run.SubmissionType);
            ThreatScore ??= run.ThreatScore;
            if (failed is null && run.HasError)
            {
                failed = run;
            }
        }

        if (Sandbox.Count > 0)
        {
            var first = Sandbox[0];
            Verdict ??= NullIfEmpty(first.Verdict);
            IsUrlSubmission = first.IsUrlSubmission;
            ClassificationTags = first.ClassificationTags;
        }

        if (failed is not null)
        {
            HasError = true;
            ErrorType = failed.ErrorType;
            ErrorMessage = failed.ErrorMessage;
            ErrorOrigin = failed.ErrorOrigin;
        }

        Tags = MergeTags(ReportTags, ClassificationTags);
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static IReadOnlyList<string> MergeTags(IReadOnlyList<string> first, IReadOnlyList<string> second)
    {
        if (second.Count == 0)
        {
            return first;
        }

        if (first.Count == 0)
        {
            return second;
        }

        var merged = new List<string>(first.Count + second.Count);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var tag in first)
        {
            merged.Add(tag);
            seen.Add(tag);
        }

        foreach (var tag in second)
        {
            if (seen.Add(tag))
            {
                merged.Add(tag);
            }
        }

        return merged;
    }
}
