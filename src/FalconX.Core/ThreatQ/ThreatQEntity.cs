using System;
using System.Collections.Generic;

namespace FalconX.ThreatQ;

/// <summary>
/// One ThreatQ object made from Falcon X reports: a Report, an Indicator or an AttackPattern, with its attributes,
/// sources, tags, relationships and published date. Entities with the same object type, type and value (hashes
/// and domains compared without case) are one entity: converting several reports merges them.
/// </summary>
public sealed class ThreatQEntity
{
    // Small lists are scanned; past this many items a set keeps merging linear for popular entities.
    private const int IndexThreshold = 8;

    private readonly List<ThreatQAttribute> _attributes = new();
    private readonly List<string> _sources = new(1);
    private readonly List<string> _tags = new(0);
    private readonly List<ThreatQRelationship> _relationships = new();
    private HashSet<ThreatQAttribute>? _attributeIndex;
    private HashSet<RelationshipTarget>? _relationshipIndex;

    internal ThreatQEntity(string objectType, string? type, string value, string? status, DateTimeOffset? publishedAt)
    {
        ObjectType = objectType;
        Collection = ThreatQObjectTypes.CollectionOf(objectType);
        Type = type;
        Value = value;
        Status = status;
        PublishedAt = publishedAt;
    }

    /// <summary><c>Report</c>, <c>Indicator</c> or <c>AttackPattern</c>.</summary>
    public string ObjectType { get; }

    /// <summary>The ThreatQ API collection: <c>report</c>, <c>indicators</c> or <c>attack_pattern</c>.</summary>
    public string Collection { get; }

    /// <summary>The indicator type, e.g. <c>SHA-256</c>, <c>FQDN</c>; null for reports and attack patterns.</summary>
    public string? Type { get; }

    /// <summary>The value: the hash, address, domain or URL; the report's or attack pattern's name.</summary>
    public string Value { get; }

    /// <summary>The ThreatQ status given (default <c>Review</c>). ThreatQ keeps statuses on indicators only.</summary>
    public string? Status { get; }

    /// <summary>Name and value pairs, in the order first seen.</summary>
    public IReadOnlyList<ThreatQAttribute> Attributes => _attributes;

    /// <summary>The ThreatQ sources (default <c>CrowdStrike Falcon X Sandbox</c>).</summary>
    public IReadOnlyList<string> Sources => _sources;

    /// <summary>ThreatQ tags of the entity.</summary>
    public IReadOnlyList<string> Tags => _tags;

    /// <summary>The other entities this one is linked to.</summary>
    public IReadOnlyList<ThreatQRelationship> Relationships => _relationships;

    /// <summary>When the source published it: the report's created timestamp (the earliest, when merged from several).</summary>
    public DateTimeOffset? PublishedAt { get; private set; }

    /// <summary>The values of the attributes with this name (case-insensitive), in order.</summary>
    public IEnumerable<string> GetAttributeValues(string name)
    {
        foreach (var attribute in _attributes)
        {
            if (string.Equals(attribute.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                yield return attribute.Value;
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => Type is null ? $"{ObjectType} {Value}" : $"{Type} {Value}";

    internal void AddAttribute(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        var attribute = new ThreatQAttribute(name, value!);
        if (_attributeIndex is not null)
        {
            if (_attributeIndex.Add(attribute))
            {
                _attributes.Add(attribute);
            }

            return;
        }

        foreach (var existing in _attributes)
        {
            if (existing.Equals(attribute))
            {
                return;
            }
        }

        _attributes.Add(attribute);
        if (_attributes.Count > IndexThreshold)
        {
            _attributeIndex = new HashSet<ThreatQAttribute>(_attributes);
        }
    }

    internal void AddSource(string source)
    {
        foreach (var existing in _sources)
        {
            if (string.Equals(existing, source, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
        }

        _sources.Add(source);
    }

    internal void AddTag(string tag)
    {
        foreach (var existing in _tags)
        {
            if (string.Equals(existing, tag, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
        }

        _tags.Add(tag);
    }

    internal void AddRelationship(ThreatQEntity target, string description)
    {
        if (ReferenceEquals(target, this))
        {
            return;
        }

        var key = new RelationshipTarget(target);
        if (_relationshipIndex is not null)
        {
            if (_relationshipIndex.Add(key))
            {
                _relationships.Add(new ThreatQRelationship(target, description));
            }

            return;
        }

        foreach (var existing in _relationships)
        {
            if (new RelationshipTarget(existing).Equals(key))
            {
                return;
            }
        }

        _relationships.Add(new ThreatQRelationship(target, description));
        if (_relationships.Count > IndexThreshold)
        {
            _relationshipIndex = new HashSet<RelationshipTarget>();
            foreach (var existing in _relationships)
            {
                _relationshipIndex.Add(new RelationshipTarget(existing));
            }
        }
    }

    internal void MergePublishedAt(DateTimeOffset? publishedAt)
    {
        if (publishedAt is not null && (PublishedAt is null || publishedAt < PublishedAt))
        {
            PublishedAt = publishedAt;
        }
    }

    /// <summary>What identifies the other end of a relationship (entity values are already normalised).</summary>
    private readonly struct RelationshipTarget : IEquatable<RelationshipTarget>
    {
        private readonly string _collection;
        private readonly string? _type;
        private readonly string _value;

        internal RelationshipTarget(ThreatQEntity entity)
        {
            _collection = entity.Collection;
            _type = entity.Type;
            _value = entity.Value;
        }

        internal RelationshipTarget(ThreatQRelationship relationship)
        {
            _collection = relationship.Collection;
            _type = relationship.Type;
            _value = relationship.Value;
        }

        public bool Equals(RelationshipTarget other) =>
            string.Equals(_value, other._value, StringComparison.Ordinal) &&
            string.Equals(_type, other._type, StringComparison.Ordinal) &&
            string.Equals(_collection, other._collection, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is RelationshipTarget other && Equals(other);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value) ^ (_type is null ? 0 : StringComparer.Ordinal.GetHashCode(_type));
    }
}

/// <summary>A ThreatQ attribute: a name and a value.</summary>
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

/// <summary>A link from one entity to another, named by the other's collection, type and value.</summary>
public sealed class ThreatQRelationship
{
    internal ThreatQRelationship(ThreatQEntity target, string description)
    {
        ObjectType = target.ObjectType;
        Collection = target.Collection;
        Type = target.Type;
        Value = target.Value;
        Description = description;
    }

    /// <summary>Object type of the other end: <c>Report</c>, <c>Indicator</c> or <c>AttackPattern</c>.</summary>
    public string ObjectType { get; }

    /// <summary>ThreatQ collection of the other end: <c>report</c>, <c>indicators</c> or <c>attack_pattern</c>.</summary>
    public string Collection { get; }

    /// <summary>Indicator type of the other end, e.g. <c>SHA-256</c>; null for reports and attack patterns.</summary>
    public string? Type { get; }

    /// <summary>Value of the other end.</summary>
    public string Value { get; }

    /// <summary>
    /// How the two relate: <c>Related To</c>, or <c>Dropped By</c> from an extracted file to its sample. ThreatQ links
    /// carry no kind, so the consume payload links them plainly.
    /// </summary>
    public string Description { get; }

    /// <inheritdoc />
    public override string ToString() => Type is null ? $"{Description} {ObjectType} {Value}" : $"{Description} {Type} {Value}";
}
