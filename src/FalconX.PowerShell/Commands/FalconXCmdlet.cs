using System;
using System.Management.Automation;
using System.Threading;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Base of every FalconX cmdlet: owns the cancellation token that Ctrl+C (StopProcessing) cancels,
/// so that any wait or request stops within a second.
/// </summary>
public abstract class FalconXCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private bool _disposed;

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline is stopped.</summary>
    protected CancellationToken CancellationToken => _stopping.Token;

    /// <inheritdoc />
    protected override void StopProcessing()
    {
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Stop arrived after the cmdlet finished: nothing left to cancel.
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing() => Dispose();

    /// <summary>Writes a non-terminating error with a stable id, a specific category and the failing item.</summary>
    protected void WriteItemError(Exception exception, string errorId, ErrorCategory category, object? target, string? recommendedAction = null)
    {
        var record = new ErrorRecord(exception, errorId, category, target);
        if (recommendedAction is not null)
        {
            record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = recommendedAction };
        }

        WriteError(record);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the cancellation source.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        if (disposing)
        {
            _stopping.Dispose();
        }

        _disposed = true;
    }
}
