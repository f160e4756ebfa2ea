using System.Management.Automation;

namespace FalconX.PowerShell.Commands;

/// <summary>Closes a ThreatQ connection (forgets its token) and, when it was the default, forgets it.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "ThreatQ")]
[OutputType(typeof(ThreatQConnection))]
public sealed class DisconnectThreatQCommand : PSCmdlet
{
    /// <summary>The connection to close; default: the runspace's default.</summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNull]
    public ThreatQConnection? Connection { get; set; }

    /// <summary>Write the closed connection.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var connection = Connection ?? ThreatQSessionState.GetDefault();
        if (connection is null)
        {
            return;
        }

        connection.Client.Dispose();
        ThreatQSessionState.ClearIfDefault(connection);
        WriteVerbose($"Closed {connection}.");
        if (PassThru)
        {
            WriteObject(connection);
        }
    }
}
