using System;
using System.Threading;

namespace Emulator.Hosting;

/// <summary>
/// An emulator's clock: wall time plus whatever tests moved it forward by (POST /_emulator/clock), so tokens expire
/// and work finishes without waiting. It only moves forward; a reset of the emulator leaves it where it is.
/// </summary>
public sealed class EmulatorClock
{
    private long _offsetTicks;

    /// <summary>Wall time plus <see cref="Offset"/>.</summary>
    public DateTimeOffset Now => DateTimeOffset.UtcNow + Offset;

    /// <summary>How far <see cref="Advance"/> has moved the clock ahead of wall time.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Moves the clock forward; returns the new <see cref="Offset"/>.</summary>
    public TimeSpan Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), "The clock only moves forward; give a positive number of seconds.");
        }

        return TimeSpan.FromTicks(Interlocked.Add(ref _offsetTicks, by.Ticks));
    }
}
