using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace FalconX.Models;

/// <summary>
/// One value being read: a <see cref="JsonElement"/> (an API answer or a JSON file), or a plain .NET value (a
/// string, number, bool, date, <see cref="IFieldBag"/>, dictionary or list, e.g. from PowerShell). The conversions
/// are tolerant: each takes <c>ref bool fits</c> and clears it when the value has a kind the field cannot hold
/// (an object where a string belongs, "abc" for a number), so the caller keeps the value in AdditionalProperties
/// instead of losing it or throwing. Null always fits and reads as "absent".
/// </summary>
internal readonly struct FieldValue
{
    internal static readonly IReadOnlyList<string> NoStrings = Array.Empty<string>();

    private readonly JsonElement _json;
    private readonly object? _value;

    internal FieldValue(JsonElement json)
    {
        _json = json;
        _value = null;
        IsJson = true;
    }

    internal FieldValue(object? value)
    {
        if (value is JsonElement json)
        {
            _json = json;
            _value = null;
            IsJson = true;
        }
        else
        {
            _json = default;
            _value = value;
            IsJson = false;
        }
    }

    internal bool IsJson { get; }

    internal JsonElement Json => _json;

    internal FieldShape Shape => IsJson ? FieldScalars.ShapeOf(_json.ValueKind) : FieldScalars.ShapeOf(V);

    internal string? String(ref bool fits, bool strict = false)
    {
        switch (Shape)
        {
            case FieldShape.String:
                return IsJson ? _json.GetString() : V as string ?? System.Convert.ToString(V, CultureInfo.InvariantCulture);
            case FieldShape.Number when !strict:
                // Numbers where text is expected (ids sent as numbers) keep their exact digits.
                return IsJson ? _json.GetRawText() : System.Convert.ToString(V, CultureInfo.InvariantCulture);
            case FieldShape.Boolean when !strict:
                return Bool() ? "true" : "false";
            case FieldShape.Time:
                return FieldScalars.FormatTime(FieldScalars.TimeOf(V));
            case FieldShape.Null:
                return null;
            default:
                fits = false;
                return null;
        }
    }

    internal int? Int32(ref bool fits)
    {
        var wide = Int64(ref fits);
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

    internal long? Int64(ref bool fits)
    {
        switch (Shape)
        {
            case FieldShape.Number:
                if (IsJson ? _json.TryGetInt64(out var whole) : FieldScalars.TryWhole(V, out whole))
                {
                    return whole;
                }

                // 100.0 is still the number 100; 99.5 is not an integer and is kept as it came.
                var real = IsJson ? (_json.TryGetDouble(out var d) ? d : double.NaN) : System.Convert.ToDouble(V, CultureInfo.InvariantCulture);
                return FieldScalars.IsWhole(real) ? (long)real : NotFitting<long>(ref fits);
            case FieldShape.String:
                return ParseText<long>(ref fits, FieldScalars.TryParseWhole);
            default:
                return Absent<long>(ref fits);
        }
    }

    internal bool? Boolean(ref bool fits)
    {
        switch (Shape)
        {
            case FieldShape.Boolean:
                return Bool();
            case FieldShape.String:
                return ParseText<bool>(ref fits, bool.TryParse);
            case FieldShape.Number:
                var number = Int64(ref fits);
                return number is 0 or 1 ? number == 1 : NotFitting<bool>(ref fits);
            default:
                return Absent<bool>(ref fits);
        }
    }

    internal DateTimeOffset? Timestamp(ref bool fits)
    {
        switch (Shape)
        {
            case FieldShape.Time:
                return FieldScalars.TimeOf(V);
            case FieldShape.String:
                // The API writes "2020-09-17T15:25:12Z"; a time without a zone is taken as UTC, like the API's own.
                return ParseText<DateTimeOffset>(ref fits, (string text, out DateTimeOffset value) =>
                    DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value));
            case FieldShape.Number:
                // Epoch numbers show up in reports re-saved by other tools: seconds, or milliseconds when that large.
                var epochFits = true;
                var epoch = Int64(ref epochFits);
                return (epochFits && epoch is long whole ? FieldScalars.FromEpoch(whole) : null) ?? NotFitting<DateTimeOffset>(ref fits);
            default:
                return Absent<DateTimeOffset>(ref fits);
        }
    }

    /// <summary>A list of strings; a lone string is a one-item list; numbers keep their digits; nulls are skipped.</summary>
    internal IReadOnlyList<string> Strings(ref bool fits, bool strict = false)
    {
        switch (Shape)
        {
            case FieldShape.Array:
                List<string>? list = null;
                foreach (var item in Items())
                {
                    var itemFits = true;
                    var text = item.Shape is FieldShape.Object or FieldShape.Array ? null : item.String(ref itemFits, strict);
                    if (!itemFits || item.Shape is FieldShape.Object or FieldShape.Array)
                    {
                        // A list of objects is not a list of strings: keep the whole value as it came.
                        fits = false;
                        return NoStrings;
                    }

                    if (text is not null)
                    {
                        (list ??= new List<string>()).Add(text);
                    }
                }

                return list ?? NoStrings;
            case FieldShape.String when !strict:
                var single = String(ref fits);
                return string.IsNullOrEmpty(single) ? NoStrings : new[] { single! };
            case FieldShape.Null:
                return NoStrings;
            default:
                fits = false;
                return NoStrings;
        }
    }

    /// <summary>The items of a list (nothing for anything else).</summary>
    internal IEnumerable<FieldValue> Items()
    {
        if (IsJson)
        {
            if (_json.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in _json.EnumerateArray())
                {
                    yield return new FieldValue(item);
                }
            }

            yield break;
        }

        if (V is IEnumerable items and not string and not IDictionary and not IFieldBag)
        {
            foreach (var item in items)
            {
                yield return new FieldValue(item);
            }
        }
    }

    /// <summary>The fields of an object, in order (nothing for anything else).</summary>
    internal IEnumerable<KeyValuePair<string, FieldValue>> Fields()
    {
        if (IsJson)
        {
            if (_json.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in _json.EnumerateObject())
                {
                    yield return new KeyValuePair<string, FieldValue>(property.Name, new FieldValue(property.Value));
                }
            }

            yield break;
        }

        switch (V)
        {
            case IFieldBag bag:
                var count = bag.FieldCount;
                for (var i = 0; i < count; i++)
                {
                    yield return new KeyValuePair<string, FieldValue>(bag.FieldName(i), new FieldValue(new LazyBagField(bag, i)));
                }

                break;
            case IReadOnlyDictionary<string, object?> fields:
                foreach (var pair in fields)
                {
                    yield return new KeyValuePair<string, FieldValue>(pair.Key, new FieldValue(pair.Value));
                }

                break;
            case IDictionary table:
                foreach (DictionaryEntry entry in table)
                {
                    yield return new KeyValuePair<string, FieldValue>(System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, new FieldValue(entry.Value));
                }

                break;
        }
    }

    /// <summary>The value of the field named <paramref name="name"/> of an object.</summary>
    internal bool TryGetField(string name, out FieldValue value)
    {
        if (IsJson)
        {
            if (_json.ValueKind == JsonValueKind.Object && _json.TryGetProperty(name, out var json))
            {
                value = new FieldValue(json);
                return true;
            }

            value = default;
            return false;
        }

        foreach (var field in Fields())
        {
            if (string.Equals(field.Key, name, StringComparison.Ordinal))
            {
                value = field.Value.Resolved();
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>How many items a list has, or fields an object has; 0 for anything else.</summary>
    internal int Count
    {
        get
        {
            if (IsJson)
            {
                return _json.ValueKind switch
                {
                    JsonValueKind.Array => _json.GetArrayLength(),
                    JsonValueKind.Object => CountOf(Fields()),
                    _ => 0,
                };
            }

            return V switch
            {
                IFieldBag bag => bag.FieldCount,
                ICollection collection => collection.Count,
                IEnumerable sequence and not string => CountOf(sequence),
                _ => 0,
            };
        }
    }

    /// <summary>
    /// Converts the value to plain .NET values: string, long, double, bool, null, <see cref="IReadOnlyList{T}"/> of
    /// object and <see cref="IReadOnlyDictionary{TKey, TValue}"/> keyed by string.
    /// </summary>
    internal object? ToPlain() => ToPlain(0);

    /// <summary>A field of an <see cref="IFieldBag"/> read only when asked for (mapping reads pass most by).</summary>
    private FieldValue Resolved() => _value is LazyBagField lazy ? new FieldValue(lazy.Get()) : this;

    private object? V => _value is LazyBagField lazy ? lazy.Get() : _value;

    private object? ToPlain(int depth)
    {
        const int MaxDepth = 64;
        if (depth > MaxDepth)
        {
            throw new FormatException($"The object is nested more than {MaxDepth} levels deep (does it refer to itself?); a Falcon X report is not.");
        }

        var self = Resolved();
        switch (self.Shape)
        {
            case FieldShape.Null:
                return null;
            case FieldShape.Boolean:
                return self.Bool();
            case FieldShape.Number:
                if (self.IsJson ? self._json.TryGetInt64(out var whole) : FieldScalars.TryWhole(self.V, out whole))
                {
                    return whole;
                }

                return self.IsJson ? self._json.GetDouble() : System.Convert.ToDouble(self.V, CultureInfo.InvariantCulture);
            case FieldShape.Array:
                var items = new List<object?>();
                foreach (var item in self.Items())
                {
                    items.Add(item.ToPlain(depth + 1));
                }

                return items.ToArray();
            case FieldShape.Object:
                var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var field in self.Fields())
                {
                    fields[field.Key] = field.Value.ToPlain(depth + 1);
                }

                return fields;
            case FieldShape.Time when !self.IsJson:
                return self.V is DateTimeOffset ? self.V : FieldScalars.TimeOf(self.V);
            default:
                var ignored = true;
                return self.String(ref ignored);
        }
    }

    private delegate bool TextParser<T>(string text, out T value);

    private static T? NotFitting<T>(ref bool fits)
        where T : struct
    {
        fits = false;
        return null;
    }

    /// <summary>Null is "absent"; any other kind does not fit the field.</summary>
    private T? Absent<T>(ref bool fits)
        where T : struct =>
        Shape == FieldShape.Null ? null : NotFitting<T>(ref fits);

    /// <summary>Blank text is "absent"; text that does not parse does not fit.</summary>
    private T? ParseText<T>(ref bool fits, TextParser<T> parse)
        where T : struct
    {
        var text = String(ref fits);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return parse(text!.Trim(), out var value) ? value : NotFitting<T>(ref fits);
    }

    private bool Bool() => IsJson ? _json.ValueKind == JsonValueKind.True : V is true;

    private static int CountOf(IEnumerable sequence)
    {
        var count = 0;
        foreach (var unused in sequence)
        {
            count++;
        }

        return count;
    }
}
