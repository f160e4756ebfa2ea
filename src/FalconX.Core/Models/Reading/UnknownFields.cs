using System.Collections.Generic;
using System.Text.Json;

namespace FalconX.Models;

/// <summary>
/// The fields of one object that its model does not type. JSON values stay JSON until someone reads
/// AdditionalProperties: converting them costs more than reading the rest of the report, and converting reports
/// for ThreatQ never needs them.
/// </summary>
internal sealed class UnknownFields
{
    internal static readonly IReadOnlyDictionary<string, object?> None = new Dictionary<string, object?>(0, System.StringComparer.Ordinal);

    private readonly List<KeyValuePair<string, object?>> _fields = new(4);
    private IReadOnlyDictionary<string, object?>? _values;

    // A JSON value is cloned on its own: the parse document goes back to its pool, and a report keeps only the
    // bytes of the fields it did not type rather than a copy of the whole report.
    internal void Add(string name, FieldValue value)
    {
        _fields.Add(new KeyValuePair<string, object?>(name, value.IsJson ? value.Json.Clone() : value.ToPlain()));
        _values = null;
    }

    internal IReadOnlyDictionary<string, object?> Values
    {
        get
        {
            if (_values is null)
            {
                var values = new Dictionary<string, object?>(_fields.Count, System.StringComparer.Ordinal);
                foreach (var unknown in _fields)
                {
                    values[unknown.Key] = unknown.Value is JsonElement json ? new FieldValue(json).ToPlain() : unknown.Value;
                }

                _values = values;
            }

            return _values;
        }
    }
}
