using System;
using System.Collections.Generic;

namespace FalconX.ThreatQ.Api;

/// <summary>One object written to ThreatQ by Send-ThreatQEntity.</summary>
public sealed class ThreatQWrittenObject
{
    /// <summary>The collection: <c>report</c>, <c>indicators</c>, <c>attack_pattern</c>.</summary>
    public string Collection { get; init; } = string.Empty;

    /// <summary>The ThreatQ id it has now.</summary>
    public long ThreatQId { get; init; }

    /// <summary>The indicator type; null for reports and attack patterns.</summary>
    public string? Type { get; init; }

    /// <summary>The value or name.</summary>
    public string Value { get; init; } = string.Empty;

    /// <summary>The web UI link, e.g. <c>{host}/indicators/{id}/details</c>.</summary>
    public string Link { get; init; } = string.Empty;

    /// <summary>The ThreatQ objects it was related to (the sources of the Falcon X action), if any.</summary>
    public IReadOnlyList<ThreatQObjectRef> RelatedTo { get; init; } = Array.Empty<ThreatQObjectRef>();

    /// <inheritdoc />
    public override string ToString() => Type is null ? $"{Collection} {Value}" : $"{Type} {Value}";
}
