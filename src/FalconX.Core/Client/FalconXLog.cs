using System;
using System.Threading;

namespace FalconX.Client;

/// <summary>How much a log entry matters; maps to PowerShell's Verbose, Debug and Warning streams.</summary>
public enum FalconXLogLevel
{
    /// <summary>Request summaries, retries, token refreshes, region switches.</summary>
    Verbose,

    /// <summary>Bodies (with secrets and tokens masked; never the bodies of /oauth2 calls).</summary>
    Debug,

    /// <summary>Something the user should know about even without -Verbose (e.g. a deprecation header).</summary>
    Warning,
}

/// <summary>
/// One thing the client did. Raised on whatever thread runs the call: receivers must only queue it (a cmdlet drains
/// the queue on its own thread). Never contains the client secret or a token.
/// </summary>
public sealed class FalconXLogEntry
{
    internal FalconXLogEntry(FalconXLogLevel level, string message)
    {
        Level = level;
        Message = message;
        Timestamp = DateTimeOffset.UtcNow;
    }

    /// <summary>Which stream this belongs to.</summary>
    public FalconXLogLevel Level { get; }

    /// <summary>The text to show.</summary>
    public string Message { get; }

    /// <summary>When it happened (UTC).</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The HTTP method, for request entries.</summary>
    public string? Method { get; internal set; }

    /// <summary>The path and query, for request entries.</summary>
    public string? Path { get; internal set; }

    /// <summary>The HTTP status, when an answer arrived.</summary>
    public int? StatusCode { get; internal set; }

    /// <summary>How long the attempt took.</summary>
    public TimeSpan? Duration { get; internal set; }

    /// <summary><c>X-Ratelimit-Remaining</c> from the answer.</summary>
    public int? RateLimitRemaining { get; internal set; }

    /// <summary><c>X-Cs-Traceid</c> from the answer.</summary>
    public string? TraceId { get; internal set; }

    /// <inheritdoc />
    public override string ToString() => Message;
}

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
