using System;
using System.Collections.Generic;
using System.Text.Json;

namespace FalconX.Models;

/// <summary>
/// One indicator of a JSON IOC pack (<c>ioc_report_strict_json_artifact_id</c> or the broad one):
/// <c>{"ioc":"…","source":"extracted|input|runtime","type":"sha256|md5|domain|ipv4|url|…"}</c>.
/// </summary>
public sealed class IocPackEntry : FalconXApiObject
{
    internal IocPackEntry()
    {
    }

    /// <summary>The indicator itself: a hash, domain, address or URL.</summary>
    public string? Value { get; internal set; }

    /// <summary>Its type as the pack names it: sha256, sha1, md5, domain, ipv4, ipv6, url…</summary>
    public string? Type { get; internal set; }

    /// <summary>Where the sandbox saw it: <c>input</c> (the sample), <c>extracted</c> (a dropped file) or <c>runtime</c>.</summary>
    public string? Source { get; internal set; }

    /// <summary>How a pack entry (and this object written out) reads into it.</summary>
    internal static readonly FieldTable<IocPackEntry> Fields = new FieldTable<IocPackEntry>(() => new IocPackEntry())
        .Text("ioc", nameof(Value), (o, v) => o.Value = v)
        .Text("type", nameof(Type), (o, v) => o.Type = v)
        .Text("source", nameof(Source), (o, v) => o.Source = v);

    /// <inheritdoc />
    public override string ToString() => $"{Type} {Value}";

    /// <summary>Reads a JSON IOC pack: a list of entries.</summary>
    /// <exception cref="FormatException">The text is not JSON or not a list of IOC entries.</exception>
    public static IReadOnlyList<IocPackEntry> ParsePack(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Array.Empty<IocPackEntry>();
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return ParsePack(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new FormatException("The IOC pack is not valid JSON: " + ex.Message, ex);
        }
    }

    internal static IReadOnlyList<IocPackEntry> ParsePack(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Null)
        {
            return Array.Empty<IocPackEntry>();
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"A JSON IOC pack is a list of {{\"ioc\",\"source\",\"type\"}} entries, but this is a JSON {root.ValueKind.ToString().ToLowerInvariant()}.");
        }

        var entries = new List<IocPackEntry>(root.GetArrayLength());
        foreach (var element in root.EnumerateArray())
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                entries.Add(Fields.Read(element));
            }
        }

        return entries;
    }
}
