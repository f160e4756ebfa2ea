namespace FalconX.Client;

/// <summary>When a failed attempt may be sent again.</summary>
internal enum RetryPolicy
{
    /// <summary>
    /// Repeating the request cannot change anything (GET, DELETE by id, the token request, POST queries): retried
    /// after 5xx, dropped connections, attempt timeouts, garbled answers and 429.
    /// </summary>
    Safe,

    /// <summary>
    /// The request creates something or spends quota (a submission): retried only when the API provably did not act
    /// on it — the connection was refused or the host not found, or it answered 429 (rate limited) or 503. Never
    /// after a timeout, a dropped connection, a 500/502/504 or a garbled 2xx, because the API may have acted.
    /// </summary>
    OnlyIfNotSent,
}
