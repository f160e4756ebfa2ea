using System;

namespace FalconX.Models;

/// <summary>A file in MalQuery (<c>malquery[].resources[]</c>).</summary>
public sealed class MalQueryResource : FalconXApiObject
{
    /// <summary>SHA-256 of the file.</summary>
    public string? Sha256 { get; internal set; }

    /// <summary>SHA-1 of the file.</summary>
    public string? Sha1 { get; internal set; }

    /// <summary>MD5 of the file.</summary>
    public string? Md5 { get; internal set; }

    /// <summary>MalQuery's label for the file: "unknown", "malware", "clean", ...</summary>
    public string? Label { get; internal set; }

    /// <summary>Malware family, when MalQuery knows one.</summary>
    public string? Family { get; internal set; }

    /// <summary>Size in bytes.</summary>
    public long? FileSize { get; internal set; }

    /// <summary>MalQuery's file type, e.g. TEXT, DALVIK, PE32.</summary>
    public string? FileType { get; internal set; }

    /// <summary>When MalQuery first saw the file (<c>first_seen_timestamp</c>).</summary>
    public DateTimeOffset? FirstSeen { get; internal set; }

    /// <inheritdoc />
    public override string ToString() => Sha256 ?? Sha1 ?? Md5 ?? string.Empty;

    /// <summary>How the API's JSON (and this object written out) reads into it.</summary>
    internal static readonly FieldTable<MalQueryResource> Fields = new FieldTable<MalQueryResource>(() => new MalQueryResource())
        .Text("sha256", nameof(Sha256), (o, v) => o.Sha256 = v)
        .Text("sha1", nameof(Sha1), (o, v) => o.Sha1 = v)
        .Text("md5", nameof(Md5), (o, v) => o.Md5 = v)
        .Text("label", nameof(Label), (o, v) => o.Label = v, mapped: false)
        .Text("family", nameof(Family), (o, v) => o.Family = v, mapped: false)
        .Long("file_size", nameof(FileSize), (o, v) => o.FileSize = v, mapped: false)
        .Text("file_type", nameof(FileType), (o, v) => o.FileType = v, mapped: false)
        .Time("first_seen_timestamp", nameof(FirstSeen), (o, v) => o.FirstSeen = v, mapped: false);
}
