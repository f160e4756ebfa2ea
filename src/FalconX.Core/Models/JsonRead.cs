using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace FalconX.Models;

/// <summary>
/// Tolerant readers for the fields of Falcon X documents. Each takes <c>ref bool fits</c> and clears it when the
/// JSON value has a kind the field cannot hold (an object where a string belongs, "abc" for a number): the
/// caller then keeps the value untouched in AdditionalProperties instead of losing it or throwing.
/// JSON null always fits and reads as "absent".
/// </summary>
internal static class JsonRead
{
    internal static readonly IReadOnlyList<string> NoStrings = Array.Empty<string>();
    internal static readonly IReadOnlyDictionary<string, object?> NoProperties = new Dictionary<string, object?>(0, StringComparer.Ordinal);

    [ThreadStatic]
    private static bool t_forMapping;

    /// <summary>
    /// True while reading reports that only ConvertTo-ThreatQEntity will see (they never reach the user): the
    /// readers then skip what no mapping uses (processes, signatures, headers, unknown fields, ...), which halves
    /// the work and the memory of reading a report.
    /// </summary>
    internal static bool ForMapping => t_forMapping;

    /// <summary>Reads for mapping only until the returned scope is disposed.</summary>
    internal static MappingScope ReadForMapping()
    {
        var previous = t_forMapping;
        t_forMapping = true;
        return new MappingScope(previous);
    }

    /// <summary>Restores the previous read mode.</summary>
    internal readonly struct MappingScope : IDisposable
    {
        private readonly bool _previous;

        internal MappingScope(bool previous) => _previous = previous;

        public void Dispose() => t_forMapping = _previous;
    }

    internal static string? String(JsonElement value, ref bool fits)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString();
            case JsonValueKind.Number:
                // Numbers where text is expected (ids sent as numbers) keep their exact digits.
                return value.GetRawText();
            case JsonValueKind.True:
                return "true";
            case JsonValueKind.False:
                return "false";
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return null;
            default:
                fits = false;
                return null;
        }
    }

    internal static int? Int32(JsonElement value, ref bool fits)
    {
        var wide = Int64(value, ref fits);
        if (wide is null)
        {
            return null;
        }

        if (wide.Value < int.MinValue || wide.Value > int.MaxValue)
        {
            fits = false;
            return null;
        }

        return (int)wide.Value;
    }

    internal static long? Int64(JsonElement value, ref bool fits)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                if (value.TryGetInt64(out var whole))
                {
                    return whole;
                }

                // 100.0 is still the number 100; 99.5 is not an integer and is kept as it came.
                if (value.TryGetDouble(out var real) && Math.Abs(real % 1) < double.Epsilon && real >= long.MinValue && real <= long.MaxValue)
                {
                    return (long)real;
                }

                fits = false;
                return null;
            case JsonValueKind.String:
                var text = value.GetString();
                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }

                if (long.TryParse(text!.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
                {
                    return parsed;
                }

                if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var realText) &&
                    Math.Abs(realText % 1) < double.Epsilon && realText >= long.MinValue && realText <= long.MaxValue)
                {
                    return (long)realText;
                }

                fits = false;
                return null;
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return null;
            default:
                fits = false;
                return null;
        }
    }

    internal static bool? Boolean(JsonElement value, ref bool fits)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String:
                var text = value.GetString();
                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }

                if (bool.TryParse(text!.Trim(), out var parsed))
                {
                    return parsed;
                }

                fits = false;
                return null;
            case JsonValueKind.Number:
                if (value.TryGetInt32(out var number) && (number == 0 || number == 1))
                {
                    return number == 1;
                }

                fits = false;
                return null;
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return null;
            default:
                fits = false;
                return null;
        }
    }

    internal static DateTimeOffset? Timestamp(JsonElement value, ref bool fits)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString();
                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }

                // The API writes "2020-09-17T15:25:12Z"; a time without a zone is taken as UTC, like the API's own.
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
                {
                    return parsed;
                }

                fits = false;
                return null;
            case JsonValueKind.Number:
                // Epoch numbers show up in reports re-saved by other tools: seconds, or milliseconds when that large.
                if (value.TryGetInt64(out var epoch) && epoch >= 0)
                {
                    try
                    {
                        return epoch > 100_000_000_000L
                            ? DateTimeOffset.FromUnixTimeMilliseconds(epoch)
                            : DateTimeOffset.FromUnixTimeSeconds(epoch);
                    }
                    catch (ArgumentOutOfRangeException)
                    {
                        // Falls through to "does not fit".
                    }
                }

                fits = false;
                return null;
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return null;
            default:
                fits = false;
                return null;
        }
    }

    /// <summary>An array of strings; a lone string is a one-item list; numbers keep their digits; nulls are skipped.</summary>
    internal static IReadOnlyList<string> Strings(JsonElement value, ref bool fits)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                var length = value.GetArrayLength();
                if (length == 0)
                {
                    return NoStrings;
                }

                var list = new List<string>(length);
                foreach (var item in value.EnumerateArray())
                {
                    switch (item.ValueKind)
                    {
                        case JsonValueKind.String:
                            var text = item.GetString();
                            if (text is not null)
                            {
                                list.Add(text);
                            }

                            break;
                        case JsonValueKind.Number:
                        case JsonValueKind.True:
                        case JsonValueKind.False:
                            list.Add(item.ValueKind == JsonValueKind.Number ? item.GetRawText() : item.ValueKind == JsonValueKind.True ? "true" : "false");
                            break;
                        case JsonValueKind.Null:
                            break;
                        default:
                            // A list of objects is not a list of strings: keep the whole value as it came.
                            fits = false;
                            return NoStrings;
                    }
                }

                return list.Count == 0 ? NoStrings : list;
            case JsonValueKind.String:
                var single = value.GetString();
                return string.IsNullOrEmpty(single) ? NoStrings : new[] { single! };
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return NoStrings;
            default:
                fits = false;
                return NoStrings;
        }
    }

    /// <summary>An array of objects read with <paramref name="read"/>; a lone object is a one-item list; other items are skipped.</summary>
    internal static IReadOnlyList<T> Objects<T>(JsonElement value, ref bool fits, Func<JsonElement, T> read)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                var length = value.GetArrayLength();
                if (length == 0)
                {
                    return Array.Empty<T>();
                }

                var list = new List<T>(length);
                var skipped = false;
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object)
                    {
                        list.Add(read(item));
                    }
                    else if (item.ValueKind != JsonValueKind.Null)
                    {
                        skipped = true;
                    }
                }

                if (skipped && list.Count == 0)
                {
                    // Nothing in it was an object: the field has some other shape; keep it whole.
                    fits = false;
                }

                return list.Count == 0 ? Array.Empty<T>() : list;
            case JsonValueKind.Object:
                return new[] { read(value) };
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return Array.Empty<T>();
            default:
                fits = false;
                return Array.Empty<T>();
        }
    }

    internal static void Keep(ref UnknownFields? extra, JsonProperty property)
    {
        if (t_forMapping)
        {
            return;
        }

        extra ??= new UnknownFields();
        extra.Add(property);
    }

    /// <summary>
    /// Converts any JSON value to plain .NET values: string, long, double, bool, null,
    /// <see cref="IReadOnlyList{T}"/> of object and <see cref="IReadOnlyDictionary{TKey, TValue}"/> keyed by string.
    /// </summary>
    /// <summary>A set of field names, for the fields a reader skips when reading for mapping.</summary>
    internal static HashSet<string> Names(params string[] names) => new(names, StringComparer.Ordinal);

    internal static object? ToPlain(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString();
            case JsonValueKind.Number:
                if (value.TryGetInt64(out var whole))
                {
                    return whole;
                }

                return value.GetDouble();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Array:
                var items = new object?[value.GetArrayLength()];
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    items[index++] = ToPlain(item);
                }

                return items;
            case JsonValueKind.Object:
                var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in value.EnumerateObject())
                {
                    properties[property.Name] = ToPlain(property.Value);
                }

                return properties;
            default:
                return null;
        }
    }
}

/// <summary>
/// The fields of one JSON object that its model does not type. They stay JSON until someone reads
/// AdditionalProperties: converting them costs more than reading the rest of the report, and converting reports
/// for ThreatQ never needs them.
/// </summary>
internal sealed class UnknownFields
{
    private readonly List<KeyValuePair<string, JsonElement>> _fields = new(4);
    private IReadOnlyDictionary<string, object?>? _values;

    // Each value is cloned on its own: the parse document goes back to its pool, and a report keeps only the bytes
    // of the fields it did not type rather than a copy of the whole report.
    internal void Add(JsonProperty property) => _fields.Add(new KeyValuePair<string, JsonElement>(property.Name, property.Value.Clone()));

    internal IReadOnlyDictionary<string, object?> Values
    {
        get
        {
            if (_values is null)
            {
                var values = new Dictionary<string, object?>(_fields.Count, StringComparer.Ordinal);
                foreach (var unknown in _fields)
                {
                    values[unknown.Key] = JsonRead.ToPlain(unknown.Value);
                }

                _values = values;
            }

            return _values;
        }
    }
}
