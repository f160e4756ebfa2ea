namespace FalconX.Workflows;

/// <summary>What a <see cref="ReportInput"/> names.</summary>
public enum ReportInputKind
{
    /// <summary>A report id (equal to its submission id): one report.</summary>
    ReportId,

    /// <summary>A sample's SHA-256: every report of it (newest first), or only the newest.</summary>
    Sha256,
}
