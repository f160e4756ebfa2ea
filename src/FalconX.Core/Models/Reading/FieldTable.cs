using System;
using System.Collections.Generic;
using System.Reflection;
using System.Text.Json;

namespace FalconX.Models;

/// <summary>
/// How a model reads itself: one line per field, naming the API's JSON field, the model's own property (so that a
/// model written out by ConvertTo-Json or Export-Clixml reads back), how to convert the value and whether ThreatQ
/// mapping uses it. The table owns the tolerance policy and the unknown fields:
/// <list type="bullet">
/// <item>lenient (reports): a value of an unexpected kind, and any field the table does not name, is kept in
/// AdditionalProperties; numbers read as text and text as numbers.</item>
/// <item>strict (submissions): a value of the wrong kind is an error naming its path, e.g. <c>$.state</c>.</item>
/// </list>
/// The model's own computed properties (Tags, HasError, Artifacts, ...) are passed over when read back.
/// </summary>
/// <typeparam name="T">The model.</typeparam>
internal sealed class FieldTable<T> where T : class
{
    private readonly Func<T> _create;
    private readonly bool _strict;
    private readonly Dictionary<string, Field> _fields = new(StringComparer.Ordinal);
    private HashSet<string>? _derived;
    private Action<T>? _complete;

    internal FieldTable(Func<T> create, bool strict = false)
    {
        _create = create;
        _strict = strict;
    }

    /// <summary>Reads the field and says whether its value fitted.</summary>
    private delegate bool FieldReader(T target, FieldValue value, ReadPurpose purpose);

    internal FieldTable<T> Text(string? json, string? property, Action<T, string?> set, bool mapped = true) =>
        Add(json, property, mapped, (t, v, _) =>
        {
            var fits = true;
            set(t, v.String(ref fits, _strict));
            return fits;
        });

    internal FieldTable<T> Int(string? json, string? property, Action<T, int?> set, bool mapped = true) =>
        Add(json, property, mapped, (t, v, _) =>
        {
            var fits = true;
            set(t, v.Int32(ref fits));
            return fits;
        });

    internal FieldTable<T> Long(string? json, string? property, Action<T, long?> set, bool mapped = true) =>
        Add(json, property, mapped, (t, v, _) =>
        {
            var fits = true;
            set(t, v.Int64(ref fits));
            return fits;
        });

    internal FieldTable<T> Bool(string? json, string? property, Action<T, bool?> set, bool mapped = true) =>
        Add(json, property, mapped, (t, v, _) =>
        {
            var fits = true;
            set(t, v.Boolean(ref fits));
            return fits;
        });

    internal FieldTable<T> Time(string? json, string? property, Action<T, DateTimeOffset?> set, bool mapped = true) =>
        Add(json, property, mapped, (t, v, _) =>
        {
            var fits = true;
            set(t, v.Timestamp(ref fits));
            return fits;
        });

    internal FieldTable<T> Strings(string? json, string? property, Action<T, IReadOnlyList<string>> set, bool mapped = true) =>
        Add(json, property, mapped, (t, v, _) =>
        {
            var fits = true;
            set(t, v.Strings(ref fits, _strict));
            return fits;
        });

    /// <summary>A list of objects read with <paramref name="items"/>; a lone object is a one-item list; other items are skipped.</summary>
    internal FieldTable<T> List<TItem>(string? json, string? property, FieldTable<TItem> items, Action<T, IReadOnlyList<TItem>> set, bool mapped = true)
        where TItem : class =>
        Add(json, property, mapped, (t, v, purpose) =>
        {
            var list = items.ReadList(v, purpose, json ?? property!, out var fits);
            set(t, list);
            return fits;
        });

    /// <summary>
    /// An object (or the first object of a list) whose fields belong to this model too, read with
    /// <paramref name="inner"/>: a submission's <c>sandbox[0]</c>, a report's <c>threat_graph</c>.
    /// </summary>
    internal FieldTable<T> Within(string json, FieldTable<T> inner, bool mapped = true) =>
        Add(json, null, mapped, (t, v, purpose) =>
        {
            // Fields of the inner object that the inner table does not name keep the whole value as it came.
            switch (v.Shape)
            {
                case FieldShape.Null:
                    return true;
                case FieldShape.Object:
                    return inner.ReadInto(t, v, purpose, keepUnknown: false);
                case FieldShape.Array:
                    foreach (var item in v.Items())
                    {
                        if (item.Shape == FieldShape.Object)
                        {
                            try
                            {
                                return inner.ReadInto(t, item, purpose, keepUnknown: false);
                            }
                            catch (FieldShapeException ex)
                            {
                                throw ex.Under(json + "[0]");
                            }
                        }
                    }

                    return true;
                default:
                    return false;
            }
        });

    /// <summary>Names a field that is read by nothing (it is known, and neither typed nor kept).</summary>
    internal FieldTable<T> Ignore(string json) => Add(json, null, false, (_, _, _) => true);

    /// <summary>What to work out once every field is read (values lifted from nested objects).</summary>
    internal FieldTable<T> OnComplete(Action<T> complete)
    {
        _complete = complete;
        return this;
    }

    /// <summary>Reads one object; an error (strict tables) names the path of the value that did not fit.</summary>
    internal T Read(FieldValue source, ReadPurpose purpose = ReadPurpose.Full)
    {
        var target = _create();
        ReadInto(target, source, purpose, keepUnknown: true);
        _complete?.Invoke(target);
        return target;
    }

    internal T Read(JsonElement source, ReadPurpose purpose = ReadPurpose.Full) => Read(new FieldValue(source), purpose);

    /// <summary>A list of objects; a lone object is a one-item list; <paramref name="fits"/> is false when the value is something else.</summary>
    internal IReadOnlyList<T> ReadList(FieldValue value, ReadPurpose purpose, string name, out bool fits)
    {
        fits = true;
        switch (value.Shape)
        {
            case FieldShape.Array:
                List<T>? list = null;
                var skipped = false;
                var index = 0;
                foreach (var item in value.Items())
                {
                    if (item.Shape == FieldShape.Object)
                    {
                        try
                        {
                            (list ??= new List<T>()).Add(Read(item, purpose));
                        }
                        catch (FieldShapeException ex)
                        {
                            throw ex.Under($"{name}[{index}]");
                        }
                    }
                    else if (item.Shape != FieldShape.Null)
                    {
                        skipped = true;
                    }

                    index++;
                }

                // Nothing in it was an object: the field has some other shape; keep it whole.
                fits = !(skipped && list is null);
                return list ?? (IReadOnlyList<T>)Array.Empty<T>();
            case FieldShape.Object:
                return new[] { Read(value, purpose) };
            case FieldShape.Null:
                return Array.Empty<T>();
            default:
                fits = false;
                return Array.Empty<T>();
        }
    }

    private FieldTable<T> Add(string? json, string? property, bool mapped, FieldReader read)
    {
        var field = new Field(json ?? property!, mapped, read);
        if (json is not null)
        {
            _fields.Add(json, field);
        }

        if (property is not null && property != json)
        {
            _fields.Add(property, field);
        }

        return this;
    }

    /// <summary>
    /// Reads the fields of <paramref name="source"/> into <paramref name="target"/>; false when the source is not an
    /// object or has fields that did not fit or that the table does not name (kept on the target when
    /// <paramref name="keepUnknown"/>, else left for the caller to keep whole).
    /// </summary>
    private bool ReadInto(T target, FieldValue source, ReadPurpose purpose, bool keepUnknown)
    {
        if (source.Shape != FieldShape.Object)
        {
            return false;
        }

        var keep = keepUnknown && purpose == ReadPurpose.Full ? target as FalconXApiObject : null;
        var extra = keep?.Unknown;
        var clean = true;
        foreach (var property in source.Fields())
        {
            var name = property.Key;
            if (!_fields.TryGetValue(name, out var field))
            {
                if (IsDerived(name))
                {
                    continue;
                }

                if (name == nameof(FalconXApiObject.AdditionalProperties) && keepUnknown)
                {
                    // A model written out and read back: its unknown fields come back as unknown fields.
                    if (keep is not null)
                    {
                        foreach (var kept in property.Value.Fields())
                        {
                            (extra ??= new UnknownFields()).Add(kept.Key, kept.Value);
                        }
                    }

                    continue;
                }

                // A strict table reads what it names and passes the rest by.
                clean = _strict;
                if (keep is not null)
                {
                    (extra ??= new UnknownFields()).Add(name, property.Value);
                }

                continue;
            }

            if (purpose == ReadPurpose.Mapping && !field.Mapped)
            {
                continue;
            }

            if (!field.Read(target, property.Value, purpose))
            {
                if (_strict)
                {
                    throw new FieldShapeException(field.Name);
                }

                clean = false;
                if (keep is not null)
                {
                    (extra ??= new UnknownFields()).Add(name, property.Value);
                }
            }
        }

        if (keep is not null)
        {
            keep.Unknown = extra;
        }

        return clean;
    }

    /// <summary>True for a public property of the model that the table does not read: computed from the others.</summary>
    private bool IsDerived(string name)
    {
        if (_derived is null)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (!_fields.ContainsKey(property.Name) && property.Name != nameof(FalconXApiObject.AdditionalProperties))
                {
                    names.Add(property.Name);
                }
            }

            _derived = names;
        }

        return _derived.Contains(name);
    }

    private sealed class Field
    {
        internal Field(string name, bool mapped, FieldReader read)
        {
            Name = name;
            Mapped = mapped;
            Read = read;
        }

        internal string Name { get; }

        internal bool Mapped { get; }

        internal FieldReader Read { get; }
    }
}

/// <summary>A value of the wrong kind in a strictly read object; <see cref="Path"/> says where, e.g. <c>$.sandbox[0].environment_id</c>.</summary>
internal sealed class FieldShapeException : FormatException
{
    private readonly string _relative;

    internal FieldShapeException(string relative)
        : base($"a field of the wrong type at $.{relative}")
    {
        _relative = relative;
    }

    internal string Path => "$." + _relative;

    internal FieldShapeException Under(string parent) => new(parent + (_relative.StartsWith("[", StringComparison.Ordinal) ? string.Empty : ".") + _relative);
}
