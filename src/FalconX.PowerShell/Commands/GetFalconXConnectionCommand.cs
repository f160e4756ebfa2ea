using System.Management.Automation;

namespace FalconX.PowerShell.Commands;

/// <summary>Shows the runspace's default connection: cloud, base URL, client id, member CID, token expiry, quota.</summary>
[Cmdlet(VerbsCommon.Get, "FalconXConnection")]
[OutputType(typeof(FalconXConnection))]
public sealed class GetFalconXConnectionCommand : FalconXCmdlet
{
    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var connection = FalconXSessionState.GetDefault();
        if (connection is null)
        {
            WriteVerbose("Not connected in this runspace. Run Connect-FalconX.");
            return;
        }

        WriteObject(connection);
    }
}
