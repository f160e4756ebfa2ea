namespace FalconX.Models;

/// <summary>A process of the detonation named by its name and pid (<c>associated_runtime[]</c>).</summary>
public sealed class AssociatedRuntime : FalconXApiObject
{
    /// <summary>Process image name, e.g. <c>iexplore.exe</c>.</summary>
    public string? Name { get; internal set; }

    /// <summary>Process id in the sandbox.</summary>
    public int? Pid { get; internal set; }

    /// <inheritdoc />
    public override string ToString() => Pid is null ? Name ?? string.Empty : $"{Name} ({Pid})";

    /// <summary>How the API's JSON (and this object written out) reads into it.</summary>
    internal static readonly FieldTable<AssociatedRuntime> Fields = new FieldTable<AssociatedRuntime>(() => new AssociatedRuntime())
        .Text("name", nameof(Name), (o, v) => o.Name = v)
        .Int("pid", nameof(Pid), (o, v) => o.Pid = v);
}
