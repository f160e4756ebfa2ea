using System;
using System.Threading;
using System.Threading.Tasks;

namespace FalconX.Client;

/// <summary>
/// A cooldown shared by every call of one client: after a 429 says "not before T", no call of this client sends
/// anything before T, so parallel callers do not keep hitting the limit (and count as early requests).
/// </summary>
internal sealed class RateLimitGate
{
    private long _notBeforeTicks;

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

    /// <summary>Waits until the cooldown is over.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var notBefore = NotBefore;
            if (notBefore is null)
            {
                return;
            }

            var wait = notBefore.Value - DateTimeOffset.UtcNow;
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }
}
