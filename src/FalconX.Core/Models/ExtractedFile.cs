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
