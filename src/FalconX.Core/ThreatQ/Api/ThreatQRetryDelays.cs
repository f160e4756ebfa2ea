using System;
using System.Diagnostics.CodeAnalysis;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Client;

namespace FalconX.ThreatQ.Api;

/// <summary>
/// How long the ThreatQ client waits before sending a call again, and the waiting itself on the options' clock: the
/// time a 429 or 503 asked for (Retry-After), or an exponential backoff (doubling from
/// <see cref="ThreatQClientOptions.RetryBaseDelay"/> up to <see cref="ThreatQClientOptions.MaxRetryDelay"/>, jittered
/// to 50–100 %). Whether to retry at all is the caller's decision.
/// </summary>
internal sealed class ThreatQRetryDelays
{
    private readonly ThreatQClientOptions _options;
    private readonly Func<double> _jitter;

    /// <param name="options">The delays and the clock.</param>
    /// <param name="jitter">A number in [0, 1) per backoff (default: random); 0 gives half the exponential delay, near 1 the whole of it.</param>
    internal ThreatQRetryDelays(ThreatQClientOptions options, Func<double>? jitter = null)
    {
        _options = options;
        _jitter = jitter ?? RandomJitter();
    }

    /// <summary>The delay before retry number <paramref name="retry"/> (1-based): exponential, capped, jittered.</summary>
    internal TimeSpan Backoff(int retry)
    {
        var exponential = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 16) - 1);
        var capped = Math.Min(exponential, _options.MaxRetryDelay.TotalMilliseconds);
        var factor = 0.5 + (_jitter() * 0.5);
        return TimeSpan.FromMilliseconds(capped * factor);
    }

    /// <summary>How long the answer asked to wait (Retry-After as seconds or a date; never negative), or null when it did not say.</summary>
    internal TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var headers = EnvelopeParser.ReadHeaders(response);
        var now = _options.TimeProvider.GetUtcNow();
        var rate = EnvelopeParser.ReadRateLimit(headers, now);
        if (rate.RetryAfter is DateTimeOffset at)
        {
            var wait = at - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>Logs why, then waits <paramref name="wait"/> on the options' clock.</summary>
    internal async Task DelayAsync(TimeSpan wait, string why, CancellationToken cancellationToken)
    {
        _options.Log(FalconXLogLevel.Verbose, $"{why}; retrying in {DurationText.Format(wait)}.");
        if (wait > TimeSpan.Zero)
        {
            await _options.TimeProvider.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    [SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Retry jitter only spreads retries of many clients over time; nothing depends on it being unpredictable.")]
    private static Func<double> RandomJitter()
    {
        var random = new Random();
        return () =>
        {
            lock (random)
            {
                return random.NextDouble();
            }
        };
    }
}
