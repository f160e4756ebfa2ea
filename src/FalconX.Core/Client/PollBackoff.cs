using System;

namespace FalconX.Client;

/// <summary>
/// When a wait checks again: the first check of fresh submissions comes soon (a short detonation is seen within
/// seconds, not after a whole interval), and each later check waits twice as long as the one before, up to the
/// poll interval. A long detonation therefore costs about as many status requests as with a fixed interval, and a
/// short one is reported almost at once.
/// </summary>
public static class PollBackoff
{
    /// <summary>The default delay before the first status check of fresh submissions: 3 s.</summary>
    public static readonly TimeSpan DefaultFirstDelay = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The delay before check number <paramref name="checksDone"/> + 1: <paramref name="first"/> doubled
    /// <paramref name="checksDone"/> times, never more than <paramref name="interval"/> (nor less than 0).
    /// </summary>
    public static TimeSpan Delay(int checksDone, TimeSpan first, TimeSpan interval)
    {
        if (first <= TimeSpan.Zero || first >= interval)
        {
            return interval < TimeSpan.Zero ? TimeSpan.Zero : interval;
        }

        var ticks = (double)first.Ticks;
        for (var i = 0; i < checksDone && ticks < interval.Ticks; i++)
        {
            ticks *= 2;
        }

        return ticks >= interval.Ticks ? interval : TimeSpan.FromTicks((long)ticks);
    }
}
