using System;

namespace FalconX.Client;

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
