using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace FalconX.Models;

/// <summary>
/// The result of one detonation in a report (<c>sandbox[]</c> of <c>falconx.SandboxReportV1</c>, or of
/// <c>falconx.SandboxSummaryReportV1</c> in a summary, where the detail lists are empty). Fields this version
/// does not type are in <see cref="FalconXApiObject.AdditionalProperties"/>.
/// </summary>
public sealed class SandboxResult : FalconXApiObject
{
    /// <summary>SHA-256 of the detonated file (for a URL submission, what the sandbox hashed).</summary>
    public string? Sha256 { get; internal set; }

    /// <summary>The environment it ran in, e.g. 160; the API sends it as a number or as a string.</summary>
    public int? EnvironmentId { get; internal set; }

    /// <summary>The environment as the API names it, e.g. "Windows 7 32 bit".</summary>
    public string? EnvironmentDescription { get; internal set; }

    /// <summary>Size of the file in bytes.</summary>
    public long? FileSize { get; internal set; }

    /// <summary>Type description, e.g. "PE32 executable (GUI) Intel 80386, for MS Windows".</summary>
    public string? FileType { get; internal set; }

    /// <summary>Short type tags, e.g. <c>peexe</c>, <c>executable</c>.</summary>
    public IReadOnlyList<string> FileTypeShort { get; internal set; } = FieldValue.NoStrings;

    /// <summary>CrowdStrike's classification tags, e.g. <c>criminal</c>, <c>kpotstealer</c>.</summary>
    public IReadOnlyList<string> ClassificationTags { get; internal set; } = FieldValue.NoStrings;

    /// <summary>File type guesses with their likelihood, e.g. "82.7% (.EXE) Win32 Executable ...".</summary>
    public IReadOnlyList<string> Classification { get; internal set; } = FieldValue.NoStrings;

    /// <summary>The name the sample was submitted under.</summary>
    public string? SubmitName { get; internal set; }

    /// <summary>The URL submitted, for a URL submission, refanged (clickable).</summary>
    [SuppressMessage("Design", "CA1056:URI-like properties should not be strings", Justification = "The submitted URL as the API recorded it, refanged; it need not parse as a URI. A string users see in views, Export-Clixml and ConvertTo-Json: System.Uri would change the output type.")]
    public string? SubmitUrl { get; internal set; }

    /// <summary>The URL as the API stores it: defanged (<c>hxxps://www.example[.]com/</c>).</summary>
    [SuppressMessage("Design", "CA1056:URI-like properties should not be strings", Justification = "A defanged URL (hxxps://host[.]com) is not a valid URI.")]
    public string? SubmitUrlDefanged { get; internal set; }

    /// <summary>Whether the file's signing certificates are valid (<c>is_certificates_valid</c>, 2026 reports).</summary>
    public bool? IsCertificatesValid { get; internal set; }

    /// <summary><c>file</c>, <c>page_url</c> or <c>file_url</c>.</summary>
    public string? SubmissionType { get; internal set; }

    /// <summary>The sandbox's verdict: "malicious", "suspicious", "no specific threat", "whitelisted", "no verdict".</summary>
    public string? Verdict { get; internal set; }

    /// <summary>Threat score, 0 to 100.</summary>
    public int? ThreatScore { get; internal set; }

    /// <summary>e.g. "32 Bit".</summary>
    public string? Architecture { get; internal set; }

    /// <summary>default, tor, simulated or offline.</summary>
    public string? NetworkSettings { get; internal set; }

    /// <summary>Why the detonation failed, e.g. <c>FILE_TYPE_BAD_ERROR</c>; null when it did not.</summary>
    public string? ErrorType { get; internal set; }

    /// <summary>The failure explained.</summary>
    public string? ErrorMessage { get; internal set; }

    /// <summary>Whose fault the failure was, e.g. <c>CLIENT</c>.</summary>
    public string? ErrorOrigin { get; internal set; }

    /// <summary>True when the detonation failed (any of the error fields is set).</summary>
    public bool HasError => !string.IsNullOrEmpty(ErrorType) || !string.IsNullOrEmpty(ErrorMessage) || !string.IsNullOrEmpty(ErrorOrigin);

    /// <summary>
    /// True when a URL was submitted rather than a file: <see cref="SubmissionType"/> is <c>page_url</c> or
    /// <c>file_url</c>, or, when the type is missing, a <see cref="SubmitUrl"/> is present.
    /// </summary>
    public bool IsUrlSubmission => SubmissionType is null
        ? !string.IsNullOrEmpty(SubmitUrl)
        : SubmissionType.EndsWith("url", StringComparison.OrdinalIgnoreCase);

    /// <summary>Flags such as "Network Traffic", "Extracted Files".</summary>
    public IReadOnlyList<string> SampleFlags { get; internal set; } = FieldValue.NoStrings;

    /// <summary>Behaviour groups.</summary>
    public IReadOnlyList<Incident> Incidents { get; internal set; } = Array.Empty<Incident>();

    /// <summary>DNS lookups.</summary>
    public IReadOnlyList<DnsRequest> DnsRequests { get; internal set; } = Array.Empty<DnsRequest>();

    /// <summary>Hosts contacted.</summary>
    public IReadOnlyList<ContactedHost> ContactedHosts { get; internal set; } = Array.Empty<ContactedHost>();

    /// <summary>HTTP requests made.</summary>
    public IReadOnlyList<HttpRequest> HttpRequests { get; internal set; } = Array.Empty<HttpRequest>();

    /// <summary>Files written or dropped.</summary>
    public IReadOnlyList<ExtractedFile> ExtractedFiles { get; internal set; } = Array.Empty<ExtractedFile>();

    /// <summary>Behaviours flagged.</summary>
    public IReadOnlyList<Signature> Signatures { get; internal set; } = Array.Empty<Signature>();

    /// <summary>Processes of the detonation.</summary>
    public IReadOnlyList<SandboxProcess> Processes { get; internal set; } = Array.Empty<SandboxProcess>();

    /// <summary>MITRE ATT&amp;CK techniques seen, one entry per technique and tactic.</summary>
    public IReadOnlyList<MitreAttack> MitreAttacks { get; internal set; } = Array.Empty<MitreAttack>();

    /// <summary>Memory regions dumped, with the ids to download them.</summary>
    public IReadOnlyList<MemoryDump> MemoryDumps { get; internal set; } = Array.Empty<MemoryDump>();

    /// <summary>Artifact ids of the screenshots (PNG).</summary>
    public IReadOnlyList<string> ScreenshotArtifactIds { get; internal set; } = FieldValue.NoStrings;

    /// <summary>Artifact id of the network capture.</summary>
    public string? PcapArtifactId { get; internal set; }

    /// <summary>Artifact id of the strings found in memory.</summary>
    public string? MemoryStringsArtifactId { get; internal set; }

    /// <summary>Artifact id of the archive of all memory dumps.</summary>
    public string? MemoryDumpsArtifactId { get; internal set; }

    /// <summary>Artifact id of every string extracted.</summary>
    public string? AllExtractedStringsArtifactId { get; internal set; }

    /// <summary>Artifact id of this detonation's strict IOC pack.</summary>
    public string? IocStrictArtifactId { get; internal set; }

    /// <summary>Artifact id of this detonation's broad IOC pack.</summary>
    public string? IocBroadArtifactId { get; internal set; }

    /// <inheritdoc />
    public override string ToString() => $"{EnvironmentId} {Verdict} {Sha256 ?? SubmitUrl}".Trim();

    /// <summary>How the API's JSON (and this object written out) reads into it.</summary>
    internal static readonly FieldTable<SandboxResult> Fields = new FieldTable<SandboxResult>(() => new SandboxResult())
        .Text("sha256", nameof(Sha256), (o, v) => o.Sha256 = v)
        .Int("environment_id", nameof(EnvironmentId), (o, v) => o.EnvironmentId = v)
        .Text("environment_description", nameof(EnvironmentDescription), (o, v) => o.EnvironmentDescription = v)
        .Long("file_size", nameof(FileSize), (o, v) => o.FileSize = v, mapped: false)
        .Text("file_type", nameof(FileType), (o, v) => o.FileType = v)
        .Strings("file_type_short", nameof(FileTypeShort), (o, v) => o.FileTypeShort = v, mapped: false)
        .Strings("classification_tags", nameof(ClassificationTags), (o, v) => o.ClassificationTags = v)
        .Strings("classification", nameof(Classification), (o, v) => o.Classification = v, mapped: false)
        .Text("submit_name", nameof(SubmitName), (o, v) => o.SubmitName = v)
        .Text("submit_url", nameof(SubmitUrlDefanged), (o, v) => { o.SubmitUrlDefanged = v; o.SubmitUrl = v is null ? null : DefangedUrl.Refang(v); })
        .Bool("is_certificates_valid", nameof(IsCertificatesValid), (o, v) => o.IsCertificatesValid = v, mapped: false)
        .Text("submission_type", nameof(SubmissionType), (o, v) => o.SubmissionType = v)
        .Text("verdict", nameof(Verdict), (o, v) => o.Verdict = v)
        .Int("threat_score", nameof(ThreatScore), (o, v) => o.ThreatScore = v)
        .Text("architecture", nameof(Architecture), (o, v) => o.Architecture = v, mapped: false)
        .Text("network_settings", nameof(NetworkSettings), (o, v) => o.NetworkSettings = v, mapped: false)
        .Text("error_type", nameof(ErrorType), (o, v) => o.ErrorType = v)
        .Text("error_message", nameof(ErrorMessage), (o, v) => o.ErrorMessage = v)
        .Text("error_origin", nameof(ErrorOrigin), (o, v) => o.ErrorOrigin = v)
        .Strings("sample_flags", nameof(SampleFlags), (o, v) => o.SampleFlags = v, mapped: false)
        .List("incidents", nameof(Incidents), Incident.Fields, (o, v) => o.Incidents = v, mapped: false)
        .List("dns_requests", nameof(DnsRequests), DnsRequest.Fields, (o, v) => o.DnsRequests = v)
        .List("contacted_hosts", nameof(ContactedHosts), ContactedHost.Fields, (o, v) => o.ContactedHosts = v)
        .List("http_requests", nameof(HttpRequests), HttpRequest.Fields, (o, v) => o.HttpRequests = v)
        .List("extracted_files", nameof(ExtractedFiles), ExtractedFile.Fields, (o, v) => o.ExtractedFiles = v)
        .List("signatures", nameof(Signatures), Signature.Fields, (o, v) => o.Signatures = v, mapped: false)
        .List("processes", nameof(Processes), SandboxProcess.Fields, (o, v) => o.Processes = v, mapped: false)
        .List("mitre_attacks", nameof(MitreAttacks), MitreAttack.Fields, (o, v) => o.MitreAttacks = v)
        .List("memory_dumps", nameof(MemoryDumps), MemoryDump.Fields, (o, v) => o.MemoryDumps = v, mapped: false)
        .Strings("screenshots_artifact_ids", nameof(ScreenshotArtifactIds), (o, v) => o.ScreenshotArtifactIds = v, mapped: false)
        .Text("pcap_report_artifact_id", nameof(PcapArtifactId), (o, v) => o.PcapArtifactId = v, mapped: false)
        .Text("memory_strings_artifact_id", nameof(MemoryStringsArtifactId), (o, v) => o.MemoryStringsArtifactId = v, mapped: false)
        .Text("memory_dumps_artifact_id", nameof(MemoryDumpsArtifactId), (o, v) => o.MemoryDumpsArtifactId = v, mapped: false)
        .Text("all_extracted_strings_artifact_id", nameof(AllExtractedStringsArtifactId), (o, v) => o.AllExtractedStringsArtifactId = v, mapped: false)
        .Text("ioc_report_strict_artifact_id", nameof(IocStrictArtifactId), (o, v) => o.IocStrictArtifactId = v, mapped: false)
        .Text("ioc_report_broad_artifact_id", nameof(IocBroadArtifactId), (o, v) => o.IocBroadArtifactId = v, mapped: false);
}
