using System.Collections.Generic;

namespace FalconX.Models;

/// <summary>A file the sample wrote or dropped during detonation (<c>sandbox[].extracted_files[]</c>).</summary>
public sealed class ExtractedFile : FalconXApiObject
{
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
    public IReadOnlyList<string> TypeTags { get; internal set; } = FieldValue.NoStrings;

    /// <summary>The API's threat level number (0 no specific threat, 1 suspicious, 2 malicious), when given.</summary>
    public int? ThreatLevel { get; internal set; }

    /// <summary>The threat level as words, e.g. "no specific threat".</summary>
    public string? ThreatLevelReadable { get; internal set; }

    /// <summary>Type description, e.g. "PE32 executable (GUI) Intel 80386, for MS Windows".</summary>
    public string? Description { get; internal set; }

    /// <summary>Whether the file can be downloaded from the sandbox.</summary>
    public bool? FileAvailableToDownload { get; internal set; }

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

    /// <summary>How the API's JSON (and this object written out) reads into it.</summary>
    internal static readonly FieldTable<ExtractedFile> Fields = new FieldTable<ExtractedFile>(() => new ExtractedFile())
        .Text("name", nameof(Name), (o, v) => o.Name = v)
        .Text("file_path", nameof(FilePath), (o, v) => o.FilePath = v)
        .Long("file_size", nameof(FileSize), (o, v) => o.FileSize = v, mapped: false)
        .Text("sha256", nameof(Sha256), (o, v) => o.Sha256 = v)
        .Text("sha1", nameof(Sha1), (o, v) => o.Sha1 = v)
        .Text("md5", nameof(Md5), (o, v) => o.Md5 = v)
        .Text("runtime_process", nameof(RuntimeProcess), (o, v) => o.RuntimeProcess = v, mapped: false)
        .Strings("type_tags", nameof(TypeTags), (o, v) => o.TypeTags = v, mapped: false)
        .Int("threat_level", nameof(ThreatLevel), (o, v) => o.ThreatLevel = v)
        .Text("threat_level_readable", nameof(ThreatLevelReadable), (o, v) => o.ThreatLevelReadable = v)
        .Text("description", nameof(Description), (o, v) => o.Description = v, mapped: false)
        .Bool("file_available_to_download", nameof(FileAvailableToDownload), (o, v) => o.FileAvailableToDownload = v, mapped: false);
}

/// <summary>A behaviour the sandbox flagged (<c>sandbox[].signatures[]</c>).</summary>
public sealed class Signature : FalconXApiObject
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

    /// <inheritdoc />
    public override string ToString() => Name ?? Identifier ?? string.Empty;

    /// <summary>How the API's JSON (and this object written out) reads into it.</summary>
    internal static readonly FieldTable<Signature> Fields = new FieldTable<Signature>(() => new Signature())
        .Text("name", nameof(Name), (o, v) => o.Name = v)
        .Text("category", nameof(Category), (o, v) => o.Category = v)
        .Text("identifier", nameof(Identifier), (o, v) => o.Identifier = v)
        .Int("type", nameof(Type), (o, v) => o.Type = v)
        .Int("relevance", nameof(Relevance), (o, v) => o.Relevance = v)
        .Int("threat_level", nameof(ThreatLevel), (o, v) => o.ThreatLevel = v)
        .Text("threat_level_human", nameof(ThreatLevelHuman), (o, v) => o.ThreatLevelHuman = v)
        .Text("description", nameof(Description), (o, v) => o.Description = v)
        .Text("origin", nameof(Origin), (o, v) => o.Origin = v)
        .Text("attack_id", nameof(AttackId), (o, v) => o.AttackId = v);
}

/// <summary>
/// A process of the detonation (<c>sandbox[].processes[]</c>). The commonly used fields are typed; registry,
/// handle, file-access and the other per-process lists stay in <see cref="FalconXApiObject.AdditionalProperties"/>.
/// </summary>
public sealed class SandboxProcess : FalconXApiObject
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
    public IReadOnlyList<string> Mutants { get; internal set; } = FieldValue.NoStrings;

    /// <inheritdoc />
    public override string ToString() => Pid is null ? Name ?? string.Empty : $"{Name} ({Pid})";

    /// <summary>How the API's JSON (and this object written out) reads into it.</summary>
    internal static readonly FieldTable<SandboxProcess> Fields = new FieldTable<SandboxProcess>(() => new SandboxProcess())
        .Text("uid", nameof(Uid), (o, v) => o.Uid = v)
        .Text("parent_uid", nameof(ParentUid), (o, v) => o.ParentUid = v)
        .Text("name", nameof(Name), (o, v) => o.Name = v)
        .Text("normalized_path", nameof(NormalizedPath), (o, v) => o.NormalizedPath = v)
        .Text("command_line", nameof(CommandLine), (o, v) => o.CommandLine = v)
        .Text("sha256", nameof(Sha256), (o, v) => o.Sha256 = v)
        .Int("pid", nameof(Pid), (o, v) => o.Pid = v)
        .Strings("mutants", nameof(Mutants), (o, v) => o.Mutants = v);
}

/// <summary>A MITRE ATT&amp;CK technique the sandbox saw, under one tactic (<c>sandbox[].mitre_attacks[]</c>).</summary>
public sealed class MitreAttack : FalconXApiObject
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
    public IReadOnlyList<string> MaliciousIdentifiers { get; internal set; } = FieldValue.NoStrings;

    /// <summary>Evidence the sandbox rates suspicious.</summary>
    public IReadOnlyList<string> SuspiciousIdentifiers { get; internal set; } = FieldValue.NoStrings;

    /// <summary>Evidence the sandbox rates informative only.</summary>
    public IReadOnlyList<string> InformativeIdentifiers { get; internal set; } = FieldValue.NoStrings;

    /// <summary>For a sub-technique, the parent technique id (<c>parent.attack_id</c>).</summary>
    public string? ParentAttackId { get; internal set; }

    /// <summary>For a sub-technique, the parent technique name (<c>parent.technique</c>).</summary>
    public string? ParentTechnique { get; internal set; }

    /// <summary>True when the sandbox has malicious or suspicious evidence for it, not just informative.</summary>
    public bool IsMaliciousOrSuspicious => MaliciousIdentifiers.Count > 0 || SuspiciousIdentifiers.Count > 0;

    /// <inheritdoc />
    public override string ToString() => $"{AttackId} {Technique} ({Tactic})".Trim();

    /// <summary>How the API's JSON (and this object written out) reads into it.</summary>
    // The parent technique of a sub-technique: its id and name are lifted; anything else keeps the whole parent.
    private static readonly FieldTable<MitreAttack> ParentFields = new FieldTable<MitreAttack>(() => new MitreAttack())
        .Text("attack_id", null, (o, v) => o.ParentAttackId = v)
        .Text("technique", null, (o, v) => o.ParentTechnique = v)
        .Ignore("attack_id_wiki");

    /// <summary>How the API's JSON (and this object written out) reads into it.</summary>
    internal static readonly FieldTable<MitreAttack> Fields = new FieldTable<MitreAttack>(() => new MitreAttack())
        .Text("tactic", nameof(Tactic), (o, v) => o.Tactic = v)
        .Text("technique", nameof(Technique), (o, v) => o.Technique = v)
        .Text("attack_id", nameof(AttackId), (o, v) => o.AttackId = v)
        .Text("attack_id_wiki", nameof(AttackIdWiki), (o, v) => o.AttackIdWiki = v)
        .Strings("malicious_identifiers", nameof(MaliciousIdentifiers), (o, v) => o.MaliciousIdentifiers = v)
        .Strings("suspicious_identifiers", nameof(SuspiciousIdentifiers), (o, v) => o.SuspiciousIdentifiers = v)
        .Strings("informative_identifiers", nameof(InformativeIdentifiers), (o, v) => o.InformativeIdentifiers = v)
        .Within("parent", ParentFields)
        .Text(null, nameof(ParentAttackId), (o, v) => o.ParentAttackId = v)
        .Text(null, nameof(ParentTechnique), (o, v) => o.ParentTechnique = v);
}

/// <summary>A group of related behaviours the sandbox reports together (<c>sandbox[].incidents[]</c>).</summary>
public sealed class Incident : FalconXApiObject
{
    /// <summary>Name of the incident, e.g. "Remote Access".</summary>
    public string? Name { get; internal set; }

    /// <summary>What was seen.</summary>
    public IReadOnlyList<string> Details { get; internal set; } = FieldValue.NoStrings;

    /// <inheritdoc />
    public override string ToString() => Name ?? string.Empty;

    /// <summary>How the API's JSON (and this object written out) reads into it.</summary>
    internal static readonly FieldTable<Incident> Fields = new FieldTable<Incident>(() => new Incident())
        .Text("name", nameof(Name), (o, v) => o.Name = v)
        .Strings("details", nameof(Details), (o, v) => o.Details = v);
}

/// <summary>A memory region the sandbox dumped (<c>sandbox[].memory_dumps[]</c>); its ids download the dump.</summary>
public sealed class MemoryDump : FalconXApiObject
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

    /// <inheritdoc />
    public override string ToString() => Filename ?? BinaryContentId ?? string.Empty;

    /// <summary>How the API's JSON (and this object written out) reads into it.</summary>
    internal static readonly FieldTable<MemoryDump> Fields = new FieldTable<MemoryDump>(() => new MemoryDump())
        .Text("binary_content_id", nameof(BinaryContentId), (o, v) => o.BinaryContentId = v)
        .Text("hex_dump_id", nameof(HexDumpId), (o, v) => o.HexDumpId = v)
        .Text("extracted_strings_id", nameof(ExtractedStringsId), (o, v) => o.ExtractedStringsId = v)
        .Text("filename", nameof(Filename), (o, v) => o.Filename = v)
        .Text("address", nameof(Address), (o, v) => o.Address = v)
        .Text("verdict", nameof(Verdict), (o, v) => o.Verdict = v)
        .Text("file_process", nameof(FileProcess), (o, v) => o.FileProcess = v)
        .Int("file_process_pid", nameof(FileProcessPid), (o, v) => o.FileProcessPid = v)
        .Text("file_process_sha256", nameof(FileProcessSha256), (o, v) => o.FileProcessSha256 = v);
}
