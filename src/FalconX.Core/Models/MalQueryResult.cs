using System;
using System.Collections.Generic;

namespace FalconX.Models;

/// <summary>
/// What MalQuery knows about one input the sandbox saw (<c>malquery[]</c>): an address, URL or hash, its verdict,
/// and the files in MalQuery that contain it. The 2026 API no longer documents <c>malquery</c>; older reports,
/// and reports saved by other tools, still carry it.
/// </summary>
public sealed class MalQueryResult : FalconXApiObject
{
    /// <summary>MalQuery's verdict on the input: "unknown", "whitelisted", "malicious", ...</summary>
    public string? Verdict { get; internal set; }

    /// <summary>The value looked up, e.g. <c>7.14.22.69</c> or <c>http://a.gg</c>.</summary>
    public string? Input { get; internal set; }

    /// <summary>What kind of value <see cref="Input"/> is: ip, url, domain, sha256, ...</summary>
    public string? Type { get; internal set; }

    /// <summary>Files in MalQuery that contain the input.</summary>
    public IReadOnlyList<MalQueryResource> Resources { get; internal set; } = Array.Empty<MalQueryResource>();

    /// <inheritdoc />
    public override string ToString() => $"{Type} {Input}: {Verdict}".Trim();

    /// <summary>How the API's JSON (and this object written out) reads into it.</summary>
    internal static readonly FieldTable<MalQueryResult> Fields = new FieldTable<MalQueryResult>(() => new MalQueryResult())
        .Text("verdict", nameof(Verdict), (o, v) => o.Verdict = v)
        .Text("input", nameof(Input), (o, v) => o.Input = v)
        .Text("type", nameof(Type), (o, v) => o.Type = v)
        .List("resources", nameof(Resources), MalQueryResource.Fields, (o, v) => o.Resources = v);
}

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

/// <summary>How common an indicator of the report is across CrowdStrike's customers (<c>threat_graph.indicators[]</c>).</summary>
public sealed class ThreatGraphIndicator : FalconXApiObject
{
    /// <summary>Kind of indicator, e.g. <c>sha256</c>, <c>domain</c>.</summary>
    public string? Type { get; internal set; }

    /// <summary>The indicator.</summary>
    public string? Value { get; internal set; }

    /// <summary>Prevalence in your own environment, e.g. "low".</summary>
    public string? CustomerPrevalence { get; internal set; }

    /// <summary>Prevalence across CrowdStrike's customers, e.g. "common".</summary>
    public string? GlobalPrevalence { get; internal set; }

    /// <inheritdoc />
    public override string ToString() => $"{Type} {Value}".Trim();

    /// <summary>How the API's JSON (and this object written out) reads into it.</summary>
    internal static readonly FieldTable<ThreatGraphIndicator> Fields = new FieldTable<ThreatGraphIndicator>(() => new ThreatGraphIndicator())
        .Text("type", nameof(Type), (o, v) => o.Type = v)
        .Text("value", nameof(Value), (o, v) => o.Value = v)
        .Text("customer_prevalence", nameof(CustomerPrevalence), (o, v) => o.CustomerPrevalence = v)
        .Text("global_prevalence", nameof(GlobalPrevalence), (o, v) => o.GlobalPrevalence = v);
}
