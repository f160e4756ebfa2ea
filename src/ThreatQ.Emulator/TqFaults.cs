using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Emulator.Hosting;

namespace ThreatQ.Emulator;

/// <summary>
/// Run-time fault switches of the ThreatQ emulator, changed by <c>PUT /_emulator/faults</c> (camelCase JSON merged in)
/// or directly by in-process tests. Thread-safe; random decisions come from one seeded source so runs repeat.
/// </summary>
public sealed class TqFaults
{
    private readonly object _gate = new();
    private readonly TqOptions _options;
    private Random _random = new(1);

    internal TqFaults(TqOptions options)
    {
        _options = options;
        Reset();
    }

    /// <summary>Share (0..1) of matching requests answered with one of <see cref="ErrorStatuses"/> before any work is done.</summary>
    public double ErrorRate { get; set; }

    /// <summary>Statuses for <see cref="ErrorRate"/> (picked at random) and <see cref="FailNext"/> (the first). 500 has a JSON body, 502-504 nginx's HTML page.</summary>
    public IReadOnlyList<int> ErrorStatuses { get; set; } = [500, 502, 503];

    /// <summary>The next N matching requests get the first of <see cref="ErrorStatuses"/>.</summary>
    public int FailNext { get; set; }

    /// <summary>Share (0..1) of matching requests answered 429 with <c>Retry-After</c>.</summary>
    public double ThrottleRate { get; set; }

    /// <summary>The next N matching requests are answered 429.</summary>
    public int ThrottleNext { get; set; }

    /// <summary>Seconds in the <c>Retry-After</c> header of a 429.</summary>
    public int RetryAfterSec { get; set; } = 1;

    /// <summary>Routes the error and throttle faults apply to ("METHOD /path" with * wildcards); empty = every /api route except /api/token.</summary>
    public IReadOnlyList<string> ErrorRoutes { get; set; } = [];

    /// <summary>Share (0..1) of matching requests whose connection is dropped.</summary>
    public double DropRate { get; set; }

    /// <summary>The next N matching requests have their connection dropped.</summary>
    public int DropNext { get; set; }

    /// <summary>
    /// <c>after</c> (default): the request is carried out, then the connection is reset before the answer, so the
    /// client cannot know it worked; <c>before</c>: the connection is reset and nothing is done.
    /// </summary>
    public string DropMode { get; set; } = "after";

    /// <summary>Routes the drop fault applies to; null = the same as <see cref="ErrorRoutes"/>.</summary>
    public IReadOnlyList<string>? DropRoutes { get; set; }

    /// <summary>expires_in of tokens issued from now on.</summary>
    public int TokenLifetimeSec { get; set; }

    /// <summary>A consume or create body holding an object with one of these values (or names) is rejected whole with 422.</summary>
    public IReadOnlyList<string> RejectValues { get; set; } = [];

    /// <summary>Delay before every API answer.</summary>
    public int LatencyMs { get; set; }

    /// <summary>Most objects one consume or create body may hold (413 above it); 0 = no limit. Default 500, the SDK's batch size.</summary>
    public int MaxBodyItems { get; set; }

    /// <summary>Re-seeds the random source.</summary>
    public int Seed { get; set; }

    /// <summary>Back to the start-up options, no faults.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            ErrorRate = 0;
            ErrorStatuses = [500, 502, 503];
            FailNext = 0;
            ThrottleRate = 0;
            ThrottleNext = 0;
            RetryAfterSec = 1;
            ErrorRoutes = [];
            DropRate = 0;
            DropNext = 0;
            DropMode = "after";
            DropRoutes = null;
            TokenLifetimeSec = _options.TokenLifetimeSec;
            RejectValues = [];
            LatencyMs = 0;
            MaxBodyItems = _options.MaxBodyItems;
            Seed = _options.Seed;
            _random = new Random(Seed);
        }
    }

    /// <summary>The switches as served by <c>GET /_emulator/faults</c>.</summary>
    public JsonObject ToJson()
    {
        lock (_gate)
        {
            return new JsonObject
            {
                ["errorRate"] = ErrorRate,
                ["errorStatuses"] = Array(ErrorStatuses.Select(s => (JsonNode)s)),
                ["failNext"] = FailNext,
                ["throttleRate"] = ThrottleRate,
                ["throttleNext"] = ThrottleNext,
                ["retryAfterSec"] = RetryAfterSec,
                ["errorRoutes"] = Array(ErrorRoutes.Select(s => (JsonNode)s)),
                ["dropRate"] = DropRate,
                ["dropNext"] = DropNext,
                ["dropMode"] = DropMode,
                ["dropRoutes"] = DropRoutes is null ? null : Array(DropRoutes.Select(s => (JsonNode)s)),
                ["tokenLifetimeSec"] = TokenLifetimeSec,
                ["rejectValues"] = Array(RejectValues.Select(s => (JsonNode)s)),
                ["latencyMs"] = LatencyMs,
                ["maxBodyItems"] = MaxBodyItems,
                ["seed"] = Seed,
            };
        }
    }

    /// <summary>Merges camelCase JSON into the switches; unknown names or bad values throw <see cref="ArgumentException"/> and change nothing.</summary>
    public void Apply(JsonObject changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        lock (_gate)
        {
            var copy = (TqFaults)MemberwiseClone();
            foreach (var (name, value) in changes)
            {
                switch (name)
                {
                    case "errorRate": copy.ErrorRate = Share(value, name); break;
                    case "errorStatuses":
                        var statuses = Strings(value, name).Select(s => int.TryParse(s, out var n) ? n : 0).ToArray();
                        if (statuses.Length == 0 || statuses.Any(s => s < 400 || s > 599))
                        {
                            throw new ArgumentException("errorStatuses must be a non-empty list of HTTP statuses between 400 and 599.");
                        }

                        copy.ErrorStatuses = statuses;
                        break;
                    case "failNext": copy.FailNext = Count(value, name); break;
                    case "throttleRate": copy.ThrottleRate = Share(value, name); break;
                    case "throttleNext": copy.ThrottleNext = Count(value, name); break;
                    case "retryAfterSec": copy.RetryAfterSec = Count(value, name); break;
                    case "errorRoutes": copy.ErrorRoutes = Strings(value, name); break;
                    case "dropRate": copy.DropRate = Share(value, name); break;
                    case "dropNext": copy.DropNext = Count(value, name); break;
                    case "dropMode":
                        var mode = value?.GetValue<string>();
                        if (mode is not ("after" or "before"))
                        {
                            throw new ArgumentException("dropMode must be \"after\" (do the work, then drop) or \"before\" (drop, do nothing).");
                        }

                        copy.DropMode = mode;
                        break;
                    case "dropRoutes": copy.DropRoutes = value is null ? null : Strings(value, name); break;
                    case "tokenLifetimeSec":
                        var lifetime = Count(value, name);
                        copy.TokenLifetimeSec = lifetime >= 1 ? lifetime : throw new ArgumentException("tokenLifetimeSec must be at least 1.");
                        break;
                    case "rejectValues": copy.RejectValues = Strings(value, name); break;
                    case "latencyMs": copy.LatencyMs = Count(value, name); break;
                    case "maxBodyItems": copy.MaxBodyItems = Count(value, name); break;
                    case "seed": copy.Seed = Count(value, name); copy._random = new Random(copy.Seed); break;
                    default:
                        throw new ArgumentException($"Unknown fault switch '{name}'. Known: {string.Join(", ", ToJson().Select(p => p.Key))}.");
                }
            }

            ErrorRate = copy.ErrorRate;
            ErrorStatuses = copy.ErrorStatuses;
            FailNext = copy.FailNext;
            ThrottleRate = copy.ThrottleRate;
            ThrottleNext = copy.ThrottleNext;
            RetryAfterSec = copy.RetryAfterSec;
            ErrorRoutes = copy.ErrorRoutes;
            DropRate = copy.DropRate;
            DropNext = copy.DropNext;
            DropMode = copy.DropMode;
            DropRoutes = copy.DropRoutes;
            TokenLifetimeSec = copy.TokenLifetimeSec;
            RejectValues = copy.RejectValues;
            LatencyMs = copy.LatencyMs;
            MaxBodyItems = copy.MaxBodyItems;
            Seed = copy.Seed;
            _random = copy._random;
        }
    }

    /// <summary>The fault to inject into one request, decided once when it arrives.</summary>
    internal (int ErrorStatus, bool Throttle, bool Drop) Decide(string method, string path)
    {
        lock (_gate)
        {
            int error = 0;
            var throttle = false;
            var drop = false;
            if (Matches(ErrorRoutes, method, path))
            {
                if (ThrottleNext > 0)
                {
                    ThrottleNext--;
                    throttle = true;
                }
                else if (FailNext > 0)
                {
                    FailNext--;
                    error = ErrorStatuses[0];
                }
                else if (ThrottleRate > 0 && _random.NextDouble() < ThrottleRate)
                {
                    throttle = true;
                }
                else if (ErrorRate > 0 && _random.NextDouble() < ErrorRate)
                {
                    error = ErrorStatuses[_random.Next(ErrorStatuses.Count)];
                }
            }

            if (error == 0 && !throttle && Matches(DropRoutes ?? ErrorRoutes, method, path))
            {
                if (DropNext > 0)
                {
                    DropNext--;
                    drop = true;
                }
                else if (DropRate > 0 && _random.NextDouble() < DropRate)
                {
                    drop = true;
                }
            }

            return (error, throttle, drop);
        }
    }

    internal bool IsRejected(string? value)
    {
        if (value is null)
        {
            return false;
        }

        lock (_gate)
        {
            return RejectValues.Any(r => string.Equals(r, value, StringComparison.OrdinalIgnoreCase));
        }
    }

    private static bool Matches(IReadOnlyList<string> patterns, string method, string path) => patterns.Count == 0
        ? !path.Equals("/api/token", StringComparison.OrdinalIgnoreCase)
        : RoutePatterns.AnyMatches(patterns, method, path);

    private static JsonArray Array(IEnumerable<JsonNode> items) => new(items.ToArray());

    private static double Share(JsonNode? value, string name)
    {
        var share = value is JsonValue v && v.TryGetValue<double>(out var d) ? d : -1;
        return share is >= 0 and <= 1 ? share : throw new ArgumentException($"{name} must be a number from 0 to 1.");
    }

    private static int Count(JsonNode? value, string name)
    {
        var count = value is JsonValue v && v.TryGetValue<int>(out var n) ? n : -1;
        return count >= 0 ? count : throw new ArgumentException($"{name} must be a whole number, 0 or more.");
    }

    private static string[] Strings(JsonNode? value, string name) => value is JsonArray array
        ? array.Select(n => n?.ToString() ?? string.Empty).ToArray()
        : throw new ArgumentException($"{name} must be a JSON array.");
}
