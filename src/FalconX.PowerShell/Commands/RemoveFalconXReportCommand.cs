using System;
using System.Management.Automation;
using FalconX.Client;
using FalconX.Workflows;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Deletes sandbox reports by id (DELETE /falconx/entities/reports/v1, one id per request as the API takes them).
/// ConfirmImpact High: PowerShell asks before each report unless -Confirm:$false; -WhatIf sends nothing.
/// The API deletes asynchronously: a deleted report can still be read for a short while.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "FalconXReport", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(string))]
public sealed class RemoveFalconXReportCommand : FalconXApiCmdlet
{
    /// <summary>Report ids; from the pipeline by property name: reports, summaries (ReportId) and submissions (SubmissionId).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("SubmissionId", "Id")]
    [ValidateNotNull]
    public string[]? ReportId { get; set; }

    /// <summary>Write the report id of each deletion the API accepted.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var value in ReportId ?? Array.Empty<string>())
        {
            var id = value?.Trim() ?? string.Empty;
            if (!FalconXClient.IsReportId(id))
            {
                WriteItemError(
                    new ArgumentException($"'{value}' is not a report id: report ids look like <32 hex>_<32 hex> (a report's ReportId or a submission's SubmissionId). Nothing was deleted."),
                    ErrorIds.FalconXInvalidReportId,
                    ErrorCategory.InvalidArgument,
                    value);
                continue;
            }

            if (!ShouldProcess(id, "Delete sandbox report"))
            {
                continue;
            }

            try
            {
                var client = Client;
                RunAsync(ct => client.DeleteReportAsync(id, ct));
                WriteVerbose($"Deleted report {id} (the API finishes the deletion in the background).");
                if (PassThru)
                {
                    WriteObject(id);
                }
            }
            catch (FalconXApiException ex) when (ex.Kind == FalconXErrorKind.NotFound)
            {
                WriteItemError(ex, ErrorIds.FalconXReportNotFound, ErrorCategory.ObjectNotFound, id,
                    "Check the id: the report may be deleted already, belong to another tenant or cloud, or its detonation may not have finished.");
            }
            catch (FalconXApiException ex)
            {
                WriteApiError(ex, id);
            }
        }
    }
}
