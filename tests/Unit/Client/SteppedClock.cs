using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace FalconX.Tests.Client;

/// <summary>
/// A fake clock that tells the test when the code under test starts a wait: every timer shorter than
/// <see cref="LongestWait"/> (longer ones are the attempt and call timeouts) is queued, so a test can take the
/// next wait, check its length and move the clock past it. Starts at the current wall time so that moments the
/// emulator names (Retry-After) line up with it.
/// </summary>
internal sealed class SteppedClock : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _waits = Channel.CreateUnbounded<TimeSpan>();

    public SteppedClock()
        : base(DateTimeOffset.UtcNow)
    {
    }

    /// <summary>Timers at least this long are timeouts, not waits; they are not queued.</summary>
    public TimeSpan LongestWait { get; init; } = TimeSpan.FromMinutes(50);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime < LongestWait)
        {
            _waits.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>
    /// The length of the next wait the code started (waiting for it to start, at most 10 s of real time; a wait
    /// that never starts on this clock fails the test rather than hanging it).
    /// </summary>
    public async Task<TimeSpan> NextWaitAsync()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            return await _waits.Reader.ReadAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException("The code under test started no wait on the fake clock within 10 s.");
        }
    }

    /// <summary>
    /// Moves the clock past every wait <paramref name="work"/> starts until it ends, calling <paramref name="beforeAdvance"/>
    /// first each time (moving this clock fires the waiting code's timer at once, so anything else, such as the
    /// emulator's clock, must move before); returns the waits in order.
    /// </summary>
    public async Task<List<TimeSpan>> DriveAsync(Task work, Action<TimeSpan>? beforeAdvance = null)
    {
        var waits = new List<TimeSpan>();
        while (true)
        {
            var next = NextWaitAsync();
            if (await Task.WhenAny(work, next) == work)
            {
                await work;
                return waits;
            }

            var wait = await next;
            waits.Add(wait);
            beforeAdvance?.Invoke(wait);
            Advance(wait);
        }
    }

    /// <summary>True when a started wait has not been taken with <see cref="NextWaitAsync"/> yet.</summary>
    public bool HasPendingWait => _waits.Reader.TryPeek(out _);
}
