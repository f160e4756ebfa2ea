using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ThreatQ.Emulator;

/// <summary>Object-to-JSON in ThreatQ's shapes, and the envelopes and error bodies the API answers with.</summary>
internal static class TqJson
{
    /// <summary>Answers are UTF-8 JSON; only what JSON requires is escaped, as PHP's encoder with unescaped slashes/unicode would.</summary>
    internal static readonly JsonSerializerOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>An object as GET /api/{collection}/{id} shows it; <paramref name="with"/> adds the related parts (<c>?with=</c>).</summary>
    internal static JsonObject Object(TqStore store, TqObject o, ISet<string> with)
    {
        var json = new JsonObject { ["id"] = o.Id };
        switch (o.Collection)
        {
            case "indicators":
                json["type_id"] = o.Type?.Id;
                json["status_id"] = o.Status?.Id;
                json["class"] = o.Type?.Class;
                json["value"] = o.Value;
                json["hash"] = Md5Hex(o.Value);
                json["description"] = o.Description;
                json["expired_at"] = null;
                break;
            case "attachments":
                json["type_id"] = o.Type?.Id;
                json["name"] = o.Value;
                json["title"] = o.Title;
                json["file_size"] = o.FileSize;
                json["hash"] = o.Md5;
                json["content_type_id"] = 1;
                json["content_type"] = o.ContentType;
                json["malware_locked"] = o.MalwareLocked ? 1 : 0;
                json["description"] = o.Description;
                break;
            default:
                json[TqCatalog.NameField(o.Collection)] = o.Value;
                json["description"] = o.Description;
                break;
        }

        json["published_at"] = o.PublishedAt;
        json["created_at"] = Date(o.CreatedAt);
        json["updated_at"] = Date(o.UpdatedAt);
        json["touched_at"] = Date(o.TouchedAt);
        if (o.Type is not null && with.Contains("type"))
        {
            json["type"] = o.Collection == "indicators"
                ? new JsonObject { ["id"] = o.Type.Id, ["name"] = o.Type.Name, ["class"] = o.Type.Class }
                : new JsonObject { ["id"] = o.Type.Id, ["name"] = o.Type.Name };
        }

        if (o.Status is not null && with.Contains("status"))
        {
            json["status"] = new JsonObject { ["id"] = o.Status.Id, ["name"] = o.Status.Name, ["description"] = o.Status.Description };
        }

        if (with.Contains("attributes"))
        {
            json["attributes"] = new JsonArray(o.Attributes.Select(a => (JsonNode)new JsonObject
            {
                ["id"] = a.Id,
                ["name"] = a.Name,
                ["value"] = a.Value,
                ["created_at"] = Date(a.CreatedAt),
            }).ToArray());
        }

        if (with.Contains("sources"))
        {
            json["sources"] = new JsonArray(o.Sources.Select(s => (JsonNode)new JsonObject
            {
                ["id"] = store.SourceId(s),
                ["name"] = s,
                ["source_type"] = "other_sources",
            }).ToArray());
        }

        if (with.Contains("tags"))
        {
            json["tags"] = new JsonArray(o.Tags.Select(t => (JsonNode)new JsonObject { ["id"] = store.TagId(t), ["name"] = t }).ToArray());
        }

        if (with.Contains("score") && o.Collection == "indicators")
        {
            json["score"] = new JsonObject
            {
                ["indicator_id"] = o.Id,
                ["generated_score"] = o.GeneratedScore.ToString("0.00", CultureInfo.InvariantCulture),
                ["manual_score"] = o.ManualScore,
            };
        }

        return json;
    }

    internal static HashSet<string> With(string? with, params string[] always)
    {
        var set = new HashSet<string>(always, StringComparer.OrdinalIgnoreCase);
        foreach (var part in (with ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            set.Add(part);
        }

        return set;
    }

    internal static JsonObject Page(IEnumerable<JsonNode> data, int total, int offset, int limit) => new()
    {
        ["total"] = total,
        ["offset"] = offset,
        ["limit"] = limit,
        ["data"] = new JsonArray(data.ToArray()),
    };

    internal static JsonObject List(IReadOnlyCollection<JsonNode> data) => new()
    {
        ["total"] = data.Count,
        ["data"] = new JsonArray(data.ToArray()),
    };

    internal static JsonObject Single(JsonNode data) => new() { ["data"] = data };

    /// <summary>The general error shape: a top-level <c>errors</c> list of messages.</summary>
    internal static JsonObject Errors(params string[] messages) => new() { ["errors"] = new JsonArray(messages.Select(m => (JsonNode)m).ToArray()) };

    /// <summary>The validation shape: <c>data.errors</c> keyed by field, items of a list body as "N.field".</summary>
    internal static JsonObject Validation(IReadOnlyDictionary<string, List<string>> errors)
    {
        var byField = new JsonObject();
        foreach (var (field, messages) in errors)
        {
            byField[field] = new JsonArray(messages.Select(m => (JsonNode)m).ToArray());
        }

        return new JsonObject { ["data"] = new JsonObject { ["errors"] = byField } };
    }

    internal static string Md5Hex(string text) => Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}
