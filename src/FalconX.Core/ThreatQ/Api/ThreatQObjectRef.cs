using System;
using System.Globalization;

namespace FalconX.ThreatQ.Api;

/// <summary>
/// A ThreatQ object that a Falcon X action ran on (a SHA-256 indicator or an attachment), named by its collection and
/// ThreatQ id. Reports and submissions carry it so that ConvertTo-ThreatQEntity relates every result to it.
/// </summary>
public sealed class ThreatQObjectRef : IEquatable<ThreatQObjectRef>
{
    /// <summary>Creates a reference.</summary>
    public ThreatQObjectRef(string collection, long id, string? type, string? value)
    {
        Collection = string.IsNullOrWhiteSpace(collection) ? throw new ArgumentException("The collection cannot be empty.", nameof(collection)) : collection;
        Id = id > 0 ? id : throw new ArgumentOutOfRangeException(nameof(id), id, "ThreatQ ids are positive.");
        Type = type;
        Value = value;
    }

    /// <summary>The collection: <c>indicators</c> or <c>attachments</c>.</summary>
    public string Collection { get; }

    /// <summary>The ThreatQ id.</summary>
    public long Id { get; }

    /// <summary>The indicator type (<c>SHA-256</c>) or attachment type, when known.</summary>
    public string? Type { get; }

    /// <summary>The indicator value or attachment name, for messages.</summary>
    public string? Value { get; }

    /// <summary>True for a file object (an attachment): the guide then maps the sample's SHA-256 as an indicator.</summary>
    public bool IsFileObject => string.Equals(Collection, ThreatQCollections.Attachments, StringComparison.Ordinal);

    /// <inheritdoc />
    public bool Equals(ThreatQObjectRef? other) => other is not null && other.Id == Id && string.Equals(other.Collection, Collection, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ThreatQObjectRef);

    /// <inheritdoc />
    public override int GetHashCode() => Collection.GetHashCode() ^ Id.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => $"{Collection}/{Id.ToString(CultureInfo.InvariantCulture)}" + (Value is null ? string.Empty : $" ({Type} {Value})");
}
