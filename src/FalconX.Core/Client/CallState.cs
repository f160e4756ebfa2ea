using System;
using System.Diagnostics;

namespace FalconX.Client;

/// <summary>What one call (all its attempts) has been through so far; lives in the Polly context of that call.</summary>
internal sealed class CallState
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public CallState(ApiRequest request, bool streaming)
    {
        Request = request;
        Streaming = streaming;
        Label = $"{request.Method.Method} /{request.PathAndQuery}";
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    public ApiRequest Request { get; }

    /// <summary>True when a 2xx body is handed back as a stream instead of being parsed.</summary>
    public bool Streaming { get; }

    /// <summary>"GET /falconx/entities/reports/v1?ids=…", the prefix of every log line about this call.</summary>
    public string Label { get; }

    public int Attempts { get; set; }

    public int TransientRetries { get; set; }

    public int RateLimitRetries { get; set; }

    public TimeSpan RateLimitWaited { get; set; }

    public TimeSpan NextDelay { get; set; }

    public int Reauthentications { get; set; }

    public string? GiveUpNote { get; set; }

    public RetryHistory History => new(TransientRetries, RateLimitRetries, RateLimitWaited);
}
