namespace FalconX;

/// <summary>A CrowdStrike cloud (region). The API host and the console host follow from it.</summary>
public enum FalconXCloud
{
    /// <summary>US-1: api.crowdstrike.com.</summary>
    US1,

    /// <summary>US-2: api.us-2.crowdstrike.com.</summary>
    US2,

    /// <summary>EU-1: api.eu-1.crowdstrike.com.</summary>
    EU1,

    /// <summary>US-GOV-1: api.laggar.gcw.crowdstrike.com.</summary>
    USGOV1,

    /// <summary>US-GOV-2: api.us-gov-2.crowdstrike.mil.</summary>
    USGOV2,
}
