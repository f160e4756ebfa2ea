namespace FalconX.Models;

/// <summary>A behaviour the sandbox flagged (<c>sandbox[].signatures[]</c>).</summary>
public sealed class Signature : FalconXApiObject
{
    /// <summary>What was seen, e.g. "Creates mutants".</summary>
    public string? Name { get; internal set; }

    /// <summary>Category, e.g. "General".</summary>
    public string? Category { get; internal set; }

    /// <summary>Stable identifier of the signature, e.g. <c>mutant-0</c>.</summary>
    public string? Identifier { get; internal set; }

    /// <summary>The API's signature type number.</summary>
    public int? Type { get; internal set; }

    /// <summary>Relevance, 0 to 10.</summary>
    public int? Relevance { get; internal set; }

    /// <summary>Threat level number, when given.</summary>
    public int? ThreatLevel { get; internal set; }

    /// <summary>Threat level as words, e.g. "informative", "suspicious", "malicious".</summary>
    public string? ThreatLevelHuman { get; internal set; }

    /// <summary>The evidence.</summary>
    public string? Description { get; internal set; }

    /// <summary>Where the evidence came from, e.g. "Created Mutant".</summary>
    public string? Origin { get; internal set; }

    /// <summary>The MITRE ATT&amp;CK technique id the signature maps to, when any.</summary>
    public string? AttackId { get; internal set; }

    /// <inheritdoc />
    public override string ToString() => Name ?? Identifier ?? string.Empty;

    /// <summary>How the API's JSON (and this object written out) reads into it.</summary>
    internal static readonly FieldTable<Signature> Fields = new FieldTable<Signature>(() => new Signature())
        .Text("name", nameof(Name), (o, v) => o.Name = v)
        .Text("category", nameof(Category), (o, v) => o.Category = v)
        .Text("identifier", nameof(Identifier), (o, v) => o.Identifier = v)
        .Int("type", nameof(Type), (o, v) => o.Type = v)
        .Int("relevance", nameof(Relevance), (o, v) => o.Relevance = v)
        .Int("threat_level", nameof(ThreatLevel), (o, v) => o.ThreatLevel = v)
        .Text("threat_level_human", nameof(ThreatLevelHuman), (o, v) => o.ThreatLevelHuman = v)
        .Text("description", nameof(Description), (o, v) => o.Description = v)
        .Text("origin", nameof(Origin), (o, v) => o.Origin = v)
        .Text("attack_id", nameof(AttackId), (o, v) => o.AttackId = v);
}
