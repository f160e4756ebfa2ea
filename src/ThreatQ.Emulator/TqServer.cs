using System;
using System.Threading;
using System.Threading.Tasks;
using Emulator.Hosting;

namespace ThreatQ.Emulator;

/// <summary>
/// A running ThreatQ API emulator on 127.0.0.1, used in-process by the xunit tests and by <see cref="Program"/>.
/// </summary>
public sealed class TqServer : RunningEmulator
{
    private readonly TqState _state;

    private TqServer(LoopbackHost host, TqState state)
        : base(host) => _state = state;

    public TqOptions Options => _state.Options;

    public TqFaults Faults => _state.Faults;

    public TqStats Stats => _state.Stats;

    public TqStore Store => _state.Store;

    /// <summary>Moves the emulator's clock forward (token expiry without waiting).</summary>
    public void AdvanceClock(TimeSpan by) => _state.Clock.Advance(by);

    /// <summary>Expires every issued access token now; returns how many.</summary>
    public int ExpireTokens() => _state.Tokens.ExpireAll();

    /// <summary>Clears objects, counters and faults (issued tokens stay valid).</summary>
    public void Reset() => _state.Reset();

    public static async Task<TqServer> StartAsync(TqOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options.Clone();
        TqState? state = null;
        var host = await LoopbackHost.StartAsync(
            options,
            typeof(TqServer).Assembly.GetName().Name!,
            "threatq-emulator",
            started =>
            {
                state = new TqState(options, started.DataDirectory);
                return new TqAdmin(state, started.RequestShutdown).Before(new TqPipeline(state, new TqApi(state)).HandleAsync);
            },
            ct: ct).ConfigureAwait(false);
        return new TqServer(host, state!);
    }
}
