using System.Collections.Generic;
using System.Text.Json;

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

    internal static FalconXReportSummary Read(JsonElement element)
    {
        var summary = new FalconXReportSummary();
        UnknownFields? extra = null;
        foreach (var property in element.EnumerateObject())
        {
            var fits = true;
            if (!summary.TryReadCommon(property.Name, property.Value, ref fits))
            {
                fits = false;
            }

            if (!fits)
            {
                JsonRead.Keep(ref extra, property);
            }
        }

        summary.Complete(extra);
        return summary;
    }
}
