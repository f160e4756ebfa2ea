using System.Management.Automation;

namespace FalconX.PowerShell.Commands;

/// <summary>Shows the runspace's default ThreatQ connection.</summary>
[Cmdlet(VerbsCommon.Get, "ThreatQConnection")]
[OutputType(typeof(ThreatQConnection))]
public sealed class GetThreatQConnectionCommand : PSCmdlet
{
    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ThreatQSessionState.GetDefault() is ThreatQConnection connection)
        {
            WriteObject(connection);
        }
    }
}
