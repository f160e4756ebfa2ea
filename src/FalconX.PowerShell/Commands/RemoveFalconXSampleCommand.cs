using System;
using System.Management.Automation;
using FalconX.Client;
using FalconX.Workflows;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Deletes uploaded samples by SHA-256 (DELETE /samples/entities/samples/v2, one hash per request): "the file, its
/// metadata and submissions". Reports stay (Remove-FalconXReport deletes them). ConfirmImpact High: PowerShell asks
/// before each sample unless -Confirm:$false; -WhatIf sends nothing.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "FalconXSample", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(string))]
public sealed class RemoveFalconXSampleCommand : FalconXApiCmdlet
{
    /// <summary>SHA-256 hashes; from the pipeline by property name: reports, submissions, Get-FalconXSample, extracted files.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public string[]? Sha256 { get; set; }

    /// <summary>Write the SHA-256 of each deletion the API accepted.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var value in Sha256 ?? Array.Empty<string>())
        {
            if (Sha256OrError(value, "Nothing was deleted.") is not string hash)
            {
                continue;
            }

            if (!ShouldProcess(hash, "Delete uploaded sample"))
            {
                continue;
            }

            try
            {
                var client = Client;
                RunAsync(ct => client.DeleteSampleAsync(hash, ct));
                WriteVerbose($"Deleted sample {hash}.");
                if (PassThru)
                {
                    WriteObject(hash);
                }
            }
            catch (FalconXApiException ex) when (ex.Kind == FalconXErrorKind.NotFound)
            {
                WriteItemError(ex, ErrorIds.FalconXSampleNotFound, ErrorCategory.ObjectNotFound, hash,
                    "Check the hash: the sample may be deleted already or belong to another tenant; Get-FalconXSample tells which hashes are uploaded.");
            }
            catch (FalconXApiException ex)
            {
                WriteApiError(ex, hash);
            }
        }
    }
}
