namespace FalconX.Workflows;

/// <summary>Why an input item of a <see cref="ThreatQConversion"/> gave no report; each has its error id.</summary>
public enum ThreatQConversionProblemKind
{
    /// <summary>It is not a report (a submission, an artifact entry, JSON of something else): <see cref="ErrorIds.NotAReport"/>.</summary>
    NotAReport,

    /// <summary>The text is not JSON, or ends inside an object or list: <see cref="ErrorIds.InvalidReportJson"/>.</summary>
    InvalidJson,

    /// <summary>A file could not be read: <see cref="ErrorIds.ReportFileUnreadable"/>.</summary>
    Unreadable,

    /// <summary>The report has no id: <see cref="ErrorIds.ReportWithoutId"/>.</summary>
    ReportWithoutId,

    /// <summary>An object of a type that holds no report: <see cref="ErrorIds.UnsupportedInput"/>.</summary>
    UnsupportedInput,
}
