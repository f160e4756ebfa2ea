using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using FalconX.ThreatQ.Api;
using FalconX.Workflows;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Base of the cmdlets that call ThreatQ: adds <c>-Connection</c> (a ThreatQ connection) and resolves it (explicit,
/// else the runspace's default from Connect-ThreatQ), and writes <see cref="ThreatQApiException"/>s as ErrorRecords.
/// </summary>
public abstract class ThreatQCmdlet : FalconXCmdlet
{
    private ThreatQConnection? _resolved;

    /// <summary>The ThreatQ connection to use; default: the one the last Connect-ThreatQ in this runspace made.</summary>
    [Parameter]
    [ValidateNotNull]
    public ThreatQConnection? Connection { get; set; }

    /// <summary>The ThreatQ client of the resolved connection (terminating error when there is none).</summary>
    protected ThreatQClient ThreatQ => (_resolved ??= ResolveThreatQConnection(this, Connection)).Client;

    internal static ThreatQConnection ResolveThreatQConnection(PSCmdlet cmdlet, ThreatQConnection? given)
    {
        var connection = given ?? ThreatQSessionState.GetDefault();
        if (connection is null)
        {
            cmdlet.ThrowTerminatingError(ErrorRecords.Create(
                new InvalidOperationException("Not connected to ThreatQ. Run Connect-ThreatQ first, or pass a connection with -Connection."),
                ErrorIds.ThreatQNotConnected,
                ErrorCategory.InvalidOperation,
                null));
        }

        if (!connection!.IsConnected)
        {
            cmdlet.ThrowTerminatingError(ErrorRecords.Create(
                new InvalidOperationException($"The connection '{connection}' was closed by Disconnect-ThreatQ. Run Connect-ThreatQ again."),
                ErrorIds.ThreatQConnectionClosed,
                ErrorCategory.InvalidOperation,
                connection));
        }

        return connection;
    }

    /// <summary>
    /// Writes each object ThreatQ pages out as it arrives; a failure is one error about <paramref name="target"/>
    /// (what was read so far stays written).
    /// </summary>
    private protected void WriteEach<T>(IAsyncEnumerable<T> items, object? target)
    {
        try
        {
            RunAsync(async ct =>
            {
                await foreach (var item in items.WithCancellation(ct).ConfigureAwait(false))
                {
                    PostToCmdletThread(() => WriteObject(item));
                }
            });
        }
        catch (ThreatQApiException ex)
        {
            WriteError(ErrorRecords.ForThreatQ(ex, target));
        }
    }
}
