using System;
using System.Threading;
using System.Threading.Tasks;

namespace FalconX.Client;

/// <summary>
/// Rate-limit discipline shared by every call of one client. Two rules:
/// <list type="number">
/// <item>After a 429 says "not before T", nothing is sent before T.</item>
/// <item>Requests in flight never exceed the budget the API last reported in <c>X-Ratelimit-Remaining</c>; with no
/// budget left, one request at a time goes out to learn the reset time. So a parallel burst at the limit does not
/// send requests while a 429 is on its way back (they would all arrive before the Retry-After they are about to be told).</item>
/// </list>
/// With the real API's budget of 6000 a minute the second rule never holds anything back.
/// </summary>
internal sealed class RateLimitGate
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private readonly object _sync = new();
    private int _remaining = -1;
    private int _inFlight;
    private long _notBeforeTicks;
    private readonly TimeProvider _time;

    public RateLimitGate(TimeProvider time) => _time = time;

    /// <summary>The earliest time the next request may go out (UTC), or null when there is no cooldown.</summary>
    public DateTimeOffset? NotBefore
    {
        get
        {
            var ticks = Interlocked.Read(ref _notBeforeTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Moves the cooldown out to <paramref name="until"/> (never earlier than it already is).</summary>
    public void Block(DateTimeOffset until)
    {
        var ticks = until.UtcTicks;
        while (true)
        {
            var current = Interlocked.Read(ref _notBeforeTicks);
            if (current >= ticks || Interlocked.CompareExchange(ref _notBeforeTicks, ticks, current) == current)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Records the budget an answer reported; call it while the answering request still holds its place. Answers can
    /// arrive out of order, so while other requests are in flight only a lower figure is believed; the figure of a
    /// request that was alone in flight is taken as it is (it is the freshest there can be).
    /// </summary>
    public void Observe(int? remaining)
    {
        if (remaining is int value)
        {
            lock (_sync)
            {
                _remaining = _remaining < 0 || _inFlight <= 1 ? value : Math.Min(_remaining, value);
            }
        }
    }

    /// <summary>
    /// Waits until a request may be sent and takes a place in flight; dispose the result when the answer is in.
    /// Returns null at once when the cooldown would last longer than <paramref name="maxCooldown"/>.
    /// </summary>
    public async Task<IDisposable?> EnterAsync(TimeSpan maxCooldown, Action<TimeSpan> waited, CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = NotBefore is DateTimeOffset notBefore ? notBefore - _time.GetUtcNow() : TimeSpan.Zero;

            // Timers tick in whole milliseconds: a wait of a few microseconds would end at once, again and again,
            // without the clock moving past the cooldown (seen on a fake clock), so wait at least up to the next one.
            wait = TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds));
            if (wait > TimeSpan.Zero)
            {
                if (wait > maxCooldown)
                {
                    return null;
                }

                await _time.Delay(wait, cancellationToken).ConfigureAwait(false);
                maxCooldown -= wait;
                waited(wait);
                continue;
            }

            lock (_sync)
            {
                var coolingDown = NotBefore is DateTimeOffset again && again > _time.GetUtcNow();
                if (!coolingDown && (_remaining < 0 || _remaining - _inFlight > 0 || _inFlight == 0))
                {
                    _inFlight++;
                    return new Place(this);
                }
            }

            await _time.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Leave()
    {
        lock (_sync)
        {
            _inFlight--;
        }
    }

    private sealed class Place : IDisposable
    {
        private RateLimitGate? _gate;

        public Place(RateLimitGate gate) => _gate = gate;

        public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Leave();
    }
}
