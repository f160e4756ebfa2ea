using System;

namespace FalconX.Client;

/// <summary>A stopwatch that reads a <see cref="TimeProvider"/>, so that waits measured with it follow a fake clock in tests.</summary>
internal readonly struct ElapsedClock
{
    private readonly TimeProvider _time;
    private readonly long _started;

    public ElapsedClock(TimeProvider time)
    {
        _time = time;
        _started = time.GetTimestamp();
    }

    /// <summary>The time passed since the clock was created.</summary>
    public TimeSpan Elapsed => _time.GetElapsedTime(_started);
}
