using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using Emulator.Hosting;

namespace FalconX.Emulator;

/// <summary>One API request as the emulator saw it. <see cref="TokenId"/> is a short digest of the bearer, never the token.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, int Status, DateTimeOffset At, long BytesIn, string? TokenId);

/// <summary>What the emulator received, for assertions such as "no duplicate submission" or "no request before Retry-After".</summary>
public sealed class EmulatorStats
{
    /// <summary>Recorded requests kept, oldest dropped first, so a soak run cannot exhaust memory.</summary>
    public const int MaxRecordedRequests = 100_000;

    private readonly RequestLog<RecordedRequest> _log = new(MaxRecordedRequests);
    private readonly KeyedCounter _faultsByKind = new();
    private int _started;
    private int _inFlight;
    private int _tokenRequests;
    private int _revokes;
    private int _uploads;
    private int _submissions;
    private int _duplicateSubmissions;
    private int _rateLimited;
    private int _earlyAfterRetryAfter;
    private int _faultsInjected;

    /// <summary>API requests received (admin endpoints excluded).</summary>
    public int Requests => _log.Count;

    /// <summary>
    /// API requests that have reached the emulator, answered or not. A test waits on this (or <see cref="InFlight"/>)
    /// to know a request is on the wire before it cancels it, instead of sleeping.
    /// </summary>
    public int Started => Volatile.Read(ref _started);

    /// <summary>API requests received and not yet answered or abandoned (e.g. held by <c>latencyMs</c>).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Calls to POST /oauth2/token, successful or not.</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    public int Revokes => Volatile.Read(ref _revokes);

    /// <summary>Successful sample uploads.</summary>
    public int Uploads => Volatile.Read(ref _uploads);

    /// <summary>Successful submissions.</summary>
    public int Submissions => Volatile.Read(ref _submissions);

    /// <summary>Successful submissions of a (sha256 or url, environment_id) pair that had already been submitted.</summary>
    public int DuplicateSubmissions => Volatile.Read(ref _duplicateSubmissions);

    /// <summary>Requests answered 429 by the rate limiter (quota 429s are not counted here).</summary>
    public int RateLimited => Volatile.Read(ref _rateLimited);

    /// <summary>Requests that arrived before the X-Ratelimit-Retryafter time the emulator had handed out.</summary>
    public int EarlyAfterRetryAfter => Volatile.Read(ref _earlyAfterRetryAfter);

    /// <summary>Answers changed by a fault switch (5xx, HTML page, truncated body, dropped connection).</summary>
    public int FaultsInjected => Volatile.Read(ref _faultsInjected);

    /// <summary>
    /// <see cref="FaultsInjected"/> by kind: <c>error</c> (a status from errorRate or failNextRequests), <c>html</c>,
    /// <c>truncated</c>, <c>dropped</c> and <c>canned</c>.
    /// </summary>
    public IReadOnlyDictionary<string, int> FaultsByKind => _faultsByKind.Snapshot;

    /// <summary>Requests per route key, e.g. "GET /falconx/entities/submissions/v1".</summary>
    public IReadOnlyDictionary<string, int> ByRoute => _log.ByRoute.Snapshot;

    /// <summary>The recorded requests, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> RecordedRequests => _log.Recorded;

    /// <summary>Requests seen on one route key.</summary>
    public int CountFor(string routeKey) => _log.ByRoute[routeKey];

    internal void Record(string routeKey, RecordedRequest request) => _log.Record(routeKey, request);

    internal void RequestStarted()
    {
        Interlocked.Increment(ref _started);
        Interlocked.Increment(ref _inFlight);
    }

    internal void RequestEnded() => Interlocked.Decrement(ref _inFlight);

    internal void TokenRequested() => Interlocked.Increment(ref _tokenRequests);

    internal void Revoked() => Interlocked.Increment(ref _revokes);

    internal void Uploaded() => Interlocked.Increment(ref _uploads);

    internal void Submitted(bool duplicate)
    {
        Interlocked.Increment(ref _submissions);
        if (duplicate)
        {
            Interlocked.Increment(ref _duplicateSubmissions);
        }
    }

    internal void RateLimitHit() => Interlocked.Increment(ref _rateLimited);

    internal void EarlyRetry() => Interlocked.Increment(ref _earlyAfterRetryAfter);

    internal void FaultInjected(string kind)
    {
        Interlocked.Increment(ref _faultsInjected);
        _faultsByKind.Increment(kind);
    }

    internal void Reset()
    {
        _log.Clear();
        _faultsByKind.Clear();
        // In-flight requests are still in flight after a reset; only the history is forgotten.
        _started = Volatile.Read(ref _inFlight);
        _tokenRequests = _revokes = _uploads = _submissions = 0;
        _duplicateSubmissions = _rateLimited = _earlyAfterRetryAfter = _faultsInjected = 0;
    }

    /// <summary>The counters as served by <c>GET /_emulator/stats</c>.</summary>
    public JsonObject ToJson() => new()
    {
        ["requests"] = Requests,
        ["started"] = Started,
        ["inFlight"] = InFlight,
        ["tokenRequests"] = TokenRequests,
        ["revokes"] = Revokes,
        ["uploads"] = Uploads,
        ["submissions"] = Submissions,
        ["duplicateSubmissions"] = DuplicateSubmissions,
        ["rateLimited"] = RateLimited,
        ["earlyAfterRetryAfter"] = EarlyAfterRetryAfter,
        ["faultsInjected"] = FaultsInjected,
        ["faultsByKind"] = _faultsByKind.ToJson(),
        ["byRoute"] = _log.ByRoute.ToJson(),
    };

    internal JsonArray RequestsToJson() => new(RecordedRequests.Select(r => (JsonNode)new JsonObject
    {
        ["method"] = r.Method,
        ["path"] = r.Path,
        ["query"] = r.Query,
        ["status"] = r.Status,
        ["at"] = r.At.ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", System.Globalization.CultureInfo.InvariantCulture),
        ["bytesIn"] = r.BytesIn,
        ["tokenId"] = r.TokenId,
    }).ToArray());
}
