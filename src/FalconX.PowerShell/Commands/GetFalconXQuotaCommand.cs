using System.Management.Automation;
using FalconX.Client;
using FalconX.Models;

namespace FalconX.PowerShell.Commands;

/// <summary>Reads the sandbox submission quota: total, used, in progress, remaining.</summary>
[Cmdlet(VerbsCommon.Get, "FalconXQuota")]
[OutputType(typeof(FalconXQuota))]
public sealed class GetFalconXQuotaCommand : FalconXApiCmdlet
{
    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var client = Client;
        try
        {
            WriteObject(RunAsync(ct => client.GetQuotaAsync(ct)));
        }
        catch (FalconXApiException ex)
        {
            WriteApiError(ex, ResolvedConnection);
        }
    }
}
