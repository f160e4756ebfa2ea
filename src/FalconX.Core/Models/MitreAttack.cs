using System.Collections.Generic;

namespace FalconX.Models;

/// <summary>A MITRE ATT&amp;CK technique the sandbox saw, under one tactic (<c>sandbox[].mitre_attacks[]</c>).</summary>
public sealed class MitreAttack : FalconXApiObject
{
    /// <summary>The tactic, e.g. "Privilege Escalation".</summary>
    public string? Tactic { get; internal set; }

    /// <summary>The technique name, e.g. "Process Injection".</summary>
    public string? Technique { get; internal set; }

    /// <summary>The technique id, e.g. <c>T1055</c>.</summary>
    public string? AttackId { get; internal set; }

    /// <summary>The technique's page on attack.mitre.org, when given.</summary>
    public string? AttackIdWiki { get; internal set; }

    /// <summary>Evidence the sandbox rates malicious.</summary>
    public IReadOnlyList<string> MaliciousIdentifiers { get; internal set; } = FieldValue.NoStrings;

    /// <summary>Evidence the sandbox rates suspicious.</summary>
    public IReadOnlyList<string> SuspiciousIdentifiers { get; internal set; } = FieldValue.NoStrings;

    /// <summary>Evidence the sandbox rates informative only.</summary>
    public IReadOnlyList<string> InformativeIdentifiers { get; internal set; } = FieldValue.NoStrings;

    /// <summary>For a sub-technique, the parent technique id (<c>parent.attack_id</c>).</summary>
    public string? ParentAttackId { get; internal set; }

    /// <summary>For a sub-technique, the parent technique name (<c>parent.technique</c>).</summary>
    public string? ParentTechnique { get; internal set; }

    /// <summary>True when the sandbox has malicious or suspicious evidence for it, not just informative.</summary>
    public bool IsMaliciousOrSuspicious => MaliciousIdentifiers.Count > 0 || SuspiciousIdentifiers.Count > 0;

    /// <inheritdoc />
    public override string ToString() => $"{AttackId} {Technique} ({Tactic})".Trim();

    /// <summary>How the API's JSON (and this object written out) reads into it.</summary>
    // The parent technique of a sub-technique: its id and name are lifted; anything else keeps the whole parent.
    private static readonly FieldTable<MitreAttack> ParentFields = new FieldTable<MitreAttack>(() => new MitreAttack())
        .Text("attack_id", null, (o, v) => o.ParentAttackId = v)
        .Text("technique", null, (o, v) => o.ParentTechnique = v)
        .Ignore("attack_id_wiki");

    /// <summary>How the API's JSON (and this object written out) reads into it.</summary>
    internal static readonly FieldTable<MitreAttack> Fields = new FieldTable<MitreAttack>(() => new MitreAttack())
        .Text("tactic", nameof(Tactic), (o, v) => o.Tactic = v)
        .Text("technique", nameof(Technique), (o, v) => o.Technique = v)
        .Text("attack_id", nameof(AttackId), (o, v) => o.AttackId = v)
        .Text("attack_id_wiki", nameof(AttackIdWiki), (o, v) => o.AttackIdWiki = v)
        .Strings("malicious_identifiers", nameof(MaliciousIdentifiers), (o, v) => o.MaliciousIdentifiers = v)
        .Strings("suspicious_identifiers", nameof(SuspiciousIdentifiers), (o, v) => o.SuspiciousIdentifiers = v)
        .Strings("informative_identifiers", nameof(InformativeIdentifiers), (o, v) => o.InformativeIdentifiers = v)
        .Within("parent", ParentFields)
        .Text(null, nameof(ParentAttackId), (o, v) => o.ParentAttackId = v)
        .Text(null, nameof(ParentTechnique), (o, v) => o.ParentTechnique = v);
}
