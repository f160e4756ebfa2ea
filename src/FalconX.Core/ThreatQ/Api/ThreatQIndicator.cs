using System;
using System.Collections.Generic;

namespace FalconX.ThreatQ.Api;

/// <summary>A ThreatQ indicator as read from the API.</summary>
public sealed class ThreatQIndicator
{
    /// <summary>The ThreatQ id (named ThreatQId so that it never binds to a Falcon X -Id/-ReportId parameter).</summary>
    public long ThreatQId { get; init; }

    /// <summary>The indicator type, e.g. <c>SHA-256</c>.</summary>
    public string? Type { get; init; }

    /// <summary>The value.</summary>
    public string Value { get; init; } = string.Empty;

    /// <summary>The status, e.g. <c>Review</c>.</summary>
    public string? Status { get; init; }

    /// <summary>The score shown in ThreatQ (the higher of the generated and the manual score), when read.</summary>
    public double? Score { get; init; }

    /// <summary>Tag names.</summary>
    public IReadOnlyList<string> Tags { get; init; } = Array.Empty<string>();

    /// <summary>Source names.</summary>
    public IReadOnlyList<string> Sources { get; init; } = Array.Empty<string>();

    /// <summary>Attributes (name, value).</summary>
    public IReadOnlyList<ThreatQAttribute> Attributes { get; init; } = Array.Empty<ThreatQAttribute>();

    /// <summary>When ThreatQ created it.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The web UI link: <c>{host}/indicators/{id}/details</c>.</summary>
    public string? Link { get; init; }

    /// <summary>
    /// The value when the indicator is a SHA-256 (so it binds to Get-FalconXReport -Sha256 by property name), else null.
    /// </summary>
    public string? Sha256 => string.Equals(Type, ThreatQIndicatorTypes.Sha256, StringComparison.OrdinalIgnoreCase) ? Value : null;

    /// <summary>This indicator as the source of Falcon X results (binds to -ThreatQSource by property name).</summary>
    public ThreatQObjectRef ThreatQSource => new(ThreatQCollections.Indicators, ThreatQId, Type, Value);

    /// <inheritdoc />
    public override string ToString() => $"{Type} {Value}";
}
