using System.Collections.Generic;

namespace FalconX.Models;

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
