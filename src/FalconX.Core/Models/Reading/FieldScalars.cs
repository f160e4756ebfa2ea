using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace FalconX.Models;

/// <summary>
/// The scalar rules of <see cref="FieldValue"/>: which <see cref="FieldShape"/> a JSON kind or a plain .NET value has,
/// and the lenient conversions between text, numbers and times (whole numbers written as reals, epoch seconds or
/// milliseconds, dates without a zone taken as UTC). Pure.
/// </summary>
internal static class FieldScalars
{
    /// <summary>The latest epoch value read as a time: the last millisecond of the year 9999.</summary>
    private const long MaxEpochMilliseconds = 253_402_300_799_999L;

    /// <summary>Epoch values above this are milliseconds; below, seconds (seconds this large would be after the year 5000).</summary>
    private const long SmallestEpochMilliseconds = 100_000_000_000L;

    /// <summary>The shape of a JSON value (null and undefined are <see cref="FieldShape.Null"/>).</summary>
    internal static FieldShape ShapeOf(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => FieldShape.String,
        JsonValueKind.Number => FieldShape.Number,
        JsonValueKind.True or JsonValueKind.False => FieldShape.Boolean,
        JsonValueKind.Object => FieldShape.Object,
        JsonValueKind.Array => FieldShape.Array,
        _ => FieldShape.Null,
    };

    /// <summary>The shape of a plain .NET value; anything unknown reads as text.</summary>
    internal static FieldShape ShapeOf(object? value) => value switch
    {
        null => FieldShape.Null,
        string or char or Enum or Guid => FieldShape.String,
        bool => FieldShape.Boolean,
        byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal => FieldShape.Number,
        DateTime or DateTimeOffset => FieldShape.Time,
        IFieldBag or IDictionary or IReadOnlyDictionary<string, object?> => FieldShape.Object,
        IEnumerable => FieldShape.Array,
        _ => FieldShape.String,
    };

    /// <summary>An integral .NET number as a long; false for reals, decimals and a ulong beyond long.</summary>
    internal static bool TryWhole(object? value, out long whole)
    {
        switch (value)
        {
            case byte or sbyte or short or ushort or int or uint or long:
                whole = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                return true;
            case ulong big when big <= long.MaxValue:
                whole = (long)big;
                return true;
            default:
                whole = 0;
                return false;
        }
    }

    /// <summary>Text holding a whole number: "42", "-7", and reals without a fraction ("100.0", "1e3").</summary>
    internal static bool TryParseWhole(string text, out long value)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        var isReal = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && IsWhole(real);
        value = isReal ? (long)real : 0;
        return isReal;
    }

    /// <summary>True when the real has no fraction and fits a long.</summary>
    internal static bool IsWhole(double real) =>
        !double.IsNaN(real) && Math.Abs(real % 1) < double.Epsilon && real >= long.MinValue && real <= long.MaxValue;

    /// <summary>
    /// An epoch number as a time: seconds, or milliseconds when that large (reports re-saved by other tools write
    /// both); null when negative or beyond the year 9999.
    /// </summary>
    internal static DateTimeOffset? FromEpoch(long epoch)
    {
        if (epoch is < 0 or > MaxEpochMilliseconds)
        {
            return null;
        }

        return epoch > SmallestEpochMilliseconds
            ? DateTimeOffset.FromUnixTimeMilliseconds(epoch)
            : DateTimeOffset.FromUnixTimeSeconds(epoch);
    }

    /// <summary>A .NET date as a moment: a <see cref="DateTime"/> of unspecified kind is UTC, as the API's own times are.</summary>
    internal static DateTimeOffset TimeOf(object? value) => value switch
    {
        DateTimeOffset moment => moment,
        DateTime { Kind: DateTimeKind.Unspecified } time => new DateTimeOffset(time, TimeSpan.Zero),
        DateTime time => new DateTimeOffset(time),
        _ => default,
    };

    /// <summary>A moment as ISO 8601 text: <c>Z</c> for UTC, else its offset; trailing zero fractions left out.</summary>
    internal static string FormatTime(DateTimeOffset moment) =>
        moment.Offset == TimeSpan.Zero
            ? moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
            : moment.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
}
