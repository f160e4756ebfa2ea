using System;
using System.Collections.Generic;
using System.Text.Json;
using FalconX.Models;

namespace FalconX.Tests.Models;

/// <summary>The scalar rules of the one reader: shapes of .NET values and the lenient number and time conversions.</summary>
public sealed class FieldScalarsTests
{
    public static TheoryData<object?, string> PlainValues => new()
    {
        { null, "Null" },
        { "text", "String" },
        { 'c', "String" },
        { DayOfWeek.Monday, "String" },
        { Guid.Empty, "String" },
        { true, "Boolean" },
        { (byte)1, "Number" },
        { 1UL, "Number" },
        { 1.5m, "Number" },
        { DateTime.UtcNow, "Time" },
        { DateTimeOffset.UtcNow, "Time" },
        { new Dictionary<string, object?>(), "Object" },
        { new System.Collections.Hashtable(), "Object" },
        { new object[] { 1, 2 }, "Array" },
        { new Uri("https://example.org"), "String" },
    };

    [Theory]
    [MemberData(nameof(PlainValues))]
    public void Plain_values_have_the_shape_of_what_they_hold(object? value, string expected)
    {
        Assert.Equal(expected, FieldScalars.ShapeOf(value).ToString());
    }

    [Theory]
    [InlineData("\"x\"", "String")]
    [InlineData("12", "Number")]
    [InlineData("false", "Boolean")]
    [InlineData("null", "Null")]
    [InlineData("{}", "Object")]
    [InlineData("[]", "Array")]
    public void Json_values_have_the_shape_of_their_kind(string json, string expected)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Equal(expected, FieldScalars.ShapeOf(document.RootElement.ValueKind).ToString());
        Assert.Equal(FieldShape.Null, FieldScalars.ShapeOf(default(JsonElement).ValueKind));
    }

    [Theory]
    [InlineData("42", 42L)]
    [InlineData("-7", -7L)]
    [InlineData("100.0", 100L)]
    [InlineData("1e3", 1000L)]
    [InlineData("99.5", null)]
    [InlineData("12abc", null)]
    [InlineData("NaN", null)]
    [InlineData("1e30", null)]
    public void Text_is_a_whole_number_only_when_it_has_no_fraction(string text, long? expected)
    {
        var ok = FieldScalars.TryParseWhole(text, out var value);

        Assert.Equal(expected is not null, ok);
        Assert.Equal(expected ?? 0, value);
    }

    [Fact]
    public void Integral_dotnet_numbers_are_whole_and_reals_are_not()
    {
        Assert.True(FieldScalars.TryWhole((short)-3, out var small) && small == -3);
        Assert.True(FieldScalars.TryWhole((ulong)long.MaxValue, out var big) && big == long.MaxValue);
        Assert.False(FieldScalars.TryWhole(ulong.MaxValue, out _));
        Assert.False(FieldScalars.TryWhole(3.0, out _));
        Assert.False(FieldScalars.TryWhole("3", out _));
    }

    [Fact]
    public void Epoch_numbers_are_seconds_or_milliseconds_by_size_within_year_9999()
    {
        Assert.Equal(DateTimeOffset.Parse("2020-09-17T15:25:12Z", System.Globalization.CultureInfo.InvariantCulture), FieldScalars.FromEpoch(1_600_356_312));
        Assert.Equal(DateTimeOffset.Parse("2020-09-17T15:25:12.345Z", System.Globalization.CultureInfo.InvariantCulture), FieldScalars.FromEpoch(1_600_356_312_345));
        Assert.Equal(DateTimeOffset.UnixEpoch, FieldScalars.FromEpoch(0));
        Assert.Equal(DateTimeOffset.MaxValue.UtcDateTime.AddTicks(-9999), FieldScalars.FromEpoch(253_402_300_799_999)!.Value.UtcDateTime);
        Assert.Null(FieldScalars.FromEpoch(-1));
        Assert.Null(FieldScalars.FromEpoch(253_402_300_800_000));
    }

    [Fact]
    public void A_date_without_a_kind_is_utc_and_times_are_written_iso_8601()
    {
        var unspecified = new DateTime(2024, 5, 31, 9, 30, 0, DateTimeKind.Unspecified);

        Assert.Equal(new DateTimeOffset(2024, 5, 31, 9, 30, 0, TimeSpan.Zero), FieldScalars.TimeOf(unspecified));
        Assert.Equal("2024-05-31T09:30:00Z", FieldScalars.FormatTime(FieldScalars.TimeOf(unspecified)));
        Assert.Equal("2024-05-31T09:30:00.25+02:00", FieldScalars.FormatTime(new DateTimeOffset(2024, 5, 31, 9, 30, 0, 250, TimeSpan.FromHours(2))));
        Assert.Equal(default, FieldScalars.TimeOf("not a date"));
    }
}
