using System;
using System.Diagnostics.CodeAnalysis;
using System.Threading;

namespace FalconX.Client;

/// <summary>
/// Per-caller capture of log entries. A scope flows with the async call that opened it (an <see cref="AsyncLocal{T}"/>),
/// so several runspaces sharing one <see cref="FalconXClient"/> each see only the entries of their own calls.
/// </summary>
public static class FalconXLog
{
    private static readonly AsyncLocal<Action<FalconXLogEntry>?> CurrentSink = new();

    /// <summary>
    /// Sends the entries of every call made in the current async flow to <paramref name="sink"/> until the returned
    /// object is disposed. The sink is called on background threads: it must be thread-safe and fast (queue, don't write).
    /// </summary>
    public static IDisposable BeginScope(Action<FalconXLogEntry> sink)
    {
        var previous = CurrentSink.Value;
        CurrentSink.Value = sink ?? throw new ArgumentNullException(nameof(sink));
        return new Scope(previous);
    }

    internal static void Write(FalconXClientOptions options, FalconXLogEntry entry) => Write(options.Logger, entry);

    /// <summary>Sends an entry to the current scope and to a client's own logger (the ThreatQ client uses this too).</summary>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "The sink and logger are the caller's code and may throw anything; a failing log receiver must never fail an API call.")]
    internal static void Write(Action<FalconXLogEntry>? logger, FalconXLogEntry entry)
    {
        try
        {
            CurrentSink.Value?.Invoke(entry);
            logger?.Invoke(entry);
        }
        catch (Exception)
        {
            // A failing log receiver must never fail an API call.
        }
    }

    private sealed class Scope : IDisposable
    {
        private readonly Action<FalconXLogEntry>? _previous;
        private int _disposed;

        public Scope(Action<FalconXLogEntry>? previous) => _previous = previous;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                CurrentSink.Value = _previous;
            }
        }
    }
}
