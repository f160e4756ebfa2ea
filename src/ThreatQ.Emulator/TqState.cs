using System;
using System.IO;
using System.Text.Json.Nodes;
using System.Threading;
using Emulator.Hosting;

namespace ThreatQ.Emulator;

/// <summary>Shared state of one running emulator.</summary>
internal sealed class TqState : IEmulatorAdmin
{
    private long _retryAfterTicks;

    public TqState(TqOptions options, string dataDir)
    {
        Options = options;
        DataDir = dataDir;
        Faults = new TqFaults(options);
    }

    public TqOptions Options { get; }

    public string DataDir { get; }

    public TqFaults Faults { get; }

    public TqStats Stats { get; } = new();

    public TqStore Store { get; } = new();

    public TqTokens Tokens { get; } = new();

    /// <summary>The emulator's clock: the real one plus whatever <c>POST /_emulator/clock</c> moved it by.</summary>
    public EmulatorClock Clock { get; } = new();

    /// <summary>The emulator's clock reading.</summary>
    public DateTimeOffset Now => Clock.Now;

    /// <summary>When the last 429 said the client may come back.</summary>
    public DateTimeOffset RetryAfter
    {
        get => new(Interlocked.Read(ref _retryAfterTicks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _retryAfterTicks, value.UtcTicks);
    }

    public void Reset()
    {
        Store.Clear();
        Stats.Reset();
        Faults.Reset();
        Interlocked.Exchange(ref _retryAfterTicks, 0);
        foreach (var file in Directory.EnumerateFiles(DataDir))
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Still being downloaded; the directory goes at shutdown.
            }
        }
    }

    public JsonObject Health() => new() { ["status"] = "ok", ["product"] = "ThreatQ emulator" };

    /// <summary>The counters plus the store revision: equal revisions before and after a run mean the run changed nothing.</summary>
    public JsonObject StatsJson()
    {
        var stats = Stats.ToJson();
        stats["revision"] = Store.Revision;
        return stats;
    }

    public JsonArray RequestsJson() => Stats.RequestsToJson();

    public JsonObject FaultsJson() => Faults.ToJson();
}
