namespace FalconX.Client;

/// <summary>What went wrong, in the terms a caller acts on.</summary>
public enum FalconXErrorKind
{
    /// <summary>The API refused the credentials or the token (401/403), or the client lacks a scope.</summary>
    Authentication,

    /// <summary>Rate limited (429) for longer than the client was allowed to wait.</summary>
    RateLimit,

    /// <summary>The sandbox submission quota is used up.</summary>
    QuotaExhausted,

    /// <summary>The object does not exist (404).</summary>
    NotFound,

    /// <summary>The API rejected the request as malformed or not allowed (400, 409, 413, 415, 422...).</summary>
    InvalidRequest,

    /// <summary>The API failed (5xx) and retries did not help, or retrying was not safe.</summary>
    Server,

    /// <summary>The API could not be reached or the connection broke (DNS, refused, reset, TLS, proxy).</summary>
    Transport,

    /// <summary>No answer in time (per attempt or for the whole call).</summary>
    Timeout,

    /// <summary>The answer was not what the API sends: not JSON, truncated, an unexpected redirect.</summary>
    InvalidResponse,

    /// <summary>A proxy between this machine and the API asks for credentials (HTTP 407).</summary>
    ProxyAuthentication,
}
