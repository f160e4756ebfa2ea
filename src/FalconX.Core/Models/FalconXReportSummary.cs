namespace FalconX.Models;

/// <summary>
/// A report summary (<c>falconx.SummaryReportV1</c>): the verdict, score, tags and artifact ids without the
/// detonation details. Its <see cref="FalconXReportBase.Sandbox"/> entries carry the summary fields only.
/// Read one from JSON with <see cref="ReportParser.ParseSummary(string)"/>.
/// </summary>
public sealed class FalconXReportSummary : FalconXReportBase
{
    internal FalconXReportSummary()
    {
    }

    /// <summary>How the API's JSON (and this object written out) reads into it.</summary>
    internal static readonly FieldTable<FalconXReportSummary> Fields = CommonFields(new FieldTable<FalconXReportSummary>(() => new FalconXReportSummary()));
}
