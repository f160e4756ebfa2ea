namespace FalconX.ThreatQ;

/// <summary>A link from one entity to another, named by the other's collection, type and value.</summary>
public sealed class ThreatQRelationship
{
    internal ThreatQRelationship(ThreatQEntity target, string description)
    {
        Target = target;
        Description = description;
    }

    /// <summary>Object type of the other end: <c>Report</c>, <c>Indicator</c> or <c>AttackPattern</c>.</summary>
    public string ObjectType => Target.ObjectType;

    /// <summary>ThreatQ collection of the other end: <c>report</c>, <c>indicators</c> or <c>attack_pattern</c>.</summary>
    public string Collection => Target.Collection;

    /// <summary>Indicator type of the other end, e.g. <c>SHA-256</c>; null for reports and attack patterns.</summary>
    public string? Type => Target.Type;

    /// <summary>Value of the other end.</summary>
    public string Value => Target.Value;

    /// <summary>
    /// How the two relate: <c>Related To</c>, or <c>Dropped By</c> from an extracted file to its sample. ThreatQ links
    /// carry no kind, so the consume payload links them plainly.
    /// </summary>
    public string Description { get; }

    // The entity itself, not a copy of its names: a relationship costs one small object however large the conversion.
    internal ThreatQEntity Target { get; }

    /// <inheritdoc />
    public override string ToString() => Type is null ? $"{Description} {ObjectType} {Value}" : $"{Description} {Type} {Value}";
}
