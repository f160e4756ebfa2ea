using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using Emulator.Hosting;

namespace ThreatQ.Emulator;

/// <summary>One API request as the emulator saw it; <see cref="TokenId"/> is a short digest of the bearer, never the token.</summary>
public sealed record TqRecordedRequest(string Method, string Path, string Route, string Query, int Status, DateTimeOffset At, long BytesIn, string? TokenId, string? Fault);

/// <summary>Counters and recorded requests, for assertions such as "a re-run created nothing" or "no request before Retry-After".</summary>
public sealed class TqStats
{
    /// <summary>Recorded requests kept, oldest dropped first.</summary>
    public const int MaxRecordedRequests = 100_000;

    private readonly RequestLog<TqRecordedRequest> _log = new(MaxRecordedRequests);
    private readonly KeyedCounter _faults = new();
    private int _tokenRequests;
    private int _tokensIssued;
    private int _unauthorized;
    private int _consumeItems;
    private int _created;
    private int _updated;
    private int _unchanged;
    private int _relationsCreated;
    private int _rejectedBodies;
    private int _uploads;
    private int _downloads;
    private int _earlyRetries;

    /// <summary>API requests received (admin routes excluded).</summary>
    public int Requests => _log.Count;

    /// <summary>Calls to POST /api/token, successful or not.</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>Access tokens handed out.</summary>
    public int TokensIssued => Volatile.Read(ref _tokensIssued);

    /// <summary>API requests answered 401 (no, unknown or expired bearer).</summary>
    public int Unauthorized => Volatile.Read(ref _unauthorized);

    /// <summary>Objects received in consume bodies that were stored (rejected bodies excluded).</summary>
    public int ConsumeItems => Volatile.Read(ref _consumeItems);

    /// <summary>Objects created (consume, create, upload).</summary>
    public int Created => Volatile.Read(ref _created);

    /// <summary>Existing objects that a write changed (new attribute, source, tag, relation, status...).</summary>
    public int Updated => Volatile.Read(ref _updated);

    /// <summary>Existing objects that a write left exactly as they were (an idempotent re-send).</summary>
    public int Unchanged => Volatile.Read(ref _unchanged);

    /// <summary>New relationships (links between two objects).</summary>
    public int RelationsCreated => Volatile.Read(ref _relationsCreated);

    /// <summary>Write bodies rejected whole with 422 because of a bad item.</summary>
    public int RejectedBodies => Volatile.Read(ref _rejectedBodies);

    /// <summary>Attachment files stored.</summary>
    public int Uploads => Volatile.Read(ref _uploads);

    /// <summary>Attachment downloads answered.</summary>
    public int Downloads => Volatile.Read(ref _downloads);

    /// <summary>Requests that arrived before the Retry-After time of a 429 the emulator had sent.</summary>
    public int EarlyRetries => Volatile.Read(ref _earlyRetries);

    /// <summary>Injected faults by kind: error, throttle, drop.</summary>
    public IReadOnlyDictionary<string, int> Faults => _faults.Snapshot;

    /// <summary>Requests per route template, e.g. "POST /api/indicators/consume" or "GET /api/indicators/{id}".</summary>
    public IReadOnlyDictionary<string, int> ByRoute => _log.ByRoute.Snapshot;

    public IReadOnlyList<TqRecordedRequest> RecordedRequests => _log.Recorded;

    public int CountFor(string route) => _log.ByRoute[route];

    internal void Record(TqRecordedRequest request)
    {
        if (request.Fault is not null)
        {
            _faults.Increment(request.Fault);
        }

        _log.Record(request.Route, request);
    }

    internal void TokenRequested() => Interlocked.Increment(ref _tokenRequests);

    internal void TokenIssued() => Interlocked.Increment(ref _tokensIssued);

    internal void Denied() => Interlocked.Increment(ref _unauthorized);

    internal void Consumed(int items) => Interlocked.Add(ref _consumeItems, items);

    internal void Wrote(TqWriteOutcome outcome)
    {
        switch (outcome)
        {
            case TqWriteOutcome.Created: Interlocked.Increment(ref _created); break;
            case TqWriteOutcome.Updated: Interlocked.Increment(ref _updated); break;
            default: Interlocked.Increment(ref _unchanged); break;
        }
    }

    internal void Related() => Interlocked.Increment(ref _relationsCreated);

    internal void Rejected() => Interlocked.Increment(ref _rejectedBodies);

    internal void Uploaded() => Interlocked.Increment(ref _uploads);

    internal void Downloaded() => Interlocked.Increment(ref _downloads);

    internal void EarlyRetry() => Interlocked.Increment(ref _earlyRetries);

    internal void Reset()
    {
        _log.Clear();
        _faults.Clear();
        _tokenRequests = _tokensIssued = _unauthorized = _consumeItems = 0;
        _created = _updated = _unchanged = _relationsCreated = _rejectedBodies = _uploads = _downloads = _earlyRetries = 0;
    }

    /// <summary>The counters as served by <c>GET /_emulator/stats</c>.</summary>
    public JsonObject ToJson() => new()
    {
        ["requests"] = Requests,
        ["tokenRequests"] = TokenRequests,
        ["tokensIssued"] = TokensIssued,
        ["unauthorized"] = Unauthorized,
        ["consumeItems"] = ConsumeItems,
        ["created"] = Created,
        ["updated"] = Updated,
        ["unchanged"] = Unchanged,
        ["relationsCreated"] = RelationsCreated,
        ["rejectedBodies"] = RejectedBodies,
        ["uploads"] = Uploads,
        ["downloads"] = Downloads,
        ["earlyRetries"] = EarlyRetries,
        ["faults"] = _faults.ToJson(),
        ["byRoute"] = _log.ByRoute.ToJson(),
    };

    internal JsonArray RequestsToJson() => new(RecordedRequests.Select(r => (JsonNode)new JsonObject
    {
        ["method"] = r.Method,
        ["path"] = r.Path,
        ["route"] = r.Route,
        ["query"] = r.Query,
        ["status"] = r.Status,
        ["at"] = r.At.ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", CultureInfo.InvariantCulture),
        ["bytesIn"] = r.BytesIn,
        ["tokenId"] = r.TokenId,
        ["fault"] = r.Fault,
    }).ToArray());
}

/// <summary>What one write did to one object.</summary>
public enum TqWriteOutcome
{
    Created,
    Updated,
    Unchanged,
}
