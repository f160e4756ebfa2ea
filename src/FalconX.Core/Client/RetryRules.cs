using System;
using Polly.Timeout;

namespace FalconX.Client;

/// <summary>
/// Decides whether a failed attempt is sent again, and after how long. Pure: the outcome, the request's
/// <see cref="RetryPolicy"/>, the call's <see cref="RetryHistory"/> and the current time go in, a <see cref="RetryDecision"/>
/// comes out; no HTTP, no clock, no logging. The rules:
/// <list type="bullet">
/// <item>429: wait as long as the API asked (Retry-After or X-Ratelimit-Retryafter, never below the configured floor,
/// doubling when it said nothing), within the retry count and the total wait allowed for one call. Any request.</item>
/// <item>503: the API did not act on it, so any request is retried with backoff.</item>
/// <item>Other 5xx, 408, an unreadable 2xx, a timeout or a broken connection: retried with backoff only when the request
/// is <see cref="RetryPolicy.Safe"/>, or when the connection provably never opened (nothing was sent).</item>
/// <item>Proxy authentication and TLS failures, and everything else: never (sending again changes nothing).</item>
/// </list>
/// </summary>
internal sealed class RetryRules
{
    private static readonly TimeSpan RetryAfterMargin = TimeSpan.FromMilliseconds(25);

    private readonly FalconXClientOptions _options;
    private readonly Func<double> _jitter;

    /// <param name="options">The retry bounds and delays.</param>
    /// <param name="jitter">A number in [0, 1) per backoff; 0 gives half the exponential delay, near 1 the whole of it.</param>
    public RetryRules(FalconXClientOptions options, Func<double> jitter)
    {
        _options = options;
        _jitter = jitter;
    }

    /// <summary>After an attempt that ended with an exception (timeout, network) instead of an answer.</summary>
    public RetryDecision AfterException(Exception exception, RetryPolicy policy, RetryHistory history)
    {
        string what;
        bool provablyNotSent;
        if (exception is TimeoutRejectedException)
        {
            what = $"no answer within {DurationText.Format(_options.AttemptTimeout)}";
            provablyNotSent = false;
        }
        else if (TransportFailures.IsProxyAuthenticationFailure(exception) || TransportFailures.IsTlsFailure(exception))
        {
            // Sending again changes nothing: the proxy wants credentials, or the certificate is not trusted.
            return RetryDecision.Stop();
        }
        else if (TransportFailures.IsTransport(exception))
        {
            what = TransportFailures.Describe(exception);
            provablyNotSent = TransportFailures.IsConnectFailure(exception);
        }
        else
        {
            return RetryDecision.Stop();
        }

        if (policy != RetryPolicy.Safe && !provablyNotSent)
        {
            return RetryDecision.Stop($"not retried after '{what}': the API may have received the request, and sending it again could create a second submission.");
        }

        return Transient(history, what);
    }

    /// <summary>After an attempt that got an answer the envelope parser classified as <paramref name="failure"/>.</summary>
    public RetryDecision AfterAnswer(int status, FalconXApiException failure, RetryPolicy policy, RetryHistory history, DateTimeOffset now)
    {
        if (status == 429 && failure.Kind == FalconXErrorKind.RateLimit)
        {
            return RateLimited(failure, history, now);
        }

        if (status == 503)
        {
            return Transient(history, "HTTP 503 Service Unavailable");
        }

        var transient = status >= 500 || status == 408 || (failure.Kind == FalconXErrorKind.InvalidResponse && status >= 200 && status < 300);
        if (!transient)
        {
            return RetryDecision.Stop();
        }

        if (policy != RetryPolicy.Safe)
        {
            return RetryDecision.Stop($"not retried after HTTP {status}: the API may have acted on the request, and sending it again could create a second submission.");
        }

        return Transient(history, failure.Kind == FalconXErrorKind.InvalidResponse ? $"HTTP {status} with an unreadable body" : $"HTTP {status}");
    }

    /// <summary>The delay before transient retry number <paramref name="retry"/> (1-based): exponential, capped, jittered to 50–100 %.</summary>
    public TimeSpan Backoff(int retry)
    {
        var exponential = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, retry - 1);
        var capped = Math.Min(exponential, _options.MaxRetryDelay.TotalMilliseconds);
        var factor = 0.5 + (_jitter() * 0.5);
        return TimeSpan.FromMilliseconds(capped * factor);
    }

    private RetryDecision Transient(RetryHistory history, string what)
    {
        if (history.TransientRetries >= _options.MaxRetryAttempts)
        {
            return RetryDecision.Stop();
        }

        var retry = history.TransientRetries + 1;
        var delay = Backoff(retry);
        return RetryDecision.After(RetryKind.Transient, delay, $"{what}; retrying in {DurationText.Format(delay)} (retry {retry} of {_options.MaxRetryAttempts}).");
    }

    private RetryDecision RateLimited(FalconXApiException failure, RetryHistory history, DateTimeOffset now)
    {
        TimeSpan wait;
        if (failure.RetryAfter is DateTimeOffset retryAfter)
        {
            // At least until the moment the API named (plus a hair for timer rounding), never less than the floor.
            wait = retryAfter - now + RetryAfterMargin;
        }
        else
        {
            wait = TimeSpan.FromTicks(_options.MinimumRateLimitWait.Ticks * (1L << Math.Min(history.RateLimitRetries, 6)));
        }

        if (wait < _options.MinimumRateLimitWait)
        {
            wait = _options.MinimumRateLimitWait;
        }

        if (history.RateLimitRetries >= _options.MaxRateLimitRetries)
        {
            return RetryDecision.Stop(giveUpNote: $"rate limited {history.RateLimitRetries + 1} times in a row");
        }

        if (history.RateLimitWaited + wait > _options.MaxRateLimitWait)
        {
            return RetryDecision.Stop(giveUpNote: $"the API asked to wait {DurationText.Format(wait)} more, beyond the {DurationText.Format(_options.MaxRateLimitWait)} allowed for one call");
        }

        var retry = history.RateLimitRetries + 1;
        return RetryDecision.After(RetryKind.RateLimit, wait, $"rate limited (429); waiting {DurationText.Format(wait)} as the API asked (retry {retry} of {_options.MaxRateLimitRetries}).");
    }
}
