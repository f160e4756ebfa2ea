using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FalconX.ThreatQ;

/// <summary>
/// One request body for ThreatQ's bulk endpoint <c>POST /api/{collection}/consume</c>: a JSON array of at most 500
/// objects of one collection, in the shape that endpoint takes — lowercase fields, <c>type</c> and <c>status</c> by
/// name, <c>attributes</c> as name/value pairs, <c>sources</c> by name, <c>published_at</c>, and relationships as
/// lists keyed by the related collection (<c>report</c>, <c>indicators</c>, <c>attack_pattern</c>), each related
/// object named by value (and type, for indicators).
/// </summary>
public sealed class ThreatQConsumePayload
{
    /// <summary>The most objects ThreatQ's bulk endpoint is sent in one body.</summary>
    public const int MaxBatchSize = 500;

    // Reports first, so that the indicators and attack patterns that link to them find them.
    private static readonly string[] CollectionOrder = { "report", "indicators", "attack_pattern" };

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Readable bodies: ThreatQ takes UTF-8, so only what JSON requires is escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    internal ThreatQConsumePayload(string collection, int count, string body)
    {
        Collection = collection;
        Count = count;
        Body = body;
    }

    /// <summary>The ThreatQ collection: <c>report</c>, <c>indicators</c> or <c>attack_pattern</c>.</summary>
    public string Collection { get; }

    /// <summary>Where to POST the body, relative to the ThreatQ host: <c>/api/{collection}/consume</c>.</summary>
    public string Path => "/api/" + Collection + "/consume";

    /// <summary>How many objects the body holds.</summary>
    public int Count { get; }

    /// <summary>The JSON body.</summary>
    public string Body { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Path} ({Count})";

    /// <summary>
    /// The bodies for these entities: reports first, then indicators, then attack patterns, each collection cut into
    /// batches of at most <paramref name="batchSize"/> objects, entity order kept.
    /// </summary>
    public static IReadOnlyList<ThreatQConsumePayload> Create(IEnumerable<ThreatQEntity> entities, int batchSize = MaxBatchSize)
    {
        if (entities is null)
        {
            throw new ArgumentNullException(nameof(entities));
        }

        CheckBatchSize(batchSize);
        var byCollection = new Dictionary<string, List<ThreatQEntity>>(StringComparer.Ordinal);
        foreach (var entity in entities)
        {
            if (!byCollection.TryGetValue(entity.Collection, out var list))
            {
                byCollection[entity.Collection] = list = new List<ThreatQEntity>();
            }

            list.Add(entity);
        }

        var payloads = new List<ThreatQConsumePayload>();
        foreach (var collection in OrderOf(byCollection.Keys))
        {
            var list = byCollection[collection];
            for (var start = 0; start < list.Count; start += batchSize)
            {
                payloads.Add(Write(collection, list, start, Math.Min(batchSize, list.Count - start)));
            }
        }

        return payloads;
    }

    internal static void CheckBatchSize(int batchSize)
    {
        if (batchSize < 1 || batchSize > MaxBatchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"A consume body holds 1 to {MaxBatchSize} objects.");
        }
    }

    internal static IEnumerable<string> OrderOf(IEnumerable<string> collections)
    {
        var present = new HashSet<string>(collections, StringComparer.Ordinal);
        foreach (var known in CollectionOrder)
        {
            if (present.Remove(known))
            {
                yield return known;
            }
        }

        var others = new List<string>(present);
        others.Sort(StringComparer.Ordinal);
        foreach (var other in others)
        {
            yield return other;
        }
    }

    internal static ThreatQConsumePayload Write(string collection, IReadOnlyList<ThreatQEntity> entities, int start, int count)
    {
        using var buffer = new MemoryStream(count * 512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            for (var i = start; i < start + count; i++)
            {
                WriteItem(writer, entities[i]);
            }

            writer.WriteEndArray();
        }

        return new ThreatQConsumePayload(collection, count, Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static void WriteItem(Utf8JsonWriter writer, ThreatQEntity entity)
    {
        writer.WriteStartObject();
        writer.WriteString("value", entity.Value);
        if (entity.Type is not null)
        {
            WriteNamed(writer, "type", entity.Type);
        }

        // ThreatQ keeps statuses on indicators; its report and attack pattern objects have none to set.
        if (entity.Status is not null && entity.ObjectType == ThreatQObjectTypes.Indicator)
        {
            WriteNamed(writer, "status", entity.Status);
        }

        if (entity.PublishedAt is not null)
        {
            writer.WriteString("published_at", entity.PublishedAt.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        }

        WriteNames(writer, "sources", entity.Sources);

        writer.WriteStartArray("attributes");
        foreach (var attribute in entity.Attributes)
        {
            writer.WriteStartObject();
            writer.WriteString("name", attribute.Name);
            writer.WriteString("value", attribute.Value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        if (entity.Tags.Count > 0)
        {
            WriteNames(writer, "tags", entity.Tags);
        }

        if (entity.Relationships.Count > 0 || entity.RelatedObjects.Count > 0)
        {
            var collections = new List<string>(3);
            foreach (var relationship in entity.Relationships)
            {
                if (!collections.Contains(relationship.Collection))
                {
                    collections.Add(relationship.Collection);
                }
            }

            foreach (var link in entity.RelatedObjects)
            {
                if (!collections.Contains(link.Collection))
                {
                    collections.Add(link.Collection);
                }
            }

            foreach (var collection in OrderOf(collections))
            {
                writer.WriteStartArray(collection);
                foreach (var relationship in entity.Relationships)
                {
                    if (relationship.Collection != collection)
                    {
                        continue;
                    }

                    writer.WriteStartObject();
                    writer.WriteString("value", relationship.Value);
                    if (relationship.Type is not null)
                    {
                        WriteNamed(writer, "type", relationship.Type);
                    }

                    writer.WriteEndObject();
                }

                // Existing ThreatQ objects by id (PEERS.md §1.3: consume items relate with <collection>:[{"id":N}]).
                foreach (var link in entity.RelatedObjects)
                {
                    if (link.Collection == collection)
                    {
                        writer.WriteStartObject();
                        writer.WriteNumber("id", link.Id);
                        writer.WriteEndObject();
                    }
                }

                writer.WriteEndArray();
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>ThreatQ names a type, status, source or tag as an object: <c>"property": {"name": "..."}</c>.</summary>
    private static void WriteNamed(Utf8JsonWriter writer, string property, string name)
    {
        writer.WriteStartObject(property);
        writer.WriteString("name", name);
        writer.WriteEndObject();
    }

    /// <summary>A list of named objects: <c>"property": [{"name": "..."}, ...]</c>.</summary>
    private static void WriteNames(Utf8JsonWriter writer, string property, IReadOnlyList<string> names)
    {
        writer.WriteStartArray(property);
        foreach (var name in names)
        {
            writer.WriteStartObject();
            writer.WriteString("name", name);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
