using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using FalconX.Models;

namespace FalconX.PowerShell.Conversion;

/// <summary>
/// Core's view of a PowerShell property bag: a PSCustomObject from ConvertFrom-Json, or a deserialized object from
/// Import-Clixml, a background job or remoting. The model reader walks the fields itself and asks for a value only
/// when it reads the field, so reports are read from these objects without a round trip through JSON text.
/// </summary>
internal sealed class PSObjectFields : IFieldBag
{
    // What PowerShell adds to objects that come back from a job or a remote session; not fields of the object.
    private static readonly HashSet<string> Added = new(StringComparer.OrdinalIgnoreCase)
    {
        "PSComputerName", "PSShowComputerName", "RunspaceId", "PSSourceJobInstanceId",
    };

    private readonly List<PSPropertyInfo> _properties = new();

    private PSObjectFields(PSObject item)
    {
        foreach (var property in item.Properties)
        {
            if (!Added.Contains(property.Name))
            {
                _properties.Add(property);
            }
        }
    }

    /// <inheritdoc />
    public int FieldCount => _properties.Count;

    /// <summary>True when the object is a property bag that may be a report (PSCustomObject, deserialized object, or dictionary).</summary>
    internal static bool IsPropertyBag(PSObject item) => item.BaseObject is PSCustomObject || item.BaseObject is IDictionary;

    /// <summary>What Core reads for <paramref name="item"/>: its fields, or the dictionary itself.</summary>
    internal static object Of(PSObject item) => item.BaseObject is PSCustomObject ? new PSObjectFields(item) : Unwrap(item)!;

    /// <inheritdoc />
    public string FieldName(int index) => _properties[index].Name;

    /// <inheritdoc />
    public object? FieldValue(int index)
    {
        object? value;
        try
        {
            value = _properties[index].Value;
        }
        catch (GetValueException)
        {
            // A property whose getter throws (a script property of someone else's type) reads as absent.
            return null;
        }

        return Unwrap(value);
    }

    /// <summary>Values as Core reads them: bags for property bags, lists whose items are unwrapped, scalars as they are.</summary>
    private static object? Unwrap(object? value)
    {
        if (value is PSObject wrapped)
        {
            if (wrapped.BaseObject is PSCustomObject)
            {
                // A deserialized DateTimeOffset is a bag of its parts; its UtcDateTime is the moment.
                if (wrapped.TypeNames.Contains("Deserialized.System.DateTimeOffset") && wrapped.Properties["UtcDateTime"]?.Value is DateTime utc)
                {
                    return new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
                }

                return new PSObjectFields(wrapped);
            }

            value = wrapped.BaseObject;
        }

        switch (value)
        {
            case null:
            case string:
                return value;
            case IDictionary table:
                var entries = new Dictionary<string, object?>(table.Count, StringComparer.Ordinal);
                foreach (DictionaryEntry entry in table)
                {
                    entries[Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty] = Unwrap(entry.Value);
                }

                return entries;
            case IEnumerable sequence:
                return new UnwrappedList(sequence);
            default:
                return value;
        }
    }

    /// <summary>A list whose items are unwrapped as they are read.</summary>
    private sealed class UnwrappedList : IEnumerable
    {
        private readonly IEnumerable _items;

        internal UnwrappedList(IEnumerable items) => _items = items;

        public IEnumerator GetEnumerator()
        {
            foreach (var item in _items)
            {
                yield return Unwrap(item);
            }
        }
    }
}
