using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace FalconX.Models;

/// <summary>
/// One sandbox submission (a file or URL sent for detonation), as Submit-FalconXSample returns it and the
/// submissions endpoint reports it. Its id is also the id of the report it produces, so it pipes into
/// Get-FalconXReport by <see cref="SubmissionId"/> or <see cref="ReportId"/>.
/// </summary>
public sealed class FalconXSubmission
{
    internal FalconXSubmission(string submissionId)
    {
        SubmissionId = submissionId ?? throw new ArgumentNullException(nameof(submissionId));
    }

    private FalconXSubmission()
    {
    }

    /// <summary>The submission id, <c>&lt;cid&gt;_&lt;32 hex&gt;</c>.</summary>
    public string SubmissionId { get; private set; } = string.Empty;

    /// <summary>The id of the report this submission produces: the same as <see cref="SubmissionId"/>.</summary>
    public string ReportId => SubmissionId;

    /// <summary>The SHA-256 of the submitted file (lower case); null for a URL submission.</summary>
    public string? Sha256 { get; internal set; }

    /// <summary>
    /// The submitted URL, for a URL submission. Named like the report's SubmitUrl (not Url) so that a submission
    /// piped back into Submit-FalconXSample binds only its Sha256.
    /// </summary>
    [SuppressMessage("Design", "CA1056:URI-like properties should not be strings", Justification = "The submitted URL as the API recorded it, refanged; it need not parse as a URI. A string users see in views, Export-Clixml and ConvertTo-Json: System.Uri would change the output type.")]
    public string? SubmitUrl { get; internal set; }

    /// <summary>The URL in the defanged form the API stores and filters on (<c>hxxps://www.example[.]com/</c>).</summary>
    [SuppressMessage("Design", "CA1056:URI-like properties should not be strings", Justification = "A defanged URL (hxxps://host[.]com) is not a valid URI.")]
    public string? SubmitUrlDefanged { get; internal set; }

    /// <summary>The name the sandbox uses for the sample (<c>submit_name</c>): the file name unless another was given.</summary>
    public string? FileName { get; internal set; }

    /// <summary>The sandbox environment id, e.g. 160 for Windows 10 64-bit.</summary>
    public int EnvironmentId { get; internal set; }

    /// <summary>The short name of <see cref="EnvironmentId"/> (e.g. <c>win10_x64</c>), or null for an id this version does not know.</summary>
    public string? EnvironmentName => SandboxEnvironment.FromId(EnvironmentId)?.Name;

    /// <summary>created, running, success or error (see <see cref="FalconXSubmissionState"/>).</summary>
    public string State { get; internal set; } = string.Empty;

    /// <summary>When the API accepted the submission.</summary>
    public DateTimeOffset? CreatedAt { get; internal set; }

    /// <summary>The submission quota the API reported with this submission (on submit), or null.</summary>
    public FalconXQuota? Quota { get; internal set; }

    /// <summary>Why the detonation failed, e.g. <c>FILE_TYPE_BAD_ERROR</c>; null unless <see cref="State"/> is error.</summary>
    public string? ErrorType { get; internal set; }

    /// <summary>Which side the failure came from (e.g. CLIENT), when the API says.</summary>
    public string? ErrorOrigin { get; internal set; }

    /// <summary>The API's explanation of a failed detonation.</summary>
    public string? ErrorMessage { get; internal set; }

    /// <summary>The action script, when one was chosen.</summary>
    public string? ActionScript { get; internal set; }

    /// <summary>The network setting (default, tor, simulated, offline), when one was chosen.</summary>
    public string? NetworkSetting { get; internal set; }

    /// <summary>Tags given with the submission.</summary>
    public IReadOnlyList<string> UserTags { get; internal set; } = Array.Empty<string>();

    /// <summary><c>apigateway</c> for API submissions, <c>uiproxy</c> for the console.</summary>
    public string? Origin { get; internal set; }

    /// <summary>Who submitted it (the API client's name for API submissions).</summary>
    public string? UserName { get; internal set; }

    /// <summary>The tenant (CID) the submission belongs to.</summary>
    public string? Cid { get; internal set; }

    /// <summary>The local file that was uploaded for this submission, when Submit-FalconXSample sent one.</summary>
    public string? LocalFile { get; set; }

    /// <summary>The ThreatQ attachment this submission was made from, if any; its report carries it on.</summary>
    public ThreatQ.Api.ThreatQObjectRef? ThreatQSource { get; set; }

    /// <summary>
    /// True when no new submission was made because a report for the same SHA-256 (or URL) and environment already
    /// existed; this is that earlier submission.
    /// </summary>
    public bool Reused { get; set; }

    /// <summary>True once the detonation has ended, well or badly.</summary>
    public bool IsFinished => FalconXSubmissionState.IsFinished(State);

    /// <summary>True when the detonation ended with a report.</summary>
    public bool IsSucceeded => string.Equals(State, FalconXSubmissionState.Success, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the detonation ended with an error.</summary>
    public bool IsFailed => string.Equals(State, FalconXSubmissionState.Error, StringComparison.OrdinalIgnoreCase);

    /// <summary>What identifies the sample to a person: the local file, else the submit name, URL or hash.</summary>
    public string DisplayName => LocalFile ?? FileName ?? SubmitUrl ?? Sha256 ?? SubmissionId;

    /// <inheritdoc />
    public override string ToString() => $"{SubmissionId} {State} {DisplayName}";

    // The first detonation of a submission (sandbox[0]) says what was detonated and how.
    private static readonly FieldTable<FalconXSubmission> SandboxFields = new FieldTable<FalconXSubmission>(() => new FalconXSubmission(), strict: true)
        .Text("sha256", null, (o, v) => o.Sha256 = v?.ToLowerInvariant())
        .Text("url", null, (o, v) => { o.SubmitUrlDefanged = v; o.SubmitUrl = v is null ? null : DefangedUrl.Refang(v); })
        .Text("submit_name", null, (o, v) => o.FileName = v)
        .Int("environment_id", null, (o, v) => o.EnvironmentId = v ?? 0)
        .Text("action_script", null, (o, v) => o.ActionScript = v)
        .Text("network_settings", null, (o, v) => o.NetworkSetting = v);

    /// <summary>
    /// How a submission of the API reads into it. Strict: a field of the wrong kind is an error naming its path,
    /// because a submission answer that cannot be trusted must not be taken as "nothing was submitted".
    /// </summary>
    internal static readonly FieldTable<FalconXSubmission> Fields = new FieldTable<FalconXSubmission>(() => new FalconXSubmission(), strict: true)
        .Text("id", null, (o, v) => o.SubmissionId = v ?? string.Empty)
        .Text("cid", null, (o, v) => o.Cid = v)
        .Text("state", null, (o, v) => o.State = v ?? string.Empty)
        .Time("created_timestamp", null, (o, v) => o.CreatedAt = v?.ToUniversalTime())
        .Text("origin", null, (o, v) => o.Origin = v)
        .Text("user_name", null, (o, v) => o.UserName = v)
        .Strings("user_tags", null, (o, v) => o.UserTags = v)
        .Within("sandbox", SandboxFields)
        .Text("error_type", null, (o, v) => o.ErrorType = v)
        .Text("error_origin", null, (o, v) => o.ErrorOrigin = v)
        .Text("error_message", null, (o, v) => o.ErrorMessage = v);

    /// <summary>A shallow copy (for handing the same submission out again under another file name).</summary>
    public FalconXSubmission Clone() => (FalconXSubmission)MemberwiseClone();

    /// <summary>A copy that takes the later state from <paramref name="update"/> and keeps what only this one knows (local file, quota, reuse).</summary>
    internal FalconXSubmission UpdatedWith(FalconXSubmission update)
    {
        update.LocalFile ??= LocalFile;
        update.Quota ??= Quota;
        update.Reused = Reused;
        update.FileName ??= FileName;
        return update;
    }
}
