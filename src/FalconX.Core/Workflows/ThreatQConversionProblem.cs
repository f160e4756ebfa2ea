using System;

namespace FalconX.Workflows;

/// <summary>An input item a <see cref="ThreatQConversion"/> could not convert: what, why, and what to do.</summary>
public sealed class ThreatQConversionProblem
{
    internal ThreatQConversionProblem(ThreatQConversionProblemKind kind, Exception error, object target, string recommendedAction)
    {
        Kind = kind;
        Error = error;
        Target = target;
        RecommendedAction = recommendedAction;
    }

    /// <summary>The kind of problem.</summary>
    public ThreatQConversionProblemKind Kind { get; }

    /// <summary>The stable error id of <see cref="Kind"/>.</summary>
    public string ErrorId => Kind switch
    {
        ThreatQConversionProblemKind.NotAReport => ErrorIds.NotAReport,
        ThreatQConversionProblemKind.InvalidJson => ErrorIds.InvalidReportJson,
        ThreatQConversionProblemKind.Unreadable => ErrorIds.ReportFileUnreadable,
        ThreatQConversionProblemKind.ReportWithoutId => ErrorIds.ReportWithoutId,
        _ => ErrorIds.UnsupportedInput,
    };

    /// <summary>What went wrong (its message is the error's).</summary>
    public Exception Error { get; }

    /// <summary>The input it is about, as the user passed it (or the collected text when lines were cut short).</summary>
    public object Target { get; }

    /// <summary>What to do about it.</summary>
    public string RecommendedAction { get; }
}
