using System;
using System.Collections.Generic;
using System.Linq;

namespace ThreatQ.Emulator;

/// <summary>
/// Everything the emulated instance holds. One lock guards it all: a consume body is validated and applied as one
/// step, so a rejected body leaves nothing behind and concurrent re-sends cannot create twins.
/// </summary>
public sealed class TqStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Dictionary<int, TqObject>> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TqObject> _byKey = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _nextId = new(StringComparer.Ordinal);
    private readonly TqLinks _links = new();
    private readonly Dictionary<string, int> _tagIds = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _sourceIds = new(StringComparer.OrdinalIgnoreCase);
    private int _nextAttributeId;
    private long _revision;

    /// <summary>Grows by one for every change to any object or link; equal before and after a run = the run changed nothing.</summary>
    public long Revision { get { lock (_gate) { return _revision; } } }

    /// <summary>Runs <paramref name="work"/> under the store lock (a consume body validates and applies inside one call).</summary>
    internal T Locked<T>(Func<T> work)
    {
        lock (_gate)
        {
            return work();
        }
    }

    internal void Clear()
    {
        lock (_gate)
        {
            _byId.Clear();
            _byKey.Clear();
            _nextId.Clear();
            _links.Clear();
            _tagIds.Clear();
            _sourceIds.Clear();
            _nextAttributeId = 0;
            _revision = 0;
        }
    }

    internal static string KeyOf(string collection, string? typeName, string value) =>
        collection == "indicators" ? $"{collection}|{typeName}|{value}" : $"{collection}|{value}";

    internal TqObject? Find(string collection, int id)
    {
        lock (_gate)
        {
            return _byId.TryGetValue(collection, out var map) && map.TryGetValue(id, out var o) ? o : null;
        }
    }

    internal TqObject? FindByKey(string collection, string? typeName, string value)
    {
        lock (_gate)
        {
            return collection == "attachments" ? null : _byKey.GetValueOrDefault(KeyOf(collection, typeName, value));
        }
    }

    /// <summary>A snapshot of one collection in id order.</summary>
    public IReadOnlyList<TqObject> All(string collection)
    {
        lock (_gate)
        {
            return _byId.TryGetValue(collection, out var map) ? map.Values.OrderBy(o => o.Id).ToArray() : [];
        }
    }

    /// <summary>Every collection that holds at least one object.</summary>
    public IReadOnlyList<string> CollectionsInUse()
    {
        lock (_gate)
        {
            return _byId.Where(p => p.Value.Count > 0).Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal).ToArray();
        }
    }

    public IReadOnlyList<TqRelation> Relations()
    {
        lock (_gate)
        {
            return _links.All();
        }
    }

    /// <summary>The objects linked to one object, with the pivot id of each link, optionally only those of one collection.</summary>
    public IReadOnlyList<(TqObject Other, int PivotId)> RelatedTo(string collection, int id, string? otherCollection = null)
    {
        lock (_gate)
        {
            var list = new List<(TqObject, int)>();
            foreach (var relation in _links.Of(collection, id))
            {
                var (oc, oid) = relation.Other(collection, id);
                if (otherCollection is not null && oc != otherCollection)
                {
                    continue;
                }

                if (Find(oc, oid) is { } other)
                {
                    list.Add((other, relation.PivotId));
                }
            }

            return list;
        }
    }

    internal TqObject Create(string collection, string value, TqNamed? type, DateTimeOffset now, Action<TqObject>? init = null)
    {
        lock (_gate)
        {
            var id = _nextId.GetValueOrDefault(collection) + 1;
            _nextId[collection] = id;
            var created = new TqObject { Id = id, Collection = collection, Value = value, Type = type, CreatedAt = now, UpdatedAt = now, TouchedAt = now };
            init?.Invoke(created);
            if (!_byId.TryGetValue(collection, out var map))
            {
                _byId[collection] = map = [];
            }

            map[id] = created;
            if (collection != "attachments")
            {
                _byKey[KeyOf(collection, type?.Name, value)] = created;
            }

            _revision++;
            return created;
        }
    }

    internal bool Delete(string collection, int id)
    {
        lock (_gate)
        {
            if (Find(collection, id) is not { } target)
            {
                return false;
            }

            _byId[collection].Remove(id);
            _byKey.Remove(KeyOf(collection, target.Type?.Name, target.Value));
            foreach (var relation in _links.Of(collection, id))
            {
                Unrelate(relation.PivotId);
            }

            _revision++;
            return true;
        }
    }

    /// <summary>Adds an attribute unless the same name and value is already there; returns it and whether it is new.</summary>
    internal (TqAttribute Attribute, bool Added) AddAttribute(TqObject target, string name, string value, DateTimeOffset now)
    {
        lock (_gate)
        {
            var existing = target.Attributes.FirstOrDefault(a => a.Name == name && a.Value == value);
            if (existing is not null)
            {
                return (existing, false);
            }

            var attribute = new TqAttribute(++_nextAttributeId, name, value, now);
            target.AttributeList.Add(attribute);
            Changed(target, now);
            return (attribute, true);
        }
    }

    internal bool RemoveAttribute(TqObject target, int attributeId, DateTimeOffset now)
    {
        lock (_gate)
        {
            var removed = target.AttributeList.RemoveAll(a => a.Id == attributeId) > 0;
            if (removed)
            {
                Changed(target, now);
            }

            return removed;
        }
    }

    internal bool ReplaceAttribute(TqObject target, int attributeId, string value, DateTimeOffset now)
    {
        lock (_gate)
        {
            var index = target.AttributeList.FindIndex(a => a.Id == attributeId);
            if (index < 0)
            {
                return false;
            }

            if (target.Attributes[index].Value != value)
            {
                target.AttributeList[index] = target.AttributeList[index] with { Value = value };
                Changed(target, now);
            }

            return true;
        }
    }

    internal bool AddSource(TqObject target, string name, DateTimeOffset now) => AddName(target.SourceList, _sourceIds, target, name, now);

    internal bool AddTag(TqObject target, string name, DateTimeOffset now) => AddName(target.TagList, _tagIds, target, name, now);

    internal bool RemoveSource(TqObject target, int sourceId, DateTimeOffset now) => RemoveName(target.SourceList, _sourceIds, target, sourceId, now);

    internal bool RemoveTag(TqObject target, int tagId, DateTimeOffset now) => RemoveName(target.TagList, _tagIds, target, tagId, now);

    internal int TagId(string name)
    {
        lock (_gate)
        {
            return IdOf(_tagIds, name);
        }
    }

    internal int SourceId(string name)
    {
        lock (_gate)
        {
            return IdOf(_sourceIds, name);
        }
    }

    internal bool SetStatus(TqObject target, TqNamed status, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (target.Status?.Id == status.Id)
            {
                return false;
            }

            target.Status = status;
            Changed(target, now);
            return true;
        }
    }

    internal bool SetDescription(TqObject target, string description, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (target.Description == description)
            {
                return false;
            }

            target.Description = description;
            Changed(target, now);
            return true;
        }
    }

    internal bool SetPublishedAt(TqObject target, string publishedAt)
    {
        lock (_gate)
        {
            // The first publication date is kept, as a feed re-delivering an object does not move it.
            if (target.PublishedAt is not null)
            {
                return false;
            }

            target.PublishedAt = publishedAt;
            _revision++;
            return true;
        }
    }

    internal void SetManualScore(TqObject target, double? score, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (target.ManualScore != score)
            {
                target.ManualScore = score;
                Changed(target, now);
            }
        }
    }

    /// <summary>Links two objects unless they are linked already; returns the pivot id and whether the link is new.</summary>
    internal (int PivotId, bool Added) Relate(TqObject a, TqObject b, DateTimeOffset now)
    {
        lock (_gate)
        {
            var (relation, added) = _links.Add(a, b, now);
            if (added)
            {
                _revision++;
            }

            return (relation.PivotId, added);
        }
    }

    internal bool Unrelate(int pivotId)
    {
        lock (_gate)
        {
            if (!_links.Remove(pivotId))
            {
                return false;
            }

            _revision++;
            return true;
        }
    }

    private bool AddName(List<string> names, Dictionary<string, int> ids, TqObject target, string name, DateTimeOffset now)
    {
        lock (_gate)
        {
            IdOf(ids, name);
            if (names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                return false;
            }

            names.Add(name);
            Changed(target, now);
            return true;
        }
    }

    private bool RemoveName(List<string> names, Dictionary<string, int> ids, TqObject target, int id, DateTimeOffset now)
    {
        lock (_gate)
        {
            var name = ids.FirstOrDefault(p => p.Value == id).Key;
            if (name is null || names.RemoveAll(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) == 0)
            {
                return false;
            }

            Changed(target, now);
            return true;
        }
    }

    private static int IdOf(Dictionary<string, int> ids, string name)
    {
        if (!ids.TryGetValue(name, out var id))
        {
            ids[name] = id = ids.Count + 1;
        }

        return id;
    }

    private void Changed(TqObject target, DateTimeOffset now)
    {
        target.UpdatedAt = now;
        target.TouchedAt = now;
        _revision++;
    }
}
