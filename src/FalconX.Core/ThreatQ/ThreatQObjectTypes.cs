namespace FalconX.ThreatQ;

/// <summary>The ThreatQ object types ConvertTo-ThreatQEntity produces (<see cref="ThreatQEntity.ObjectType"/>).</summary>
public static class ThreatQObjectTypes
{
    /// <summary>A ThreatQ Report object, one per Falcon X report.</summary>
    public const string Report = "Report";

    /// <summary>A ThreatQ indicator (hash, address, domain, URL).</summary>
    public const string Indicator = "Indicator";

    /// <summary>A ThreatQ Attack Pattern object (a MITRE ATT&amp;CK technique).</summary>
    public const string AttackPattern = "AttackPattern";

    /// <summary>The API collection of an object type, as in <c>/api/{collection}/consume</c>.</summary>
    public static string CollectionOf(string objectType) => objectType switch
    {
        Report => "report",
        AttackPattern => "attack_pattern",
        _ => "indicators",
    };
}
