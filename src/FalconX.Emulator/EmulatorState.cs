using System;

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
    }

    public EmulatorOptions Options { get; }

    public EmulatorFaults Faults { get; }

    public EmulatorStats Stats { get; } = new();

    public TokenStore Tokens { get; } = new();

    public RateLimiter RateLimiter { get; } = new();

    public SampleStore Samples { get; }

    public SubmissionStore Submissions { get; }

    public DateTimeOffset Now => DateTimeOffset.UtcNow;

    /// <summary>Forgets samples, submissions, counters and faults; issued tokens stay valid so connected clients carry on.</summary>
    public void Reset()
    {
        Faults.Reset();
        Stats.Reset();
        RateLimiter.Reset();
        Submissions.Clear();
        Samples.Clear();
    }
}
