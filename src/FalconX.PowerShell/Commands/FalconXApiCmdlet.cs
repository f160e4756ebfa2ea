using System;
using System.Management.Automation;
using FalconX.Client;
using FalconX.Workflows;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Base of every cmdlet that calls the API: adds <c>-Connection</c> and resolves it (explicit, else the runspace's
/// default from Connect-FalconX), stopping with a clear "run Connect-FalconX first" error when there is none.
/// </summary>
public abstract class FalconXApiCmdlet : FalconXCmdlet
{
    private FalconXConnection? _resolved;

    /// <summary>The connection to use; default: the one the last Connect-FalconX in this runspace made.</summary>
    [Parameter]
    [ValidateNotNull]
    public FalconXConnection? Connection { get; set; }

    /// <summary>The connection for this invocation (resolved once; terminating error when there is none or it is closed).</summary>
    protected FalconXConnection ResolvedConnection => _resolved ??= ResolveConnection();

    /// <summary>The client of <see cref="ResolvedConnection"/>.</summary>
    protected FalconXClient Client => ResolvedConnection.Client;

    private FalconXConnection ResolveConnection()
    {
        var connection = Connection ?? FalconXSessionState.GetDefault();
        if (connection is null)
        {
            ThrowItemError(
                new InvalidOperationException("Not connected to Falcon X. Run Connect-FalconX first, or pass a connection with -Connection (in ForEach-Object -Parallel, pass $using:connection: each runspace has its own default)."),
                ErrorIds.FalconXNotConnected,
                ErrorCategory.InvalidOperation,
                null);
        }

        if (!connection!.IsConnected)
        {
            ThrowItemError(
                new InvalidOperationException($"The connection '{connection}' was closed by Disconnect-FalconX. Run Connect-FalconX again."),
                ErrorIds.FalconXConnectionClosed,
                ErrorCategory.InvalidOperation,
                connection);
        }

        return connection;
    }
}
