using System.Collections.Generic;

namespace FalconX.Models;

/// <summary>
/// What every object read from the Falcon X API has: the fields this version does not type, kept rather than lost.
/// </summary>
public abstract class FalconXApiObject
{
    private protected FalconXApiObject()
    {
    }

    /// <summary>
    /// Every field this version does not type (fields added to the API later, and typed fields whose value had an
    /// unexpected shape), as plain .NET values: string, long, double, bool, null, IReadOnlyList of object and
    /// IReadOnlyDictionary of string to object.
    /// </summary>
    public IReadOnlyDictionary<string, object?> AdditionalProperties => Unknown?.Values ?? UnknownFields.None;

    /// <summary>The fields behind <see cref="AdditionalProperties"/>, converted only when asked for.</summary>
    internal UnknownFields? Unknown { get; set; }
}
