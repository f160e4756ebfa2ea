namespace FalconX.Workflows;

/// <summary>The stable error ids of report lookups (scripts match on them).</summary>
public static class ReportErrorIds
{
    /// <summary>The detonation has not finished, so there is no report yet.</summary>
    public const string NotFinished = "FalconXDetonationNotFinished";

    /// <summary>No report for the id or hash.</summary>
    public const string NotFound = "FalconXReportNotFound";

    /// <summary>The input is neither a report id nor a SHA-256.</summary>
    public const string InvalidInput = "FalconXInvalidReportInput";

    /// <summary>The API's report could not be read.</summary>
    public const string Unreadable = "FalconXUnreadableReport";

    /// <summary>A detonation waited for ended in error.</summary>
    public const string DetonationFailed = "FalconXDetonationFailed";
}
