using System;
using System.Threading.Tasks;
using FalconX.Emulator;

namespace FalconX.Tests.Emulator;

/// <summary>
/// One in-process emulator shared by the tests of a class (IClassFixture): started for the first test with that
/// class's options, reset (samples, submissions, counters, faults back to those options) before every later one, and
/// stopped after the class. Starting an ASP.NET Core host per test cost more than most tests do.
/// </summary>
public sealed class SharedEmulator : IAsyncLifetime
{
    /// <summary>
    /// False when FALCONX_TESTS_SERVER_PER_TEST=1: every test starts its own emulator again, as before the fixture
    /// (to measure what sharing saves, bench/RESULTS.md, or to rule it out when a test misbehaves).
    /// </summary>
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("FALCONX_TESTS_SERVER_PER_TEST") != "1";
    private EmulatorServer? _server;

    /// <summary>The running emulator, reset to a clean state; started with <paramref name="options"/> the first time.</summary>
    public async Task<EmulatorServer> AcquireAsync(Func<EmulatorOptions> options)
    {
        // The tests of one class run one after another (xunit), so there is no race here.
        if (_server is null)
        {
            _server = await EmulatorServer.StartAsync(options());
        }
        else
        {
            _server.Reset();
        }

        return _server;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
