namespace FalconX.ThreatQ;

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
