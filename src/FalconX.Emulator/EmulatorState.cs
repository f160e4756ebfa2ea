using System;
using System.Threading;

namespace FalconX.Emulator;

/// <summary>Everything the route handlers share: settings, switches, counters and the stores.</summary>
internal sealed class EmulatorState
{
    public EmulatorState(EmulatorOptions options, string dataDir)
    {
        Options = options;
        Faults = new EmulatorFaults(options);
        Samples = new SampleStore(dataDir, options.MaxUploadBytes);
        Submissions = new SubmissionStore(options.Cid);
        RateLimiter = new RateLimiter(() => Now);
    }

    public EmulatorOptions Options { get; }

    public EmulatorFaults Faults { get; }

    public EmulatorStats Stats { get; } = new();

    public TokenStore Tokens { get; } = new();

    public RateLimiter RateLimiter { get; }

    public CannedAnswers Canned { get; } = new();

    public SampleStore Samples { get; }

    public SubmissionStore Submissions { get; }

    private long _clockOffsetTicks;

    /// <summary>The emulator's clock: wall time plus whatever <see cref="AdvanceClock"/> added (token lifetimes, submission delays, rate windows).</summary>
    public DateTimeOffset Now => DateTimeOffset.UtcNow + ClockOffset;

    /// <summary>How far <see cref="AdvanceClock"/> has moved the clock ahead of wall time; it only moves forward and survives <see cref="Reset"/>.</summary>
    public TimeSpan ClockOffset => TimeSpan.FromTicks(Interlocked.Read(ref _clockOffsetTicks));

    /// <summary>Moves the clock forward, so tests can expire tokens or finish submissions without waiting.</summary>
    public TimeSpan AdvanceClock(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), "The clock only moves forward; give a positive number of seconds.");
        }

        return TimeSpan.FromTicks(Interlocked.Add(ref _clockOffsetTicks, by.Ticks));
    }

    /// <summary>Uploaded archives by SHA-256 (see <see cref="ArchiveEndpoints"/>).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, StoredArchive> Archives { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Extractions by id.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, StoredExtraction> Extractions { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Forgets samples, submissions, counters, faults and canned answers; issued tokens stay valid so connected clients carry on.</summary>
    public void Reset()
    {
        Faults.Reset();
        Canned.Clear();
        Stats.Reset();
        RateLimiter.Reset();
        Submissions.Clear();
        Samples.Clear();
        Archives.Clear();
        Extractions.Clear();
    }
}
