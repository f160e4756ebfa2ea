using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using FalconX.Models;

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

    /// <summary>
    /// The fields of a report (or of an API response holding reports) that ThreatQ mapping reads. Enumerating a
    /// PSCustomObject's properties is the slow part of this path, so the detonation details no mapping uses
    /// (processes, signatures, strings, imports, ...) are not walked at all.
    /// </summary>
    internal static IReadOnlyDictionary<string, object?> ToFieldsForMapping(PSObject item) =>
        (IReadOnlyDictionary<string, object?>)ToPlain(item, 0, ReportParser.NotMappedReportFields)!;

    /// <summary>What to skip inside a field: reports inside a response's resources, detonations inside a report.</summary>
    private static HashSet<string>? SkipWithin(HashSet<string>? skip, string name)
    {
        if (skip is null)
        {
            return null;
        }

        return name switch
        {
            "resources" => ReportParser.NotMappedReportFields,
            "sandbox" => ReportParser.NotMappedSandboxFields,
            _ => null,
        };
    }

    /// <summary>Converts a value; <paramref name="skip"/> names fields to leave out of the object (or of the objects in the list).</summary>
    private static object? ToPlain(object? value, int depth, HashSet<string>? skip)
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
                    var name = property.Name;
                    if (skip is null || !skip.Contains(name))
                    {
                        fields[name] = ToPlain(property.Value, depth + 1, SkipWithin(skip, name));
                    }
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
                    var key = Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                    if (skip is null || !skip.Contains(key))
                    {
                        entries[key] = ToPlain(entry.Value, depth + 1, SkipWithin(skip, key));
                    }
                }

                return entries;
            case ICollection collection:
                var items = new object?[collection.Count];
                var index = 0;
                foreach (var item in collection)
                {
                    items[index++] = ToPlain(item, depth + 1, skip);
                }

                return items;
            case IEnumerable sequence:
                var list = new List<object?>();
                foreach (var item in sequence)
                {
                    list.Add(ToPlain(item, depth + 1, skip));
                }

                return list;
            default:
                // Other scalars (other numeric types, enums, Guid) are written as the JSON writer sees fit.
                return value;
        }
    }
}
