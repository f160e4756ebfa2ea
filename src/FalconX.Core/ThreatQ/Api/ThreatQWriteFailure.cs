namespace FalconX.ThreatQ.Api;

/// <summary>An object (or a whole batch) that could not be written, with the reason.</summary>
public sealed class ThreatQWriteFailure
{
    internal ThreatQWriteFailure(string collection, string? type, string value, int count, ThreatQApiException error)
    {
        Collection = collection;
        Type = type;
        Value = value;
        Count = count;
        Error = error;
    }

    /// <summary>The collection.</summary>
    public string Collection { get; }

    /// <summary>The indicator type of the (first) object.</summary>
    public string? Type { get; }

    /// <summary>The value of the object, or of the first object of a failed batch.</summary>
    public string Value { get; }

    /// <summary>How many objects were not written: 1 for a rejected object, the batch size for a failed batch.</summary>
    public int Count { get; }

    /// <summary>Why.</summary>
    public ThreatQApiException Error { get; }

    /// <summary>Names the object(s) for messages.</summary>
    public string Describe() => (Count == 1 ? string.Empty : $"{Count} {Collection} objects starting with ") + (Type is null ? $"{Collection} '{Value}'" : $"{Type} '{Value}'");

    /// <inheritdoc />
    public override string ToString() => Describe();
}
