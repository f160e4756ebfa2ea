using System;
using System.Threading;
using System.Threading.Tasks;
using Emulator.Hosting;

namespace FalconX.Emulator;

/// <summary>
/// A running emulator on 127.0.0.1. Used in-process by the xunit tests and by <see cref="Program"/> for the
/// stand-alone process; both get the same routes, fault switches and statistics.
/// </summary>
public sealed class EmulatorServer : RunningEmulator
{
    private readonly EmulatorState _state;

    private EmulatorServer(LoopbackHost host, EmulatorState state)
        : base(host) => _state = state;

    public EmulatorOptions Options => _state.Options;

    /// <summary>The run-time switches; change them at any time.</summary>
    public EmulatorFaults Faults => _state.Faults;

    /// <summary>Counters and recorded requests.</summary>
    public EmulatorStats Stats => _state.Stats;

    /// <summary>Starts listening; the port is <see cref="LoopbackOptions.Port"/> or a free one when that is 0.</summary>
    public static async Task<EmulatorServer> StartAsync(EmulatorOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options.Clone();
        EmulatorState? state = null;
        var host = await LoopbackHost.StartAsync(
            options,
            typeof(EmulatorServer).Assembly.GetName().Name!,
            "falconx-emulator",
            started =>
            {
                state = new EmulatorState(options, started.DataDirectory);
                var routes = new RouteTable();
                new OAuthEndpoints(state).Map(routes);
                new SampleEndpoints(state).Map(routes);
                new FalconXEndpoints(state).Map(routes);
                new ArtifactEndpoints(state).Map(routes);
                new ArchiveEndpoints(state).Map(routes);
                var pipeline = new ApiPipeline(state, routes);
                return new AdminEndpoints(state, started.RequestShutdown).Routes.Before(pipeline.HandleAsync);
            },
            kestrel =>
            {
                // Long id lists must reach the emulator so it can answer 414 in the API's envelope, as the gateway does.
                kestrel.Limits.MaxRequestLineSize = Math.Max(64 * 1024, options.MaxUrlLength * 2);
                kestrel.Limits.MaxRequestHeadersTotalSize = Math.Max(96 * 1024, options.MaxUrlLength * 3);
            },
            stopped: () => state?.Samples.Clear(),
            ct).ConfigureAwait(false);
        return new EmulatorServer(host, state!);
    }

    /// <summary>Clears samples, submissions, counters and faults (issued tokens stay valid).</summary>
    public void Reset() => _state.Reset();

    /// <summary>Moves the emulator's clock forward (as POST /_emulator/clock does): tokens expire, submissions finish, without waiting.</summary>
    public TimeSpan AdvanceClock(TimeSpan by) => _state.Clock.Advance(by);
}
