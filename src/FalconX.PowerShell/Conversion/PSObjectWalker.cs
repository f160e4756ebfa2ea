using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace FalconX.PowerShell.Conversion;

/// <summary>
/// Turns what ConvertFrom-Json (or a hashtable literal) produces into plain .NET values that Core reads:
/// PSCustomObject and dictionaries become string-keyed dictionaries, arrays become lists, scalars stay as they are.
/// Walking the object once is cheaper than ConvertTo-Json followed by parsing, and keeps the values exact.
/// </summary>
internal static class PSObjectWalker
{
    private const int MaxDepth = 64;

    /// <summary>True when the object is a property bag that may be a report (PSCustomObject or a dictionary).</summary>
    internal static bool IsPropertyBag(PSObject item) => item.BaseObject is PSCustomObject || item.BaseObject is IDictionary;

    /// <summary>The fields of a PSCustomObject or dictionary as a plain dictionary.</summary>
    internal static IReadOnlyDictionary<string, object?> ToFields(PSObject item) =>
        (IReadOnlyDictionary<string, object?>)ToPlain(item, 0)!;

    private static object? ToPlain(object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException($"The object is nested more than {MaxDepth} levels deep (does it refer to itself?); a Falcon X report is not.");
        }

        if (value is PSObject wrapped)
        {
            if (wrapped.BaseObject is PSCustomObject)
            {
                var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in wrapped.Properties)
                {
                    fields[property.Name] = ToPlain(property.Value, depth + 1);
                }

                return fields;
            }

            value = wrapped.BaseObject;
        }

        switch (value)
        {
            case null:
            case string:
            case bool:
            case int:
            case long:
            case double:
            case decimal:
            case DateTime:
            case DateTimeOffset:
                return value;
            case IDictionary table:
                var entries = new Dictionary<string, object?>(table.Count, StringComparer.Ordinal);
                foreach (DictionaryEntry entry in table)
                {
                    entries[Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty] = ToPlain(entry.Value, depth + 1);
                }

                return entries;
            case ICollection collection:
                var items = new object?[collection.Count];
                var index = 0;
                foreach (var item in collection)
                {
                    items[index++] = ToPlain(item, depth + 1);
                }

                return items;
            case IEnumerable sequence:
                var list = new List<object?>();
                foreach (var item in sequence)
                {
                    list.Add(ToPlain(item, depth + 1));
                }

                return list;
            default:
                // Other scalars (other numeric types, enums, Guid) are written as the JSON writer sees fit.
                return value;
        }
    }
}
