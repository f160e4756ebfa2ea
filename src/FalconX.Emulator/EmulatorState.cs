using System;
using System.Text.Json.Nodes;
using Emulator.Hosting;

namespace FalconX.Emulator;

/// <summary>Everything the route handlers share: settings, switches, counters and the stores.</summary>
internal sealed class EmulatorState : IEmulatorAdmin
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

    /// <summary>The emulator's clock (token lifetimes, submission delays, rate windows); tests move it with POST /_emulator/clock.</summary>
    public EmulatorClock Clock { get; } = new();

    /// <summary>The emulator's clock reading.</summary>
    public DateTimeOffset Now => Clock.Now;

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

    public JsonObject Health() => new() { ["status"] = "ok", ["cid"] = Options.Cid };

    public JsonObject StatsJson() => Stats.ToJson();

    public JsonArray RequestsJson() => Stats.RequestsToJson();

    public JsonObject FaultsJson() => Faults.ToJson();
}
