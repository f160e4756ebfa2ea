namespace FalconX.Models;

/// <summary>
/// An object whose named fields the model reader can walk, for objects that are neither JSON nor plain .NET
/// dictionaries: the PowerShell layer implements it over <c>PSObject</c> (ConvertFrom-Json output, deserialized
/// objects from Import-Clixml, jobs and remoting), so reports read from them without a round trip through JSON text.
/// A value may be null, a string, a number, a bool, a date, another <see cref="IFieldBag"/>, a dictionary or a list.
/// </summary>
public interface IFieldBag
{
    /// <summary>How many fields there are.</summary>
    int FieldCount { get; }

    /// <summary>The name of field <paramref name="index"/>.</summary>
    string FieldName(int index);

    /// <summary>The value of field <paramref name="index"/>, fetched only when the reader needs it.</summary>
    object? FieldValue(int index);
}
