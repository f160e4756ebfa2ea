using System.Text.Json.Nodes;

namespace Emulator.Hosting;

/// <summary>What the admin routes every emulator has (health, reset, stats, requests, faults) read and reset.</summary>
public interface IEmulatorAdmin
{
    /// <summary>The answer of GET /_emulator/health: <c>{"status":"ok", ...}</c>.</summary>
    JsonObject Health();

    /// <summary>POST /_emulator/reset: forgets what the API stored, the counters and the faults; issued tokens stay valid.</summary>
    void Reset();

    /// <summary>The counters for GET /_emulator/stats.</summary>
    JsonObject StatsJson();

    /// <summary>The recorded requests for GET /_emulator/requests, oldest first.</summary>
    JsonArray RequestsJson();

    /// <summary>The fault switches for GET /_emulator/faults.</summary>
    JsonObject FaultsJson();
}
