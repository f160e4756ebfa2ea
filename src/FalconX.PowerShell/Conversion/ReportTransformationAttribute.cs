using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using FalconX.Models;

namespace FalconX.PowerShell.Conversion;

/// <summary>
/// Lets a report parameter take reports that crossed a serialization boundary: deserialized reports and summaries
/// (Import-Clixml, background jobs, remoting) and ConvertFrom-Json objects are read back into typed reports. Live
/// reports pass through; anything that is not a report is left as it is, so that binding tries the other parameters.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class ReportTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc />
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var reports = new List<FalconXReportBase>();
        foreach (var item in Items(inputData))
        {
            var wrapped = item as PSObject ?? PSObject.AsPSObject(item!);
            switch (wrapped.BaseObject)
            {
                case FalconXReportBase report:
                    reports.Add(report);
                    continue;
                case PSCustomObject:
                    foreach (var parsed in ReportParser.ParseItems(PSObjectFields.Of(wrapped)))
                    {
                        if (parsed.Problem is not null)
                        {
                            // Not a report (a submission, an artifact entry, ...): leave it to the other parameters.
                            return inputData;
                        }

                        reports.Add(parsed.Report!);
                    }

                    continue;
                default:
                    return inputData;
            }
        }

        return reports.ToArray();
    }

    private static IEnumerable<object?> Items(object? inputData)
    {
        var value = inputData is PSObject wrapped && wrapped.BaseObject is not PSCustomObject ? wrapped.BaseObject : inputData;
        if (value is IList list)
        {
            foreach (var item in list)
            {
                yield return item;
            }
        }
        else
        {
            yield return inputData;
        }
    }
}
