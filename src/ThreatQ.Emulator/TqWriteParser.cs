using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static ThreatQ.Emulator.TqNodes;

namespace ThreatQ.Emulator;

/// <summary>A link named in a write body: by id (<c>{"id":N}</c>) or by value (and type, for indicators).</summary>
internal sealed record TqLinkRef(string Collection, int? Id, string? Value, TqNamed? Type, string Field);

/// <summary>One object of a write body, parsed and checked.</summary>
internal sealed record TqWriteItem(
    string? Value, TqNamed? Type, TqNamed? Status, string? Description, string? PublishedAt,
    List<string> Sources, List<(string Name, string Value)> Attributes, List<string> Tags, List<TqLinkRef> Links);

/// <summary>
/// Reads one object of a consume or create body and checks it as ThreatQ does: the value (and its format for hash, IP
/// and domain indicator types), type, status, sources, tags, attributes, links to objects that exist, the date.
/// Every problem goes into the error list under the field's dotted name ("0.type", "2.sources.1.name").
/// </summary>
internal sealed class TqWriteParser
{
    private static readonly Dictionary<string, Regex> ValueFormats = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MD5"] = new("^[0-9a-fA-F]{32}$"),
        ["SHA-1"] = new("^[0-9a-fA-F]{40}$"),
        ["SHA-256"] = new("^[0-9a-fA-F]{64}$"),
        ["SHA-384"] = new("^[0-9a-fA-F]{96}$"),
        ["SHA-512"] = new("^[0-9a-fA-F]{128}$"),
        ["IP Address"] = new(@"^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$"),
        ["CIDR Block"] = new(@"^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}/\d{1,2}$"),
        ["FQDN"] = new(@"^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9-]{2,63}\.?$"),
    };

    private readonly TqState _state;

    public TqWriteParser(TqState state) => _state = state;

    private TqStore Store => _state.Store;

    /// <summary>The object at <paramref name="node"/>; its problems are added to <paramref name="errors"/> under <paramref name="prefix"/> ("3." in a list).</summary>
    public TqWriteItem Parse(string collection, JsonNode? node, string prefix, Dictionary<string, List<string>> errors)
    {
        void Fail(string field, string message)
        {
            if (!errors.TryGetValue(prefix + field, out var list))
            {
                errors[prefix + field] = list = [];
            }

            list.Add(message);
        }

        if (node is not JsonObject o)
        {
            Fail("data", "Each object must be a JSON object.");
            return new TqWriteItem(null, null, null, null, null, [], [], [], []);
        }

        var nameField = TqCatalog.NameField(collection);
        var value = Text(o[nameField]) ?? Text(o["value"]) ?? Text(o["name"]) ?? Text(o["title"]);
        if (string.IsNullOrWhiteSpace(value))
        {
            Fail(nameField, $"The {nameField} field is required.");
        }
        else if (_state.Faults.IsRejected(value))
        {
            Fail(nameField, $"The {nameField} '{value}' is not accepted.");
        }

        TqNamed? type = null;
        TqNamed? status = null;
        if (collection == "indicators")
        {
            (type, status) = IndicatorTypeAndStatus(o, value, Fail);
        }

        var sources = Names(o, "sources", Fail);
        var tags = Names(o, "tags", Fail);
        var attributes = new List<(string, string)>();
        foreach (var (a, i) in Each(o["attributes"]))
        {
            var name = Text(a?["name"]);
            var attributeValue = Text(a?["value"]);
            if (string.IsNullOrEmpty(name))
            {
                Fail($"attributes.{i}.name", "The attribute name is required.");
            }
            else if (attributeValue is null)
            {
                Fail($"attributes.{i}.value", "The attribute value is required.");
            }
            else
            {
                attributes.Add((name, attributeValue));
            }
        }

        var links = Links(o, Fail);
        var publishedAt = Text(o["published_at"]);
        if (publishedAt is not null && !DateTime.TryParse(publishedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            Fail("published_at", $"The published_at '{publishedAt}' is not a valid date (use yyyy-MM-dd HH:mm:ss).");
        }

        return new TqWriteItem(value, type, status, Text(o["description"]), publishedAt, sources, attributes, tags, links);
    }

    private static (TqNamed? Type, TqNamed? Status) IndicatorTypeAndStatus(JsonObject o, string? value, Action<string, string> fail)
    {
        var typeNode = o["type"] ?? o["type_name"] ?? o["type_id"];
        var type = NamedOf(typeNode, TqCatalog.IndicatorType, TqCatalog.IndicatorTypeById);
        if (typeNode is null)
        {
            fail("type", "The type field is required.");
        }
        else if (type is null)
        {
            fail("type", $"The selected type '{Text(typeNode) ?? typeNode.ToJsonString()}' is invalid; GET /api/indicator/types lists the types.");
        }
        else if (value is not null && ValueFormats.TryGetValue(type.Name, out var format) && !format.IsMatch(value))
        {
            fail("value", $"The value '{value}' is not a valid {type.Name}.");
        }

        var statusNode = o["status"] ?? o["status_name"] ?? o["status_id"];
        var status = NamedOf(statusNode, TqCatalog.Status, TqCatalog.StatusById);
        if (statusNode is not null && status is null)
        {
            fail("status", $"The selected status '{Text(statusNode) ?? statusNode.ToJsonString()}' is invalid; GET /api/indicator/statuses lists the statuses.");
        }

        return (type, status);
    }

    /// <summary>The names of "sources" or "tags": plain strings or {"name":..} objects, none empty.</summary>
    private static List<string> Names(JsonObject o, string field, Action<string, string> fail)
    {
        var names = new List<string>();
        foreach (var (n, i) in Each(o[field]))
        {
            if (Text(n is JsonObject named ? named["name"] : n) is { Length: > 0 } name)
            {
                names.Add(name);
            }
            else
            {
                fail($"{field}.{i}.name", $"The {field.TrimEnd('s')} name is required.");
            }
        }

        return names;
    }

    /// <summary>Lists keyed by a collection name ("adversaries": [...]) link the object to those, named by id or by value.</summary>
    private List<TqLinkRef> Links(JsonObject o, Action<string, string> fail)
    {
        var links = new List<TqLinkRef>();
        foreach (var (key, linked) in o)
        {
            var other = key.ToLowerInvariant();
            if (!TqCatalog.IsCollection(other) || linked is not JsonArray)
            {
                continue;
            }

            foreach (var (l, j) in Each(linked))
            {
                if (Link(other, l, $"{other}.{j}", fail) is { } link)
                {
                    links.Add(link);
                }
            }
        }

        return links;
    }

    private TqLinkRef? Link(string other, JsonNode? node, string field, Action<string, string> fail)
    {
        if (node is not JsonObject link)
        {
            fail(field, "A related object is given as {\"id\":N} or by its value.");
            return null;
        }

        if (link["id"] is JsonValue idNode && idNode.TryGetValue<int>(out var id))
        {
            if (Store.Find(other, id) is null)
            {
                fail(field + ".id", $"The selected {other} id {id} is invalid.");
                return null;
            }

            return new TqLinkRef(other, id, null, null, field);
        }

        var linkValue = Text(link[TqCatalog.NameField(other)]) ?? Text(link["value"]) ?? Text(link["name"]) ?? Text(link["title"]);
        if (string.IsNullOrEmpty(linkValue))
        {
            fail(field, "A related object needs an id or a value.");
            return null;
        }

        if (other == "indicators")
        {
            var linkType = NamedOf(link["type"] ?? link["type_name"] ?? link["type_id"], TqCatalog.IndicatorType, TqCatalog.IndicatorTypeById);
            if (linkType is null)
            {
                fail(field + ".type", "A related indicator named by value needs a valid type.");
                return null;
            }

            if (ValueFormats.TryGetValue(linkType.Name, out var format) && !format.IsMatch(linkValue))
            {
                fail(field + ".value", $"The value '{linkValue}' is not a valid {linkType.Name}.");
                return null;
            }

            return new TqLinkRef(other, null, linkValue, linkType, field);
        }

        if (Store.FindByKey(other, null, linkValue) is null)
        {
            fail(field + ".value", $"The related {other} '{linkValue}' does not exist; write it before the objects that link to it.");
            return null;
        }

        return new TqLinkRef(other, null, linkValue, null, field);
    }
}
