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

    private static readonly string[] NoStrings = Array.Empty<string>();
    private static readonly ThreatQRelationship[] NoRelationships = Array.Empty<ThreatQRelationship>();

    // A conversion can hold hundreds of thousands of entities: lists are made only when needed and sources (one in
    // practice) are a plain array.
    private readonly List<ThreatQAttribute> _attributes = new(2);
    private string[] _sources = NoStrings;
    private List<string>? _tags;
    private List<ThreatQRelationship>? _relationships;
    private HashSet<ThreatQAttribute>? _attributeIndex;
    private HashSet<ThreatQEntity>? _relationshipIndex;
    private List<Api.ThreatQObjectRef>? _links;

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
    public IReadOnlyList<string> Tags => (IReadOnlyList<string>?)_tags ?? NoStrings;

    /// <summary>The other entities this one is linked to.</summary>
    public IReadOnlyList<ThreatQRelationship> Relationships => (IReadOnlyList<ThreatQRelationship>?)_relationships ?? NoRelationships;

    /// <summary>
    /// Existing ThreatQ objects (by id) this entity is related to: the indicators or attachments the Falcon X action ran
    /// on. The consume body links them as <c>{"indicators":[{"id":N}]}</c> / <c>{"attachments":[{"id":N}]}</c>.
    /// </summary>
    public IReadOnlyList<Api.ThreatQObjectRef> RelatedObjects => (IReadOnlyList<Api.ThreatQObjectRef>?)_links ?? Array.Empty<Api.ThreatQObjectRef>();

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

    internal void AddAttribute(ThreatQAttribute attribute)
    {
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

        var sources = new string[_sources.Length + 1];
        _sources.CopyTo(sources, 0);
        sources[_sources.Length] = source;
        _sources = sources;
    }

    internal void AddLink(Api.ThreatQObjectRef? source)
    {
        if (source is null)
        {
            return;
        }

        _links ??= new List<Api.ThreatQObjectRef>(1);
        if (!_links.Contains(source))
        {
            _links.Add(source);
        }
    }

    internal void AddTag(string tag)
    {
        _tags ??= new List<string>(1);
        foreach (var existing in _tags)
        {
            if (string.Equals(existing, tag, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
        }

        _tags.Add(tag);
    }

    /// <summary>Links to another entity of the same set (where each identity is one object, so identity is reference).</summary>
    internal void AddRelationship(ThreatQEntity target, string description)
    {
        if (ReferenceEquals(target, this))
        {
            return;
        }

        _relationships ??= new List<ThreatQRelationship>(2);
        if (_relationshipIndex is not null)
        {
            if (_relationshipIndex.Add(target))
            {
                _relationships.Add(new ThreatQRelationship(target, description));
            }

            return;
        }

        foreach (var existing in _relationships)
        {
            if (ReferenceEquals(existing.Target, target))
            {
                return;
            }
        }

        _relationships.Add(new ThreatQRelationship(target, description));
        if (_relationships.Count > IndexThreshold)
        {
            _relationshipIndex = new HashSet<ThreatQEntity>(ReferenceComparer.Instance);
            foreach (var existing in _relationships)
            {
                _relationshipIndex.Add(existing.Target);
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

    private sealed class ReferenceComparer : IEqualityComparer<ThreatQEntity>
    {
        internal static readonly ReferenceComparer Instance = new();

        public bool Equals(ThreatQEntity? x, ThreatQEntity? y) => ReferenceEquals(x, y);

        public int GetHashCode(ThreatQEntity obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
