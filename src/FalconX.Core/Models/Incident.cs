using System.Collections.Generic;

namespace FalconX.Models;

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
