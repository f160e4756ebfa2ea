using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Microsoft.AspNetCore.Http;

namespace FalconX.Emulator;

/// <summary>One API call in flight: the HTTP context plus what the pipeline learnt about it (trace id, caller, timing).</summary>
internal sealed class ApiRequest
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public ApiRequest(HttpContext http, DateTimeOffset receivedAt)
    {
        Http = http;
        ReceivedAt = receivedAt;
        TraceId = Guid.NewGuid().ToString("D");
    }

    public HttpContext Http { get; }

    public DateTimeOffset ReceivedAt { get; }

    public string TraceId { get; }

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Short digest of the bearer token the caller presented (never the token itself).</summary>
    public string? TokenId { get; set; }

    /// <summary>Whether the error fault switches cover this route (see <see cref="EmulatorFaults.ErrorRoutes"/>).</summary>
    public bool ErrorFaultsApply { get; set; }

    /// <summary>Whether the dropped-connection fault covers this route (see <see cref="EmulatorFaults.DropConnectionRoutes"/>).</summary>
    public bool DropFaultsApply { get; set; }

    public string Method => Http.Request.Method;

    public string Path => Http.Request.Path.Value ?? "/";

    /// <summary>A single query value, or null when absent or empty.</summary>
    public string? Query(string name)
    {
        var values = Http.Request.Query[name];
        var first = values.Count > 0 ? values[0] : null;
        return string.IsNullOrEmpty(first) ? null : first;
    }

    /// <summary>
    /// Every value of a list parameter, accepting both encodings real clients send: repeated keys
    /// (<c>ids=a&amp;ids=b</c>, FalconPy and PSFalcon) and comma-separated values (<c>ids=a,b</c>, gofalcon).
    /// </summary>
    public IReadOnlyList<string> QueryList(string name) => Http.Request.Query[name]
        .SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .ToList();

    public bool HasQuery(string name) => Http.Request.Query.ContainsKey(name);
}
