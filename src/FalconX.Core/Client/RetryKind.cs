namespace FalconX.Client;

/// <summary>Which retry budget a failed attempt draws on.</summary>
internal enum RetryKind
{
    /// <summary>Not retried: the call ends with this attempt's outcome.</summary>
    None,

    /// <summary>A network failure, a timeout or a 5xx: bounded by <see cref="FalconXClientOptions.MaxRetryAttempts"/>, with backoff.</summary>
    Transient,

    /// <summary>A 429: bounded by <see cref="FalconXClientOptions.MaxRateLimitRetries"/> and the total wait allowed for one call.</summary>
    RateLimit,
}
