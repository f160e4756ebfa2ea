using System;
using System.Collections.Generic;
using System.Text.Json;

namespace FalconX.Models;

/// <summary>
/// The result of one detonation in a report (<c>sandbox[]</c> of <c>falconx.SandboxReportV1</c>, or of
/// <c>falconx.SandboxSummaryReportV1</c> in a summary, where the detail lists are empty). Fields this version
/// does not type are in <see cref="AdditionalProperties"/>.
/// </summary>
public sealed class SandboxResult
{
    // What no mapping reads (see JsonRead.ForMapping).
    private static readonly HashSet<string> SkippedForMapping = JsonRead.Names(
        "processes", "signatures", "incidents", "memory_dumps", "screenshots_artifact_ids", "classification", "file_type_short", "sample_flags", "pcap_report_artifact_id", "memory_strings_artifact_id", "memory_dumps_artifact_id", "all_extracted_strings_artifact_id", "ioc_report_strict_artifact_id", "ioc_report_broad_artifact_id", "architecture", "network_settings", "file_size");

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
    public IReadOnlyList<string> FileTypeShort { get; internal set; } = JsonRead.NoStrings;

    /// <summary>CrowdStrike's classification tags, e.g. <c>criminal</c>, <c>kpotstealer</c>.</summary>
    public IReadOnlyList<string> ClassificationTags { get; internal set; } = JsonRead.NoStrings;

    /// <summary>File type guesses with their likelihood, e.g. "82.7% (.EXE) Win32 Executable ...".</summary>
    public IReadOnlyList<string> Classification { get; internal set; } = JsonRead.NoStrings;

    /// <summary>The name the sample was submitted under.</summary>
    public string? SubmitName { get; internal set; }

    /// <summary>The URL submitted, for a URL submission, refanged (clickable).</summary>
    public string? SubmitUrl { get; internal set; }

    /// <summary>The URL as the API stores it: defanged (<c>hxxps://www.example[.]com/</c>).</summary>
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
    public IReadOnlyList<string> SampleFlags { get; internal set; } = JsonRead.NoStrings;

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
    public IReadOnlyList<string> ScreenshotArtifactIds { get; internal set; } = JsonRead.NoStrings;

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

    /// <summary>
    /// Fields this version does not type (windows_version_*, file_metadata, file_imports, extracted_interesting_strings,
    /// certificates, ...) and typed fields whose value had an unexpected shape, as plain .NET values.
    /// </summary>
    public IReadOnlyDictionary<string, object?> AdditionalProperties => Unknown?.Values ?? JsonRead.NoProperties;

    /// <summary>The fields behind <see cref="AdditionalProperties"/>, converted only when asked for.</summary>
    internal UnknownFields? Unknown { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{EnvironmentId} {Verdict} {Sha256 ?? SubmitUrl}".Trim();

    internal static SandboxResult Read(JsonElement element)
    {
        var result = new SandboxResult();
        UnknownFields? extra = null;
        foreach (var property in element.EnumerateObject())
        {
            if (JsonRead.ForMapping && SkippedForMapping.Contains(property.Name))
            {
                continue;
            }

            var value = property.Value;
            var fits = true;
            switch (property.Name)
            {
                case "sha256": result.Sha256 = JsonRead.String(value, ref fits); break;
                case "environment_id": result.EnvironmentId = JsonRead.Int32(value, ref fits); break;
                case "environment_description": result.EnvironmentDescription = JsonRead.String(value, ref fits); break;
                case "file_size": result.FileSize = JsonRead.Int64(value, ref fits); break;
                case "file_type": result.FileType = JsonRead.String(value, ref fits); break;
                case "file_type_short": result.FileTypeShort = JsonRead.Strings(value, ref fits); break;
                case "classification_tags": result.ClassificationTags = JsonRead.Strings(value, ref fits); break;
                case "classification": result.Classification = JsonRead.Strings(value, ref fits); break;
                case "submit_name": result.SubmitName = JsonRead.String(value, ref fits); break;
                case "is_certificates_valid": result.IsCertificatesValid = JsonRead.Boolean(value, ref fits); break;
                case "submit_url": result.SubmitUrlDefanged = JsonRead.String(value, ref fits); result.SubmitUrl = result.SubmitUrlDefanged is string u ? Client.DefangedUrl.Refang(u) : null; break;
                case "submission_type": result.SubmissionType = JsonRead.String(value, ref fits); break;
                case "verdict": result.Verdict = JsonRead.String(value, ref fits); break;
                case "threat_score": result.ThreatScore = JsonRead.Int32(value, ref fits); break;
                case "architecture": result.Architecture = JsonRead.String(value, ref fits); break;
                case "network_settings": result.NetworkSettings = JsonRead.String(value, ref fits); break;
                case "error_type": result.ErrorType = JsonRead.String(value, ref fits); break;
                case "error_message": result.ErrorMessage = JsonRead.String(value, ref fits); break;
                case "error_origin": result.ErrorOrigin = JsonRead.String(value, ref fits); break;
                case "sample_flags": result.SampleFlags = JsonRead.Strings(value, ref fits); break;
                case "incidents": result.Incidents = JsonRead.Objects(value, ref fits, Incident.Read); break;
                case "dns_requests": result.DnsRequests = JsonRead.Objects(value, ref fits, DnsRequest.Read); break;
                case "contacted_hosts": result.ContactedHosts = JsonRead.Objects(value, ref fits, ContactedHost.Read); break;
                case "http_requests": result.HttpRequests = JsonRead.Objects(value, ref fits, HttpRequest.Read); break;
                case "extracted_files": result.ExtractedFiles = JsonRead.Objects(value, ref fits, ExtractedFile.Read); break;
                case "signatures": result.Signatures = JsonRead.Objects(value, ref fits, Signature.Read); break;
                case "processes": result.Processes = JsonRead.Objects(value, ref fits, SandboxProcess.Read); break;
                case "mitre_attacks": result.MitreAttacks = JsonRead.Objects(value, ref fits, MitreAttack.Read); break;
                case "memory_dumps": result.MemoryDumps = JsonRead.Objects(value, ref fits, MemoryDump.Read); break;
                case "screenshots_artifact_ids": result.ScreenshotArtifactIds = JsonRead.Strings(value, ref fits); break;
                case "pcap_report_artifact_id": result.PcapArtifactId = JsonRead.String(value, ref fits); break;
                case "memory_strings_artifact_id": result.MemoryStringsArtifactId = JsonRead.String(value, ref fits); break;
                case "memory_dumps_artifact_id": result.MemoryDumpsArtifactId = JsonRead.String(value, ref fits); break;
                case "all_extracted_strings_artifact_id": result.AllExtractedStringsArtifactId = JsonRead.String(value, ref fits); break;
                case "ioc_report_strict_artifact_id": result.IocStrictArtifactId = JsonRead.String(value, ref fits); break;
                case "ioc_report_broad_artifact_id": result.IocBroadArtifactId = JsonRead.String(value, ref fits); break;
                default: fits = false; break;
            }

            if (!fits)
            {
                JsonRead.Keep(ref extra, property);
            }
        }

        result.Unknown = extra;
        return result;
    }
}
