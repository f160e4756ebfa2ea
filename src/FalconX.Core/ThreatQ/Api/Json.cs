using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace FalconX.ThreatQ.Api;

/// <summary>Tolerant readers for ThreatQ's JSON (ids and numbers may come as text, names as objects or strings).</summary>
internal static class Json
{
    internal static string? String(JsonElement holder, string name)
    {
        if (holder.ValueKind != JsonValueKind.Object || !holder.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    internal static double? Number(JsonElement holder, string name)
    {
        if (holder.ValueKind != JsonValueKind.Object || !holder.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.GetDouble();
        }

        return value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }

    internal static long Id(JsonElement holder) => Number(holder, "id") is double id ? (long)id : 0;

    /// <summary>A name given as <c>{"name":..}</c> or a plain string (e.g. <c>type</c>, <c>status</c>).</summary>
    internal static string? Name(JsonElement holder, string name)
    {
        if (holder.ValueKind != JsonValueKind.Object || !holder.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object => String(value, "name") ?? String(value, "value"),
            _ => null,
        };
    }

    /// <summary>The names of a list of <c>{"name":..}</c> objects or strings.</summary>
    internal static IReadOnlyList<string> Names(JsonElement holder, string name)
    {
        if (holder.ValueKind != JsonValueKind.Object || !holder.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            return Array.Empty<string>();
        }

        var list = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString() : String(item, "name");
            if (!string.IsNullOrEmpty(text))
            {
                list.Add(text!);
            }
        }

        return list;
    }

    internal static DateTimeOffset? Time(JsonElement holder, string name) =>
        String(holder, name) is string text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
