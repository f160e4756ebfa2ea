using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ThreatQ.Emulator;

/// <summary>A link between two objects; ThreatQ calls its id the pivot id. Links have no direction.</summary>
public sealed record TqRelation(int PivotId, string CollectionA, int IdA, string CollectionB, int IdB, DateTimeOffset CreatedAt)
{
    internal bool Touches(string collection, int id) => (CollectionA == collection && IdA == id) || (CollectionB == collection && IdB == id);

    internal (string Collection, int Id) Other(string collection, int id) =>
        CollectionA == collection && IdA == id ? (CollectionB, IdB) : (CollectionA, IdA);
}

/// <summary>
/// The links between objects, by pivot id, by the pair they join (one link per pair, either way round) and by each end.
/// Not thread-safe: <see cref="TqStore"/> uses it under its lock.
/// </summary>
internal sealed class TqLinks
{
    private readonly Dictionary<int, TqRelation> _byPivot = [];
    private readonly Dictionary<string, TqRelation> _byPair = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TqRelation>> _byEnd = new(StringComparer.Ordinal);
    private int _nextPivotId;

    /// <summary>Every link in pivot-id order.</summary>
    public TqRelation[] All() => _byPivot.Values.OrderBy(r => r.PivotId).ToArray();

    /// <summary>The links one object takes part in (a copy).</summary>
    public TqRelation[] Of(string collection, int id) => _byEnd.TryGetValue(End(collection, id), out var list) ? list.ToArray() : [];

    /// <summary>Links two objects unless they are linked already; returns the link and whether it is new.</summary>
    public (TqRelation Relation, bool Added) Add(TqObject a, TqObject b, DateTimeOffset now)
    {
        var pair = PairKey(a.Collection, a.Id, b.Collection, b.Id);
        if (_byPair.TryGetValue(pair, out var existing))
        {
            return (existing, false);
        }

        var relation = new TqRelation(++_nextPivotId, a.Collection, a.Id, b.Collection, b.Id, now);
        _byPivot[relation.PivotId] = relation;
        _byPair[pair] = relation;
        Ends(a.Collection, a.Id).Add(relation);
        Ends(b.Collection, b.Id).Add(relation);
        return (relation, true);
    }

    public bool Remove(int pivotId)
    {
        if (!_byPivot.Remove(pivotId, out var relation))
        {
            return false;
        }

        _byPair.Remove(PairKey(relation.CollectionA, relation.IdA, relation.CollectionB, relation.IdB));
        Ends(relation.CollectionA, relation.IdA).Remove(relation);
        Ends(relation.CollectionB, relation.IdB).Remove(relation);
        return true;
    }

    public void Clear()
    {
        _byPivot.Clear();
        _byPair.Clear();
        _byEnd.Clear();
        _nextPivotId = 0;
    }

    private static string End(string collection, int id) => collection + "#" + id.ToString(CultureInfo.InvariantCulture);

    private List<TqRelation> Ends(string collection, int id)
    {
        var end = End(collection, id);
        if (!_byEnd.TryGetValue(end, out var list))
        {
            _byEnd[end] = list = [];
        }

        return list;
    }

    private static string PairKey(string ca, int ia, string cb, int ib)
    {
        var left = ca + "#" + ia;
        var right = cb + "#" + ib;
        return string.CompareOrdinal(left, right) <= 0 ? left + "~" + right : right + "~" + left;
    }
}
