using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Workflows;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Base of every FalconX cmdlet: owns the cancellation token that Ctrl+C (StopProcessing) cancels, so that any wait
/// or request stops within a second; runs async Core calls while pumping their log entries (and anything else posted
/// with <see cref="PostToCmdletThread"/>) into the PowerShell streams on the cmdlet thread; turns
/// <see cref="FalconXApiException"/> into ErrorRecords with stable ids and specific categories (built by <see cref="ErrorRecords"/>).
/// </summary>
public abstract class FalconXCmdlet : PSCmdlet, IDisposable
{
    private static readonly TimeSpan PumpInterval = TimeSpan.FromMilliseconds(200);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<Action> _pending = new();
    private readonly AutoResetEvent _pendingSignal = new(false);
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

    /// <summary>Writes a non-terminating error with a stable id (one of <see cref="ErrorIds"/>), a specific category and the failing item.</summary>
    protected void WriteItemError(Exception exception, string errorId, ErrorCategory category, object? target, string? recommendedAction = null) =>
        WriteError(ErrorRecords.Create(exception ?? throw new ArgumentNullException(nameof(exception)), errorId, category, target, recommendedAction));

    /// <summary>Stops the command with an error with a stable id (one of <see cref="ErrorIds"/>), a specific category and the item at fault.</summary>
    protected void ThrowItemError(Exception exception, string errorId, ErrorCategory category, object? target) =>
        ThrowTerminatingError(ErrorRecords.Create(exception ?? throw new ArgumentNullException(nameof(exception)), errorId, category, target));

    /// <summary>
    /// The normalized SHA-256 in <paramref name="value"/>; for anything else, one FalconXInvalidSha256 error that ends with
    /// <paramref name="consequence"/> (what did not happen to it) and null.
    /// </summary>
    protected string? Sha256OrError(string? value, string consequence)
    {
        if (FalconXClient.IsSha256(value))
        {
            return FalconXClient.NormalizeSha256(value!);
        }

        WriteItemError(
            new ArgumentException($"'{value}' is not a SHA-256: it must be 64 hexadecimal characters. {consequence}"),
            ErrorIds.FalconXInvalidSha256,
            ErrorCategory.InvalidArgument,
            value);
        return null;
    }

    /// <summary>
    /// Runs Core work on the thread pool and waits for it on the cmdlet thread, writing its log entries as Verbose,
    /// Debug and Warning records as they arrive (background code never calls Write*). Ctrl+C cancels the token given
    /// to <paramref name="work"/> and ends the pipeline. Exceptions of the work are rethrown unchanged.
    /// </summary>
    protected T RunAsync<T>(Func<CancellationToken, Task<T>> work)
    {
        if (work is null)
        {
            throw new ArgumentNullException(nameof(work));
        }

        var token = CancellationToken;
        var task = Task.Run(
            async () =>
            {
                using (FalconXLog.BeginScope(OnLogEntry))
                {
                    return await work(token).ConfigureAwait(false);
                }
            },
            token);

        var handles = new WaitHandle[] { ((IAsyncResult)task).AsyncWaitHandle, _pendingSignal };
        while (!task.IsCompleted)
        {
            WaitHandle.WaitAny(handles, PumpInterval);
            DrainPending();
        }

        DrainPending();
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Like <see cref="RunAsync{T}(Func{CancellationToken, Task{T}})"/> for work without a result.</summary>
    protected void RunAsync(Func<CancellationToken, Task> work)
    {
        if (work is null)
        {
            throw new ArgumentNullException(nameof(work));
        }

        RunAsync<bool>(async ct =>
        {
            await work(ct).ConfigureAwait(false);
            return true;
        });
    }

    /// <summary>
    /// Queues an action (WriteProgress, WriteVerbose...) to run on the cmdlet thread during the current
    /// <see cref="RunAsync{T}(Func{CancellationToken, Task{T}})"/>. Safe to call from any thread.
    /// </summary>
    protected void PostToCmdletThread(Action action)
    {
        _pending.Enqueue(action ?? throw new ArgumentNullException(nameof(action)));
        try
        {
            _pendingSignal.Set();
        }
        catch (ObjectDisposedException)
        {
            // The cmdlet already finished; the action is dropped with the queue.
        }
    }

    /// <summary>
    /// Writes a verbose message. PowerShell makes <c>-Debug</c> (without <c>-Verbose</c>) "inquire" on the verbose stream of
    /// compiled cmdlets, which prompts after every line and fails outright in <c>pwsh -NonInteractive</c> (a scheduled
    /// task); in that case the message goes to the debug stream instead, which -Debug shows without prompting.
    /// </summary>
    public new void WriteVerbose(string text)
    {
        if (DebugWithout("Verbose"))
        {
            base.WriteDebug("VERBOSE: " + text);
        }
        else
        {
            base.WriteVerbose(text);
        }
    }

    /// <summary>Writes a warning; with <c>-Debug</c> and no <c>-WarningAction</c> it goes to the debug stream, for the reason given on <see cref="WriteVerbose"/>.</summary>
    public new void WriteWarning(string text)
    {
        if (DebugWithout("WarningAction"))
        {
            base.WriteDebug("WARNING: " + text);
        }
        else
        {
            base.WriteWarning(text);
        }
    }

    private bool DebugWithout(string parameter)
    {
        var bound = MyInvocation.BoundParameters;
        return bound.TryGetValue("Debug", out var debug) && debug is SwitchParameter { IsPresent: true } && !bound.ContainsKey(parameter);
    }

    /// <summary>Writes an API failure as a non-terminating error about <paramref name="target"/>.</summary>
    protected void WriteApiError(FalconXApiException exception, object? target) => WriteError(ErrorRecords.ForApi(exception, target));

    /// <summary>Stops the command with an API failure.</summary>
    protected void ThrowApiError(FalconXApiException exception, object? target) => ThrowTerminatingError(ErrorRecords.ForApi(exception, target));

    private void OnLogEntry(FalconXLogEntry entry)
    {
        switch (entry.Level)
        {
            case FalconXLogLevel.Debug:
                PostToCmdletThread(() => WriteDebug(entry.Message));
                break;
            case FalconXLogLevel.Warning:
                PostToCmdletThread(() => WriteWarning(entry.Message));
                break;
            default:
                PostToCmdletThread(() => WriteVerbose(entry.Message));
                break;
        }
    }

    private void DrainPending()
    {
        while (_pending.TryDequeue(out var action))
        {
            action();
        }
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
            _pendingSignal.Dispose();
        }

        _disposed = true;
    }
}
