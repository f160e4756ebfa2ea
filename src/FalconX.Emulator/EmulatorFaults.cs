using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Emulator.Hosting;

namespace FalconX.Emulator;

/// <summary>
/// The run-time switches of the emulator: fault injection and the settings a test may change while it runs.
/// Every member is safe to use from many threads; <c>PUT /_emulator/faults</c> merges JSON into the same object.
/// </summary>
public sealed class EmulatorFaults
{
    private static readonly int[] DefaultErrorStatuses = [500, 502, 503];

    private readonly object _gate = new();
    private readonly EmulatorOptions _options;
    private Random _random;
    private int _seed;
    private int _tokenLifetimeSec;
    private int _rateLimitPerMinute;
    private int _rateLimitWindowSec;
    private double _errorRate;
    private int[] _errorStatuses = DefaultErrorStatuses;
    private string[] _errorRoutes = [];
    private string[]? _dropConnectionRoutes;
    private int _latencyMs;
    private double _dropConnectionRate;
    private double _htmlErrorRate;
    private double _truncatedJsonRate;
    private int _quotaTotal;
    private int _quotaUsed;
    private int _submissionDelayMs;
    private string? _region;
    private string? _tokenRedirectRegion;
    private bool _ipBlocked;
    private string _reportShape = "2026";
    private string[]? _scopes;
    private int _failNextRequests;

    internal EmulatorFaults(EmulatorOptions options)
    {
        _options = options;
        _random = new Random(options.Seed);
        Reset();
    }

    /// <summary>expires_in of tokens issued from now on.</summary>
    public int TokenLifetimeSec { get => Read(() => _tokenLifetimeSec); set => Write(() => _tokenLifetimeSec = Positive(value, nameof(TokenLifetimeSec))); }

    /// <summary>Requests per sliding minute before 429 with X-Ratelimit-Retryafter; 0 = off.</summary>
    public int RateLimitPerMinute { get => Read(() => _rateLimitPerMinute); set => Write(() => _rateLimitPerMinute = NonNegative(value, nameof(RateLimitPerMinute))); }

    /// <summary>Length of the sliding rate-limit window; 60 like the real gateway, shorter in tests so Retry-After waits stay short.</summary>
    public int RateLimitWindowSec { get => Read(() => _rateLimitWindowSec); set => Write(() => _rateLimitWindowSec = Positive(value, nameof(RateLimitWindowSec))); }

    /// <summary>Share (0..1) of matching requests answered with one of <see cref="ErrorStatuses"/>.</summary>
    public double ErrorRate { get => Read(() => _errorRate); set => Write(() => _errorRate = Share(value, nameof(ErrorRate))); }

    /// <summary>Statuses used by <see cref="ErrorRate"/> (picked at random) and <see cref="FailNextRequests"/> (the first).</summary>
    public IReadOnlyList<int> ErrorStatuses
    {
        get => Read(() => (IReadOnlyList<int>)_errorStatuses.ToArray());
        set => Write(() =>
        {
            if (value is null || value.Count == 0 || value.Any(s => s < 400 || s > 599))
            {
                throw new ArgumentException("errorStatuses must be a non-empty list of HTTP statuses between 400 and 599.");
            }

            _errorStatuses = value.ToArray();
        });
    }

    /// <summary>Routes the error faults apply to, as "METHOD /path" with * wildcards (e.g. "GET *"); empty = every API route except /oauth2.</summary>
    public IReadOnlyList<string> ErrorRoutes { get => Read(() => (IReadOnlyList<string>)_errorRoutes.ToArray()); set => Write(() => _errorRoutes = (value ?? []).ToArray()); }

    /// <summary>Delay added before every API answer.</summary>
    public int LatencyMs { get => Read(() => _latencyMs); set => Write(() => _latencyMs = NonNegative(value, nameof(LatencyMs))); }

    /// <summary>
    /// Routes the dropped-connection fault applies to, in the same form as <see cref="ErrorRoutes"/>; null (the default)
    /// = the same routes as the error faults. Lets a test drop answers of every route while 5xx go to GETs only.
    /// </summary>
    public IReadOnlyList<string>? DropConnectionRoutes { get => Read(() => (IReadOnlyList<string>?)_dropConnectionRoutes?.ToArray()); set => Write(() => _dropConnectionRoutes = value?.ToArray()); }

    /// <summary>Share (0..1) of matching answers cut off mid-body by aborting the connection.</summary>
    public double DropConnectionRate { get => Read(() => _dropConnectionRate); set => Write(() => _dropConnectionRate = Share(value, nameof(DropConnectionRate))); }

    /// <summary>Share (0..1) of matching requests answered with a 502 text/html page, as a proxy in front of the API would send.</summary>
    public double HtmlErrorRate { get => Read(() => _htmlErrorRate); set => Write(() => _htmlErrorRate = Share(value, nameof(HtmlErrorRate))); }

    /// <summary>Share (0..1) of matching JSON answers whose body is cut in half (with a matching Content-Length).</summary>
    public double TruncatedJsonRate { get => Read(() => _truncatedJsonRate); set => Write(() => _truncatedJsonRate = Share(value, nameof(TruncatedJsonRate))); }

    public int QuotaTotal { get => Read(() => _quotaTotal); set => Write(() => _quotaTotal = NonNegative(value, nameof(QuotaTotal))); }

    /// <summary>Successful submissions counted against <see cref="QuotaTotal"/>; each new submission adds one.</summary>
    public int QuotaUsed { get => Read(() => _quotaUsed); set => Write(() => _quotaUsed = NonNegative(value, nameof(QuotaUsed))); }

    /// <summary>Time from created to finished for submissions made from now on.</summary>
    public int SubmissionDelayMs { get => Read(() => _submissionDelayMs); set => Write(() => _submissionDelayMs = NonNegative(value, nameof(SubmissionDelayMs))); }

    /// <summary>X-Cs-Region on the token answer; null or empty = no header.</summary>
    public string? Region { get => Read(() => _region); set => Write(() => _region = string.IsNullOrEmpty(value) ? null : value); }

    /// <summary>
    /// The tenant's "home" region (us-1, us-2, eu-1, us-gov-1, us-gov-2) when this emulator plays another cloud: the
    /// token route then answers 308 with <c>Location</c> on the home cloud's API host and <c>X-Cs-Region</c>, empty body,
    /// as the real API does for a client created in another cloud. Null = off.
    /// </summary>
    public string? TokenRedirectRegion
    {
        get => Read(() => _tokenRedirectRegion);
        set => Write(() => _tokenRedirectRegion = string.IsNullOrEmpty(value) ? null : RegionHosts.Check(value!));
    }

    /// <summary>Report schema of submissions made from now on: "2023" (with malquery) or "2026" (today's API).</summary>
    public string ReportShape { get => Read(() => _reportShape); set => Write(() => _reportShape = EmulatorOptions.CheckReportShape(value)); }

    /// <summary>The caller's address is not on the tenant's IP allow-list: token requests get 403 "access denied, authorization failed".</summary>
    public bool IpBlocked { get => Read(() => _ipBlocked); set => Write(() => _ipBlocked = value); }

    /// <summary>
    /// The API client's scopes (e.g. "falconx-sandbox:read"); null = every scope. A route whose scope is missing answers
    /// 403 "access denied, authorization failed", as the real API does.
    /// </summary>
    public IReadOnlyList<string>? Scopes { get => Read(() => (IReadOnlyList<string>?)_scopes?.ToArray()); set => Write(() => _scopes = value?.ToArray()); }

    /// <summary>Whether the API client holds <paramref name="scope"/>.</summary>
    internal bool HasScope(string scope)
    {
        var scopes = Read(() => _scopes);
        return scopes is null || scopes.Contains(scope, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The next N matching API requests are answered with the first of <see cref="ErrorStatuses"/>.</summary>
    public int FailNextRequests { get => Read(() => _failNextRequests); set => Write(() => _failNextRequests = NonNegative(value, nameof(FailNextRequests))); }

    /// <summary>Re-seeds the random source behind every rate-based fault.</summary>
    public int Seed { get => Read(() => _seed); set => Write(() => { _seed = value; _random = new Random(value); }); }

    /// <summary>Back to the start-up options: no faults, quota used 0.</summary>
    public void Reset() => Write(() =>
    {
        _seed = _options.Seed;
        _random = new Random(_options.Seed);
        _tokenLifetimeSec = _options.TokenLifetimeSec;
        _rateLimitPerMinute = _options.RateLimitPerMinute;
        _rateLimitWindowSec = 60;
        _errorRate = 0;
        _errorStatuses = DefaultErrorStatuses;
        _errorRoutes = [];
        _dropConnectionRoutes = null;
        _latencyMs = 0;
        _dropConnectionRate = 0;
        _htmlErrorRate = 0;
        _truncatedJsonRate = 0;
        _quotaTotal = _options.QuotaTotal;
        _quotaUsed = 0;
        _submissionDelayMs = _options.SubmissionDelayMs;
        _region = _options.Region;
        _tokenRedirectRegion = _options.TokenRedirectRegion;
        _ipBlocked = false;
        _reportShape = _options.ReportShape;
        _scopes = _options.Scopes?.ToArray();
        _failNextRequests = 0;
    });

    /// <summary>The current switches as the camelCase JSON served by <c>GET /_emulator/faults</c>.</summary>
    public JsonObject ToJson() => Read(() => new JsonObject
    {
        ["tokenLifetimeSec"] = _tokenLifetimeSec,
        ["rateLimitPerMinute"] = _rateLimitPerMinute,
        ["rateLimitWindowSec"] = _rateLimitWindowSec,
        ["errorRate"] = _errorRate,
        ["errorStatuses"] = new JsonArray(_errorStatuses.Select(s => (JsonNode)s).ToArray()),
        ["errorRoutes"] = new JsonArray(_errorRoutes.Select(s => (JsonNode)s).ToArray()),
        ["latencyMs"] = _latencyMs,
        ["dropConnectionRate"] = _dropConnectionRate,
        ["dropConnectionRoutes"] = _dropConnectionRoutes is null ? null : new JsonArray(_dropConnectionRoutes.Select(s => (JsonNode)s).ToArray()),
        ["htmlErrorRate"] = _htmlErrorRate,
        ["truncatedJsonRate"] = _truncatedJsonRate,
        ["quotaTotal"] = _quotaTotal,
        ["quotaUsed"] = _quotaUsed,
        ["submissionDelayMs"] = _submissionDelayMs,
        ["region"] = _region,
        ["tokenRedirectRegion"] = _tokenRedirectRegion,
        ["ipBlocked"] = _ipBlocked,
        ["reportShape"] = _reportShape,
        ["scopes"] = _scopes is null ? null : new JsonArray(_scopes.Select(s => (JsonNode)s).ToArray()),
        ["failNextRequests"] = _failNextRequests,
        ["seed"] = _seed,
    });

    /// <summary>
    /// Merges a camelCase JSON object into the switches (names as in <see cref="ToJson"/>). All values are checked
    /// before any is applied, so a bad document changes nothing. Throws <see cref="ArgumentException"/> naming the bad field.
    /// </summary>
    public void Apply(JsonObject changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var staged = new List<Action>();
        foreach (var (name, value) in changes)
        {
            try
            {
                staged.Add(Stage(name, value));
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or JsonException)
            {
                throw new ArgumentException($"Fault '{name}' has a value of the wrong type: {ex.Message}");
            }
        }

        lock (_gate)
        {
            var backup = ToJson();
            try
            {
                foreach (var apply in staged)
                {
                    apply();
                }
            }
            catch
            {
                // Restore: one bad value must not leave half of the document applied.
                foreach (var apply in backup.Select(p => Stage(p.Key, p.Value)).ToList())
                {
                    apply();
                }

                throw;
            }
        }
    }

    private Action Stage(string name, JsonNode? value)
    {
        return name switch
        {
            "tokenLifetimeSec" => Int(v => TokenLifetimeSec = v),
            "rateLimitPerMinute" => Int(v => RateLimitPerMinute = v),
            "rateLimitWindowSec" => Int(v => RateLimitWindowSec = v),
            "errorRate" => Dbl(v => ErrorRate = v),
            "errorStatuses" => Ints(v => ErrorStatuses = v),
            "errorRoutes" => Strings(v => ErrorRoutes = v),
            "latencyMs" => Int(v => LatencyMs = v),
            "dropConnectionRate" => Dbl(v => DropConnectionRate = v),
            "dropConnectionRoutes" => NullableStrings(v => DropConnectionRoutes = v),
            "htmlErrorRate" => Dbl(v => HtmlErrorRate = v),
            "truncatedJsonRate" => Dbl(v => TruncatedJsonRate = v),
            "quotaTotal" => Int(v => QuotaTotal = v),
            "quotaUsed" => Int(v => QuotaUsed = v),
            "submissionDelayMs" => Int(v => SubmissionDelayMs = v),
            "region" => Str(v => Region = v),
            "tokenRedirectRegion" => Str(v => TokenRedirectRegion = v),
            "ipBlocked" => Bool(v => IpBlocked = v),
            "reportShape" => Str(v => ReportShape = v ?? "2026"),
            "scopes" => NullableStrings(v => Scopes = v),
            "failNextRequests" => Int(v => FailNextRequests = v),
            "seed" => Int(v => Seed = v),
            _ => throw new ArgumentException($"Unknown fault '{name}'. Known faults: tokenLifetimeSec, rateLimitPerMinute, rateLimitWindowSec, errorRate, errorStatuses, errorRoutes, latencyMs, dropConnectionRate, dropConnectionRoutes, htmlErrorRate, truncatedJsonRate, quotaTotal, quotaUsed, submissionDelayMs, region, tokenRedirectRegion, ipBlocked, scopes, reportShape, failNextRequests, seed."),
        };

        Action Int(Action<int> set)
        {
            var v = value?.GetValue<int>() ?? throw new ArgumentException($"Fault '{name}' needs a number.");
            return () => set(v);
        }

        Action Dbl(Action<double> set)
        {
            var v = value?.GetValue<double>() ?? throw new ArgumentException($"Fault '{name}' needs a number.");
            return () => set(v);
        }

        Action Bool(Action<bool> set)
        {
            var v = value?.GetValue<bool>() ?? throw new ArgumentException($"Fault '{name}' needs true or false.");
            return () => set(v);
        }

        Action Str(Action<string?> set)
        {
            var v = value?.GetValue<string>();
            return () => set(v);
        }

        Action Ints(Action<int[]> set)
        {
            var v = (value as JsonArray ?? throw new ArgumentException($"Fault '{name}' needs an array of numbers."))
                .Select(n => n?.GetValue<int>() ?? 0).ToArray();
            return () => set(v);
        }

        Action NullableStrings(Action<string[]?> set)
        {
            var v = value is null ? null : (value as JsonArray ?? throw new ArgumentException($"Fault '{name}' needs an array of strings, or null."))
                .Select(n => n?.GetValue<string>() ?? string.Empty).ToArray();
            return () => set(v);
        }

        Action Strings(Action<string[]> set)
        {
            var v = value is null ? [] : (value as JsonArray ?? throw new ArgumentException($"Fault '{name}' needs an array of strings."))
                .Select(n => n?.GetValue<string>() ?? string.Empty).ToArray();
            return () => set(v);
        }
    }

    /// <summary>True with the given probability, drawn from the seeded source.</summary>
    internal bool Roll(double share)
    {
        if (share <= 0)
        {
            return false;
        }

        lock (_gate)
        {
            return _random.NextDouble() < share;
        }
    }

    internal int PickErrorStatus()
    {
        lock (_gate)
        {
            return _errorStatuses[_random.Next(_errorStatuses.Length)];
        }
    }

    /// <summary>Takes one request off <see cref="FailNextRequests"/>; returns the status to fail it with, or 0.</summary>
    internal int TryConsumeFailNext()
    {
        lock (_gate)
        {
            if (_failNextRequests <= 0)
            {
                return 0;
            }

            _failNextRequests--;
            return _errorStatuses[0];
        }
    }

    /// <summary>Reserves one unit of quota; false when it is exhausted.</summary>
    internal bool TryUseQuota(out int total, out int used)
    {
        lock (_gate)
        {
            total = _quotaTotal;
            if (_quotaUsed >= _quotaTotal)
            {
                used = _quotaUsed;
                return false;
            }

            used = ++_quotaUsed;
            return true;
        }
    }

    /// <summary>Whether the error faults apply to a route key such as "GET /falconx/entities/reports/v1".</summary>
    internal bool MatchesErrorRoute(string method, string path)
    {
        string[] routes;
        lock (_gate)
        {
            routes = _errorRoutes;
        }

        return Matches(routes, method, path);
    }

    /// <summary>Whether the dropped-connection fault applies to a route key (its own routes, else the error routes).</summary>
    internal bool MatchesDropRoute(string method, string path)
    {
        string[] routes;
        lock (_gate)
        {
            routes = _dropConnectionRoutes ?? _errorRoutes;
        }

        return Matches(routes, method, path);
    }

    private static bool Matches(string[] routes, string method, string path) => routes.Length == 0
        ? !path.StartsWith("/oauth2/", StringComparison.OrdinalIgnoreCase)
        : RoutePatterns.AnyMatches(routes.Select(pattern => pattern.Trim()), method, path);

    private T Read<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    private void Write(Action write)
    {
        lock (_gate)
        {
            write();
        }
    }

    private static int Positive(int value, string name) =>
        value > 0 ? value : throw new ArgumentException($"{ToCamel(name)} must be greater than 0.");

    private static int NonNegative(int value, string name) =>
        value >= 0 ? value : throw new ArgumentException($"{ToCamel(name)} must be 0 or more.");

    private static double Share(double value, string name) =>
        value is >= 0 and <= 1 ? value : throw new ArgumentException($"{ToCamel(name)} must be between 0 and 1.");

    private static string ToCamel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
