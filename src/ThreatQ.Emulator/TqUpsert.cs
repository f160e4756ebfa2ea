using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;

namespace ThreatQ.Emulator;

/// <summary>
/// Stores a consume or create body: every object is an upsert keyed by value (and type for indicators). The body is
/// checked whole first; one bad object rejects it with 422 and nothing is stored. Used by the API and the admin seed route.
/// </summary>
internal sealed class TqUpsert
{
    private readonly TqState _state;
    private readonly TqWriteParser _parser;

    public TqUpsert(TqState state)
    {
        _state = state;
        _parser = new TqWriteParser(state);
    }

    private TqStore Store => _state.Store;

    /// <summary>Checks a whole write body and, when every object is good, stores all of it.</summary>
    public TqResponse Write(string collection, JsonNode?[] nodes, bool isList, DateTimeOffset now, string? with, bool consume)
    {
        return Store.Locked(() =>
        {
            var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var items = new List<TqWriteItem>(nodes.Length);
            for (var i = 0; i < nodes.Length; i++)
            {
                items.Add(_parser.Parse(collection, nodes[i], isList ? i.ToString(CultureInfo.InvariantCulture) + "." : string.Empty, errors));
            }

            if (errors.Count > 0)
            {
                _state.Stats.Rejected();
                return TqResponse.Ok(TqJson.Validation(errors), 422);
            }

            var results = new List<JsonNode>(items.Count);
            var parts = TqJson.With(with, "type", "status");
            foreach (var item in items)
            {
                var (stored, outcome) = Apply(collection, item, now);
                _state.Stats.Wrote(outcome);
                results.Add(TqJson.Object(Store, stored, parts));
            }

            if (consume)
            {
                _state.Stats.Consumed(items.Count);
            }

            return TqResponse.Ok(TqJson.List(results), consume ? 200 : 201);
        });
    }

    /// <summary>Stores one checked object: created when its key is new, otherwise merged, with no duplicate attribute, source, tag or link.</summary>
    private (TqObject Stored, TqWriteOutcome Outcome) Apply(string collection, TqWriteItem item, DateTimeOffset now)
    {
        var before = Store.Revision;
        var existing = Store.FindByKey(collection, item.Type?.Name, item.Value!);
        var created = existing is null;
        var target = existing ?? Store.Create(collection, item.Value!, item.Type, now, o =>
        {
            // A new indicator without a status gets the instance default, Review here.
            o.Status = collection == "indicators" ? item.Status ?? TqCatalog.Status("Review") : null;
            o.Description = item.Description;
        });
        if (!created)
        {
            before = Store.Revision;
            if (item.Status is not null)
            {
                Store.SetStatus(target, item.Status, now);
            }

            if (item.Description is not null)
            {
                Store.SetDescription(target, item.Description, now);
            }
        }

        if (item.PublishedAt is not null)
        {
            Store.SetPublishedAt(target, item.PublishedAt);
        }

        foreach (var source in item.Sources)
        {
            Store.AddSource(target, source, now);
        }

        foreach (var (name, value) in item.Attributes)
        {
            Store.AddAttribute(target, name, value, now);
        }

        foreach (var tag in item.Tags)
        {
            Store.AddTag(target, tag, now);
        }

        foreach (var link in item.Links)
        {
            var other = link.Id is { } id
                ? Store.Find(link.Collection, id)!
                : Store.FindByKey(link.Collection, link.Type?.Name, link.Value!) ?? CreateLinked(link, now);
            if (Store.Relate(target, other, now).Added)
            {
                _state.Stats.Related();
            }
        }

        var outcome = created ? TqWriteOutcome.Created : Store.Revision != before ? TqWriteOutcome.Updated : TqWriteOutcome.Unchanged;
        return (target, outcome);
    }

    private TqObject CreateLinked(TqLinkRef link, DateTimeOffset now)
    {
        _state.Stats.Wrote(TqWriteOutcome.Created);
        return Store.Create(link.Collection, link.Value!, link.Type, now, o => o.Status = TqCatalog.Status("Review"));
    }
}
