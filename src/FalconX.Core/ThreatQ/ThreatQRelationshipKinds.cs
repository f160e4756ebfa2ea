namespace FalconX.ThreatQ;

/// <summary>How an entity relates to another (<see cref="ThreatQRelationship.Description"/>).</summary>
public static class ThreatQRelationshipKinds
{
    /// <summary>The plain ThreatQ link.</summary>
    public const string RelatedTo = "Related To";

    /// <summary>An extracted file, linked to the sample that wrote it.</summary>
    public const string DroppedBy = "Dropped By";
}
