using System;
using System.Diagnostics.CodeAnalysis;

namespace FalconX.ThreatQ;

/// <summary>A ThreatQ attribute: a name and a value.</summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "ThreatQ calls these name/value pairs attributes, and ThreatQAttribute is a type PowerShell users see in ThreatQ payloads; this is not a .NET attribute.")]
public sealed class ThreatQAttribute : IEquatable<ThreatQAttribute>
{
    /// <summary>Creates an attribute.</summary>
    public ThreatQAttribute(string name, string value)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Value = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Attribute name, e.g. <c>Verdict</c>.</summary>
    public string Name { get; }

    /// <summary>Attribute value, e.g. <c>malicious</c>.</summary>
    public string Value { get; }

    /// <inheritdoc />
    public bool Equals(ThreatQAttribute? other) =>
        other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal) && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ThreatQAttribute);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name) ^ StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Value}";
}
