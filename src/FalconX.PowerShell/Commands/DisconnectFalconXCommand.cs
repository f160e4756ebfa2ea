using System.Management.Automation;
using FalconX.Client;

namespace FalconX.PowerShell.Commands;

/// <summary>Revokes the connection's token at the API, closes the connection and forgets it as the default.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "FalconX")]
[OutputType(typeof(FalconXConnection))]
public sealed class DisconnectFalconXCommand : FalconXCmdlet
{
    /// <summary>The connection to close; default: the runspace's default connection.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public FalconXConnection? Connection { get; set; }

    /// <summary>Writes the closed connection to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var connection = Connection ?? FalconXSessionState.GetDefault();
        if (connection is null)
        {
            WriteVerbose("Not connected in this runspace: nothing to disconnect.");
            return;
        }

        try
        {
            if (connection.IsConnected)
            {
                var revoked = RunAsync(ct => connection.Client.RevokeTokenAsync(ct));
                WriteVerbose(revoked ? $"Token revoked for {connection}." : $"{connection} held no token; nothing to revoke.");
            }
        }
        catch (FalconXApiException ex)
        {
            // The connection is closed anyway; the token expires by itself.
            WriteApiError(ex, connection);
        }
        finally
        {
            FalconXSessionState.ClearIfDefault(connection);
            connection.Client.Dispose();
        }

        if (PassThru)
        {
            WriteObject(connection);
        }
    }
}
