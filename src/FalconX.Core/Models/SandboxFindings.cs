using System.Collections.Generic;
using System.Text.Json;

namespace FalconX.Models;

/// <summary>A file the sample wrote or dropped during detonation (<c>sandbox[].extracted_files[]</c>).</summary>
public sealed class ExtractedFile
{
    // What no mapping reads (see JsonRead.ForMapping).
    private static readonly HashSet<string> SkippedForMapping = JsonRead.Names(
        "description", "runtime_process", "type_tags", "file_size", "file_available_to_download");

    /// <summary>File name, e.g. <c>Kip1.exe</c>.</summary>
    public string? Name { get; internal set; }

    /// <summary>Where it was written, e.g. <c>%ALLUSERSPROFILE%\Kip1.exe</c>.</summary>
    public string? FilePath { get; internal set; }

    /// <summary>Size in bytes.</summary>
    public long? FileSize { get; internal set; }

    /// <summary>SHA-256 of the file.</summary>
    public string? Sha256 { get; internal set; }

    /// <summary>SHA-1 of the file.</summary>
    public string? Sha1 { get; internal set; }

    /// <summary>MD5 of the file.</summary>
    public string? Md5 { get; internal set; }

    /// <summary>The process that wrote it.</summary>
    public string? RuntimeProcess { get; internal set; }

    /// <summary>Short type tags, e.g. <c>peexe</c>, <c>executable</c>.</summary>
    public IReadOnlyList<string> TypeTags { get; internal set; } = JsonRead.NoStrings;

    /// <summary>The API's threat level number (0 no specific threat, 1 suspicious, 2 malicious), when given.</summary>
    public int? ThreatLevel { get; internal set; }

    /// <summary>The threat level as words, e.g. "no specific threat".</summary>
    public string? ThreatLevelReadable { get; internal set; }

    /// <summary>Type description, e.g. "PE32 executable (GUI) Intel 80386, for MS Windows".</summary>
    public string? Description { get; internal set; }

    /// <summary>Whether the file can be downloaded from the sandbox.</summary>
    public bool? FileAvailableToDownload { get; internal set; }

    /// <summary>Fields this version of the module does not know, as plain .NET values.</summary>
    public IReadOnlyDictionary<string, object?> AdditionalProperties => Unknown?.Values ?? JsonRead.NoProperties;

    /// <summary>The fields behind <see cref="AdditionalProperties"/>, converted only when asked for.</summary>
    internal UnknownFields? Unknown { get; set; }

    /// <summary>
    /// The threat level as a number whichever way the API gave it: <see cref="ThreatLevel"/> when present,
    /// otherwise read from <see cref="ThreatLevelReadable"/>; null when neither says.
    /// </summary>
    public int? EffectiveThreatLevel
    {
        get
        {
            if (ThreatLevel is not null)
            {
                return ThreatLevel;
            }

            switch (ThreatLevelReadable?.Trim().ToLowerInvariant())
            {
                case "no specific threat":
                case "no threat":
                case "informative":
                case "clean":
                    return 0;
                case "suspicious":
                    return 1;
                case "malicious":
                    return 2;
                default:
                    return null;
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name ?? Sha256 ?? string.Empty;

    internal static ExtractedFile Read(JsonElement element)
    {
        var result = new ExtractedFile();
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
                case "name": result.Name = JsonRead.String(value, ref fits); break;
                case "file_path": result.FilePath = JsonRead.String(value, ref fits); break;
                case "file_size": result.FileSize = JsonRead.Int64(value, ref fits); break;
                case "sha256": result.Sha256 = JsonRead.String(value, ref fits); break;
                case "sha1": result.Sha1 = JsonRead.String(value, ref fits); break;
                case "md5": result.Md5 = JsonRead.String(value, ref fits); break;
                case "runtime_process": result.RuntimeProcess = JsonRead.String(value, ref fits); break;
                case "type_tags": result.TypeTags = JsonRead.Strings(value, ref fits); break;
                case "threat_level": result.ThreatLevel = JsonRead.Int32(value, ref fits); break;
                case "threat_level_readable": result.ThreatLevelReadable = JsonRead.String(value, ref fits); break;
                case "description": result.Description = JsonRead.String(value, ref fits); break;
                case "file_available_to_download": result.FileAvailableToDownload = JsonRead.Boolean(value, ref fits); break;
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

/// <summary>A behaviour the sandbox flagged (<c>sandbox[].signatures[]</c>).</summary>
public sealed class Signature
{
    /// <summary>What was seen, e.g. "Creates mutants".</summary>
    public string? Name { get; internal set; }

    /// <summary>Category, e.g. "General".</summary>
    public string? Category { get; internal set; }

    /// <summary>Stable identifier of the signature, e.g. <c>mutant-0</c>.</summary>
    public string? Identifier { get; internal set; }

    /// <summary>The API's signature type number.</summary>
    public int? Type { get; internal set; }

    /// <summary>Relevance, 0 to 10.</summary>
    public int? Relevance { get; internal set; }

    /// <summary>Threat level number, when given.</summary>
    public int? ThreatLevel { get; internal set; }

    /// <summary>Threat level as words, e.g. "informative", "suspicious", "malicious".</summary>
    public string? ThreatLevelHuman { get; internal set; }

    /// <summary>The evidence.</summary>
    public string? Description { get; internal set; }

    /// <summary>Where the evidence came from, e.g. "Created Mutant".</summary>
    public string? Origin { get; internal set; }

    /// <summary>The MITRE ATT&amp;CK technique id the signature maps to, when any.</summary>
    public string? AttackId { get; internal set; }

    /// <summary>Fields this version of the module does not know, as plain .NET values.</summary>
    public IReadOnlyDictionary<string, object?> AdditionalProperties => Unknown?.Values ?? JsonRead.NoProperties;

    /// <summary>The fields behind <see cref="AdditionalProperties"/>, converted only when asked for.</summary>
    internal UnknownFields? Unknown { get; set; }

    /// <inheritdoc />
    public override string ToString() => Name ?? Identifier ?? string.Empty;

    internal static Signature Read(JsonElement element)
    {
        var result = new Signature();
        UnknownFields? extra = null;
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            var fits = true;
            switch (property.Name)
            {
                case "name": result.Name = JsonRead.String(value, ref fits); break;
                case "category": result.Category = JsonRead.String(value, ref fits); break;
                case "identifier": result.Identifier = JsonRead.String(value, ref fits); break;
                case "type": result.Type = JsonRead.Int32(value, ref fits); break;
                case "relevance": result.Relevance = JsonRead.Int32(value, ref fits); break;
                case "threat_level": result.ThreatLevel = JsonRead.Int32(value, ref fits); break;
                case "threat_level_human": result.ThreatLevelHuman = JsonRead.String(value, ref fits); break;
                case "description": result.Description = JsonRead.String(value, ref fits); break;
                case "origin": result.Origin = JsonRead.String(value, ref fits); break;
                case "attack_id": result.AttackId = JsonRead.String(value, ref fits); break;
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

/// <summary>
/// A process of the detonation (<c>sandbox[].processes[]</c>). The commonly used fields are typed; registry,
/// handle, file-access and the other per-process lists stay in <see cref="AdditionalProperties"/>.
/// </summary>
public sealed class SandboxProcess
{
    /// <summary>The sandbox's unique id of the process.</summary>
    public string? Uid { get; internal set; }

    /// <summary>The unique id of the parent process.</summary>
    public string? ParentUid { get; internal set; }

    /// <summary>Image name, e.g. <c>schtasks.exe</c>.</summary>
    public string? Name { get; internal set; }

    /// <summary>Image path with environment variables, e.g. <c>%WINDIR%\System32\schtasks.exe</c>.</summary>
    public string? NormalizedPath { get; internal set; }

    /// <summary>Command line arguments.</summary>
    public string? CommandLine { get; internal set; }

    /// <summary>SHA-256 of the image.</summary>
    public string? Sha256 { get; internal set; }

    /// <summary>Process id in the sandbox.</summary>
    public int? Pid { get; internal set; }

    /// <summary>Mutexes the process created or opened.</summary>
    public IReadOnlyList<string> Mutants { get; internal set; } = JsonRead.NoStrings;

    /// <summary>Fields this version of the module does not type (registry, handles, file_accesses, ...), as plain .NET values.</summary>
    public IReadOnlyDictionary<string, object?> AdditionalProperties => Unknown?.Values ?? JsonRead.NoProperties;

    /// <summary>The fields behind <see cref="AdditionalProperties"/>, converted only when asked for.</summary>
    internal UnknownFields? Unknown { get; set; }

    /// <inheritdoc />
    public override string ToString() => Pid is null ? Name ?? string.Empty : $"{Name} ({Pid})";

    internal static SandboxProcess Read(JsonElement element)
    {
        var result = new SandboxProcess();
        UnknownFields? extra = null;
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            var fits = true;
            switch (property.Name)
            {
                case "uid": result.Uid = JsonRead.String(value, ref fits); break;
                case "parent_uid": result.ParentUid = JsonRead.String(value, ref fits); break;
                case "name": result.Name = JsonRead.String(value, ref fits); break;
                case "normalized_path": result.NormalizedPath = JsonRead.String(value, ref fits); break;
                case "command_line": result.CommandLine = JsonRead.String(value, ref fits); break;
                case "sha256": result.Sha256 = JsonRead.String(value, ref fits); break;
                case "pid": result.Pid = JsonRead.Int32(value, ref fits); break;
                case "mutants": result.Mutants = JsonRead.Strings(value, ref fits); break;
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

/// <summary>A MITRE ATT&amp;CK technique the sandbox saw, under one tactic (<c>sandbox[].mitre_attacks[]</c>).</summary>
public sealed class MitreAttack
{
    /// <summary>The tactic, e.g. "Privilege Escalation".</summary>
    public string? Tactic { get; internal set; }

    /// <summary>The technique name, e.g. "Process Injection".</summary>
    public string? Technique { get; internal set; }

    /// <summary>The technique id, e.g. <c>T1055</c>.</summary>
    public string? AttackId { get; internal set; }

    /// <summary>The technique's page on attack.mitre.org, when given.</summary>
    public string? AttackIdWiki { get; internal set; }

    /// <summary>Evidence the sandbox rates malicious.</summary>
    public IReadOnlyList<string> MaliciousIdentifiers { get; internal set; } = JsonRead.NoStrings;

    /// <summary>Evidence the sandbox rates suspicious.</summary>
    public IReadOnlyList<string> SuspiciousIdentifiers { get; internal set; } = JsonRead.NoStrings;

    /// <summary>Evidence the sandbox rates informative only.</summary>
    public IReadOnlyList<string> InformativeIdentifiers { get; internal set; } = JsonRead.NoStrings;

    /// <summary>For a sub-technique, the parent technique id (<c>parent.attack_id</c>).</summary>
    public string? ParentAttackId { get; internal set; }

    /// <summary>For a sub-technique, the parent technique name (<c>parent.technique</c>).</summary>
    public string? ParentTechnique { get; internal set; }

    /// <summary>True when the sandbox has malicious or suspicious evidence for it, not just informative.</summary>
    public bool IsMaliciousOrSuspicious => MaliciousIdentifiers.Count > 0 || SuspiciousIdentifiers.Count > 0;

    /// <summary>Fields this version of the module does not know, as plain .NET values.</summary>
    public IReadOnlyDictionary<string, object?> AdditionalProperties => Unknown?.Values ?? JsonRead.NoProperties;

    /// <summary>The fields behind <see cref="AdditionalProperties"/>, converted only when asked for.</summary>
    internal UnknownFields? Unknown { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{AttackId} {Technique} ({Tactic})".Trim();

    internal static MitreAttack Read(JsonElement element)
    {
        var result = new MitreAttack();
        UnknownFields? extra = null;
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            var fits = true;
            switch (property.Name)
            {
                case "tactic": result.Tactic = JsonRead.String(value, ref fits); break;
                case "technique": result.Technique = JsonRead.String(value, ref fits); break;
                case "attack_id": result.AttackId = JsonRead.String(value, ref fits); break;
                case "attack_id_wiki": result.AttackIdWiki = JsonRead.String(value, ref fits); break;
                case "malicious_identifiers": result.MaliciousIdentifiers = JsonRead.Strings(value, ref fits); break;
                case "suspicious_identifiers": result.SuspiciousIdentifiers = JsonRead.Strings(value, ref fits); break;
                case "informative_identifiers": result.InformativeIdentifiers = JsonRead.Strings(value, ref fits); break;
                case "parent": fits = ReadParent(value, result); break;
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

    /// <summary>Takes the parent's id and name; false (keep the whole parent) when it has anything else.</summary>
    private static bool ReadParent(JsonElement value, MitreAttack result)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var fits = true;
        foreach (var property in value.EnumerateObject())
        {
            switch (property.Name)
            {
                case "attack_id": result.ParentAttackId = JsonRead.String(property.Value, ref fits); break;
                case "technique": result.ParentTechnique = JsonRead.String(property.Value, ref fits); break;
                case "attack_id_wiki": break;
                default: fits = false; break;
            }
        }

        return fits;
    }
}

/// <summary>A group of related behaviours the sandbox reports together (<c>sandbox[].incidents[]</c>).</summary>
public sealed class Incident
{
    /// <summary>Name of the incident, e.g. "Remote Access".</summary>
    public string? Name { get; internal set; }

    /// <summary>What was seen.</summary>
    public IReadOnlyList<string> Details { get; internal set; } = JsonRead.NoStrings;

    /// <summary>Fields this version of the module does not know, as plain .NET values.</summary>
    public IReadOnlyDictionary<string, object?> AdditionalProperties => Unknown?.Values ?? JsonRead.NoProperties;

    /// <summary>The fields behind <see cref="AdditionalProperties"/>, converted only when asked for.</summary>
    internal UnknownFields? Unknown { get; set; }

    /// <inheritdoc />
    public override string ToString() => Name ?? string.Empty;

    internal static Incident Read(JsonElement element)
    {
        var result = new Incident();
        UnknownFields? extra = null;
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            var fits = true;
            switch (property.Name)
            {
                case "name": result.Name = JsonRead.String(value, ref fits); break;
                case "details": result.Details = JsonRead.Strings(value, ref fits); break;
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

/// <summary>A memory region the sandbox dumped (<c>sandbox[].memory_dumps[]</c>); its ids download the dump.</summary>
public sealed class MemoryDump
{
    /// <summary>Artifact id of the binary dump (GetMemoryDump).</summary>
    public string? BinaryContentId { get; internal set; }

    /// <summary>Artifact id of the hex dump (GetMemoryDumpHexDump).</summary>
    public string? HexDumpId { get; internal set; }

    /// <summary>Artifact id of the strings found in the dump (GetMemoryDumpExtractedStrings).</summary>
    public string? ExtractedStringsId { get; internal set; }

    /// <summary>File name the sandbox gave the dump.</summary>
    public string? Filename { get; internal set; }

    /// <summary>Base address of the region.</summary>
    public string? Address { get; internal set; }

    /// <summary>Verdict on the region's content.</summary>
    public string? Verdict { get; internal set; }

    /// <summary>The process the region belongs to.</summary>
    public string? FileProcess { get; internal set; }

    /// <summary>Pid of that process.</summary>
    public int? FileProcessPid { get; internal set; }

    /// <summary>SHA-256 of that process's image.</summary>
    public string? FileProcessSha256 { get; internal set; }

    /// <summary>Fields this version of the module does not know, as plain .NET values.</summary>
    public IReadOnlyDictionary<string, object?> AdditionalProperties => Unknown?.Values ?? JsonRead.NoProperties;

    /// <summary>The fields behind <see cref="AdditionalProperties"/>, converted only when asked for.</summary>
    internal UnknownFields? Unknown { get; set; }

    /// <inheritdoc />
    public override string ToString() => Filename ?? BinaryContentId ?? string.Empty;

    internal static MemoryDump Read(JsonElement element)
    {
        var result = new MemoryDump();
        UnknownFields? extra = null;
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            var fits = true;
            switch (property.Name)
            {
                case "binary_content_id": result.BinaryContentId = JsonRead.String(value, ref fits); break;
                case "hex_dump_id": result.HexDumpId = JsonRead.String(value, ref fits); break;
                case "extracted_strings_id": result.ExtractedStringsId = JsonRead.String(value, ref fits); break;
                case "filename": result.Filename = JsonRead.String(value, ref fits); break;
                case "address": result.Address = JsonRead.String(value, ref fits); break;
                case "verdict": result.Verdict = JsonRead.String(value, ref fits); break;
                case "file_process": result.FileProcess = JsonRead.String(value, ref fits); break;
                case "file_process_pid": result.FileProcessPid = JsonRead.Int32(value, ref fits); break;
                case "file_process_sha256": result.FileProcessSha256 = JsonRead.String(value, ref fits); break;
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
