using System;
using System.Collections.Generic;

namespace FalconX.Emulator;

/// <summary>
/// A sliding-window request counter like the Falcon gateway's: X-Ratelimit-Remaining counts down within the window,
/// and once the limit is reached the answer is 429 with X-Ratelimit-Retryafter = the epoch second when a slot frees.
/// It also remembers the Retry-After it handed out, to count clients that come back too early.
/// </summary>
internal sealed class RateLimiter
{
    /// <summary>Limit advertised when no limit is enforced (the value seen on real answers).</summary>
    public const int AdvertisedLimit = 6000;

    // Timer resolution on the client can wake it a few milliseconds before the second it was told; that is not "early".
    private static readonly TimeSpan EarlyTolerance = TimeSpan.FromMilliseconds(100);

    // A concurrent client may have sent a request on another connection before the 429 reached it. Within this grace
    // such requests are not counted as early; the connection that received the 429 gets no grace, so a client that
    // simply repeats the refused request at once is still caught.
    private static readonly TimeSpan InFlightGrace = TimeSpan.FromMilliseconds(250);

    private readonly object _gate = new();
    private readonly Func<DateTimeOffset> _clock;
    private readonly Queue<DateTimeOffset> _accepted = new();
    private DateTimeOffset _retryAfterGiven = DateTimeOffset.MinValue;

    // When that Retry-After was handed out. A request that arrived before this moment was already in flight and could
    // not have known about it, so it is not counted as early even if its thread reaches the lock later.
    private DateTimeOffset _retryAfterGivenAt = DateTimeOffset.MaxValue;
    private string? _retryAfterConnection;

    /// <summary>Uses <paramref name="clock"/> (the emulator's clock, which tests can move forward) for "now".</summary>
    public RateLimiter(Func<DateTimeOffset>? clock = null) => _clock = clock ?? (() => DateTimeOffset.UtcNow);

    public readonly record struct Decision(bool Allowed, int Limit, int Remaining, long RetryAfterEpochSeconds, bool Early);

    public Decision Check(DateTimeOffset now, int limitPerWindow, TimeSpan window, string? connectionId = null)
    {
        lock (_gate)
        {
            while (_accepted.Count > 0 && _accepted.Peek() <= now - window)
            {
                _accepted.Dequeue();
            }

            var early = now > _retryAfterGivenAt && now + EarlyTolerance < _retryAfterGiven &&
                (connectionId is null || connectionId == _retryAfterConnection || now > _retryAfterGivenAt + InFlightGrace);
            if (limitPerWindow <= 0)
            {
                _accepted.Enqueue(now);
                return new Decision(true, AdvertisedLimit, Math.Max(0, AdvertisedLimit - _accepted.Count), 0, early);
            }

            if (_accepted.Count >= limitPerWindow)
            {
                var frees = _accepted.Peek() + window;
                var retryAfter = (long)Math.Ceiling(frees.ToUnixTimeMilliseconds() / 1000.0);
                var retryAt = DateTimeOffset.FromUnixTimeSeconds(retryAfter);
                if (retryAt > _retryAfterGiven)
                {
                    _retryAfterGiven = retryAt;
                    _retryAfterGivenAt = _clock();
                    _retryAfterConnection = connectionId;
                }

                return new Decision(false, limitPerWindow, 0, retryAfter, early);
            }

            _accepted.Enqueue(now);
            return new Decision(true, limitPerWindow, limitPerWindow - _accepted.Count, 0, early);
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _accepted.Clear();
            _retryAfterGiven = DateTimeOffset.MinValue;
            _retryAfterGivenAt = DateTimeOffset.MaxValue;
            _retryAfterConnection = null;
        }
    }
}
