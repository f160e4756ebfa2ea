using System;
using System.Collections.Generic;

namespace FalconX.ThreatQ;

/// <summary>
/// Entities from one or many reports, one per (object type, indicator type, value), in the order first seen.
/// Adding an entity that is already there merges its attributes, sources, tags and relationships into the first.
/// Memory grows with the number of distinct entities, not with the number of reports: reports are not kept, and
/// repeated attribute values share one string.
/// </summary>
public sealed class ThreatQEntitySet
{
    // Attribute values repeat across reports (verdicts, origins, file types, tactics); sharing them keeps a large
    // conversion's memory to its distinct values. Long or numerous values are not worth pooling.
    private const int MaxPooledLength = 128;
    private const int MaxPoolSize = 100_000;

    private readonly Dictionary<EntityKey, ThreatQEntity> _byKey = new();
    private readonly List<ThreatQEntity> _ordered = new();
    private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);
    private readonly Dictionary<ThreatQAttribute, ThreatQAttribute> _attributes = new();

    /// <summary>The entities in the order first seen.</summary>
    public IReadOnlyList<ThreatQEntity> Entities => _ordered;

    /// <summary>How many distinct entities there are.</summary>
    public int Count => _ordered.Count;

    /// <summary>Forgets every entity.</summary>
    public void Clear()
    {
        _byKey.Clear();
        _ordered.Clear();
        _pool.Clear();
        _attributes.Clear();
    }

    /// <summary>
    /// The entity with this identity, created (and appended) when it is new. The value must be normalised.
    /// <paramref name="identity"/> is what makes two entities the same when it is not the value itself (an ATT&amp;CK id).
    /// </summary>
    internal ThreatQEntity GetOrAdd(string objectType, string? type, string value, string status, DateTimeOffset? publishedAt, string source, string? identity = null)
    {
        var key = new EntityKey(objectType, type, identity ?? value);
        if (!_byKey.TryGetValue(key, out var entity))
        {
            entity = new ThreatQEntity(objectType, type, value, Share(status), publishedAt);
            _byKey.Add(key, entity);
            _ordered.Add(entity);
        }
        else
        {
            entity.MergePublishedAt(publishedAt);
        }

        entity.AddSource(Share(source));
        return entity;
    }

    internal void AddTags(ThreatQEntity entity, IList<string> tags)
    {
        foreach (var tag in tags)
        {
            if (!string.IsNullOrWhiteSpace(tag))
            {
                entity.AddTag(Share(tag.Trim()));
            }
        }
    }

    internal void AddAttribute(ThreatQEntity entity, string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        var attribute = new ThreatQAttribute(name, value!);
        if (value!.Length <= MaxPooledLength)
        {
            // "MalQuery Verdict: unknown" on fifty thousand hashes is one object.
            if (_attributes.TryGetValue(attribute, out var shared))
            {
                attribute = shared;
            }
            else if (_attributes.Count < MaxPoolSize)
            {
                _attributes.Add(attribute, attribute);
            }
        }

        entity.AddAttribute(attribute);
    }

    internal string Share(string value)
    {
        if (value.Length > MaxPooledLength)
        {
            return value;
        }

        if (_pool.TryGetValue(value, out var shared))
        {
            return shared;
        }

        if (_pool.Count < MaxPoolSize)
        {
            _pool.Add(value, value);
        }

        return value;
    }

    private readonly struct EntityKey : IEquatable<EntityKey>
    {
        private readonly string _objectType;
        private readonly string? _type;
        private readonly string _value;

        internal EntityKey(string objectType, string? type, string value)
        {
            _objectType = objectType;
            _type = type;
            _value = value;
        }

        public bool Equals(EntityKey other) =>
            string.Equals(_value, other._value, StringComparison.Ordinal) &&
            string.Equals(_type, other._type, StringComparison.Ordinal) &&
            string.Equals(_objectType, other._objectType, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is EntityKey other && Equals(other);

        public override int GetHashCode()
        {
            unchecked
            {
                var hash = StringComparer.Ordinal.GetHashCode(_value);
                hash = (hash * 31) + (_type is null ? 0 : StringComparer.Ordinal.GetHashCode(_type));
                return (hash * 31) + StringComparer.Ordinal.GetHashCode(_objectType);
            }
        }
    }
}
