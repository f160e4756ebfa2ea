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
