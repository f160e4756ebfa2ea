using System;

namespace FalconX.Client;

/// <summary>The retries one call has made so far: what the retry rules need to know about the past.</summary>
internal readonly struct RetryHistory
{
    public RetryHistory(int transientRetries, int rateLimitRetries, TimeSpan rateLimitWaited)
    {
        TransientRetries = transientRetries;
        RateLimitRetries = rateLimitRetries;
        RateLimitWaited = rateLimitWaited;
    }

    public int TransientRetries { get; }

    public int RateLimitRetries { get; }

    /// <summary>Time already spent waiting for the rate limit (429 waits and the shared cooldown) in this call.</summary>
    public TimeSpan RateLimitWaited { get; }
}
