using System;

namespace FalconX.Client;

/// <summary>How a <see cref="SubmissionPoller"/> paces itself.</summary>
public sealed class SubmissionPollerOptions
{
    /// <summary>Time between two status checks. Default 30 s; at least 100 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Delay before the first status check of fresh submissions; each later check waits twice as long as the one
    /// before, up to <see cref="PollInterval"/> (see <see cref="PollBackoff"/>). Default 3 s; zero or at least the
    /// interval checks at a fixed interval.
    /// </summary>
    public TimeSpan FirstCheckDelay { get; set; } = PollBackoff.DefaultFirstDelay;

    /// <summary>How long to wait in all before giving up on the submissions still running; null waits for ever. Default 20 minutes.</summary>
    public TimeSpan? Timeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>How often progress is reported between checks (elapsed time moves on). Default 1 s.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Status checks in a row that may fail (API down, rate limited) before the wait fails. Default 3.</summary>
    public int MaxConsecutiveFailures { get; set; } = 3;

    /// <summary>Checks in a row an id may be missing from the answer before it counts as not found. Default 3.</summary>
    public int MaxMisses { get; set; } = 3;

    internal SubmissionPollerOptions ValidateAndCopy()
    {
        if (PollInterval < TimeSpan.FromMilliseconds(100))
        {
            throw new ArgumentOutOfRangeException(nameof(PollInterval), PollInterval, "The poll interval must be at least 100 ms.");
        }

        if (Timeout is TimeSpan t && t <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "The timeout must be positive, or null for none.");
        }

        if (ProgressInterval <= TimeSpan.Zero || MaxConsecutiveFailures < 1 || MaxMisses < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ProgressInterval), "ProgressInterval must be positive; MaxConsecutiveFailures and MaxMisses at least 1.");
        }

        return (SubmissionPollerOptions)MemberwiseClone();
    }
}
