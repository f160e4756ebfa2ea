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

/// <summary>The ThreatQ indicator type names used (<see cref="ThreatQEntity.Type"/>); ThreatQ is sent names, never instance-specific ids.</summary>
public static class ThreatQIndicatorTypes
{
    /// <summary>SHA-256 hash.</summary>
    public const string Sha256 = "SHA-256";

    /// <summary>SHA-1 hash.</summary>
    public const string Sha1 = "SHA-1";

    /// <summary>MD5 hash.</summary>
    public const string Md5 = "MD5";

    /// <summary>Domain name.</summary>
    public const string Fqdn = "FQDN";

    /// <summary>IPv4 address.</summary>
    public const string IPAddress = "IP Address";

    /// <summary>IPv6 address.</summary>
    public const string IPv6Address = "IPv6 Address";

    /// <summary>URL.</summary>
    public const string Url = "URL";
}

/// <summary>The attribute names ConvertTo-ThreatQEntity writes (<see cref="ThreatQAttribute.Name"/>).</summary>
public static class ThreatQAttributeNames
{
    /// <summary>The report's page in the Falcon console (default mapping).</summary>
    public const string ReportLink = "Falcon X Sandbox Report Summary Link";

    /// <summary><c>origin</c> of the report (default mapping).</summary>
    public const string Origin = "Origin";

    /// <summary>One per <c>sandbox[].classification_tags[]</c> (default mapping).</summary>
    public const string Tag = "Tag";

    /// <summary><c>sandbox[].verdict</c> (default mapping).</summary>
    public const string Verdict = "Verdict";

    /// <summary><c>sandbox[].file_type</c> (default mapping).</summary>
    public const string FileType = "File Type";

    /// <summary>The MalQuery verdict, on a MalQuery hash indicator (default mapping).</summary>
    public const string MalQueryVerdict = "MalQuery Verdict";

    /// <summary>Why the detonation failed, on the report of a failed detonation.</summary>
    public const string ErrorType = "Error Type";

    /// <summary>The failure explained, on the report of a failed detonation.</summary>
    public const string ErrorMessage = "Error Message";

    /// <summary>Whose fault the failure was, on the report of a failed detonation.</summary>
    public const string ErrorOrigin = "Error Origin";

    /// <summary><c>sandbox[].threat_score</c> (ReportDetails).</summary>
    public const string ThreatScore = "Threat Score";

    /// <summary><c>sandbox[].environment_description</c> (ReportDetails).</summary>
    public const string Environment = "Environment";

    /// <summary><c>sandbox[].submit_name</c> (ReportDetails).</summary>
    public const string SubmitName = "Submit Name";

    /// <summary><c>sandbox[].submit_url</c> (ReportDetails).</summary>
    public const string SubmitUrl = "Submit URL";

    /// <summary>One per report <c>tags[]</c> (ReportDetails).</summary>
    public const string SandboxTags = "Sandbox Tags";

    /// <summary>Name of an extracted file (ExtractedFiles).</summary>
    public const string FileName = "File Name";

    /// <summary>Path of an extracted file (ExtractedFiles).</summary>
    public const string FilePath = "File Path";

    /// <summary>ATT&amp;CK tactic of an attack pattern (MitreAttack).</summary>
    public const string Tactic = "Tactic";

    /// <summary>ATT&amp;CK technique name of an attack pattern (MitreAttack).</summary>
    public const string Technique = "Technique";
}

/// <summary>How an entity relates to another (<see cref="ThreatQRelationship.Description"/>).</summary>
public static class ThreatQRelationshipKinds
{
    /// <summary>The plain ThreatQ link.</summary>
    public const string RelatedTo = "Related To";

    /// <summary>An extracted file, linked to the sample that wrote it.</summary>
    public const string DroppedBy = "Dropped By";
}
