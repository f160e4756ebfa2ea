using System;
using System.Management.Automation;
using FalconX.Client;
using FalconX.ThreatQ.Api;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Base of the cmdlets that call ThreatQ: adds <c>-Connection</c> (a ThreatQ connection) and resolves it (explicit,
/// else the runspace's default from Connect-ThreatQ), and turns <see cref="ThreatQApiException"/> into ErrorRecords.
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
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new InvalidOperationException("Not connected to ThreatQ. Run Connect-ThreatQ first, or pass a connection with -Connection."),
                "ThreatQNotConnected",
                ErrorCategory.InvalidOperation,
                null));
        }

        if (!connection!.IsConnected)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new InvalidOperationException($"The connection '{connection}' was closed by Disconnect-ThreatQ. Run Connect-ThreatQ again."),
                "ThreatQConnectionClosed",
                ErrorCategory.InvalidOperation,
                connection));
        }

        return connection;
    }

    /// <summary>The error id and category for a ThreatQ failure; ids are stable (scripts match on them).</summary>
    internal static ErrorRecord CreateThreatQErrorRecord(ThreatQApiException exception, object? target, string? errorId = null)
    {
        var (id, category, advice) = exception.Kind switch
        {
            FalconXErrorKind.Authentication => ("ThreatQAuthenticationFailed", ErrorCategory.AuthenticationError, "Check the ThreatQ URL, client id and the password or secret; then run Connect-ThreatQ again."),
            FalconXErrorKind.RateLimit => ("ThreatQRateLimited", ErrorCategory.LimitsExceeded, "Wait and run the command again."),
            FalconXErrorKind.NotFound => ("ThreatQNotFound", ErrorCategory.ObjectNotFound, "Check the id; the object may have been deleted."),
            FalconXErrorKind.InvalidRequest => ("ThreatQInvalidRequest", ErrorCategory.InvalidData, "Correct the object or parameter named in the message and run the command again; the rest was done."),
            FalconXErrorKind.Server => ("ThreatQServerError", ErrorCategory.ResourceUnavailable, "ThreatQ failed; run the same command again later: writes are upserts, so nothing doubles."),
            FalconXErrorKind.Transport => ("ThreatQConnectionFailed", ErrorCategory.ConnectionError, "Check the ThreatQ URL, the network and the proxy."),
            FalconXErrorKind.Timeout => ("ThreatQTimeout", ErrorCategory.OperationTimeout, "Run the command again; raise -TimeoutSec on Connect-ThreatQ for slow links."),
            _ => ("ThreatQInvalidResponse", ErrorCategory.InvalidResult, "Check that -Uri is the ThreatQ host and no proxy changes the answers."),
        };
        return new ErrorRecord(exception, errorId ?? id, category, target)
        {
            ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = advice },
        };
    }
}
