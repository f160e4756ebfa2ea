using System;

namespace FalconX.Client;

/// <summary>Rate-limit headers of one answer.</summary>
internal sealed class ApiRateLimit
{
    public int? Limit { get; init; }

    public int? Remaining { get; init; }

    /// <summary><c>X-Ratelimit-Retryafter</c> (epoch seconds) or <c>Retry-After</c>, as a point in time.</summary>
    public DateTimeOffset? RetryAfter { get; init; }
}
