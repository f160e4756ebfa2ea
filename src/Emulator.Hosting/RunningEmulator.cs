using System;
using System.Threading;
using System.Threading.Tasks;

namespace Emulator.Hosting;

/// <summary>
/// An emulator that is listening on its <see cref="LoopbackHost"/>: used in-process by tests, and by
/// <see cref="EmulatorConsole"/> to run one as a process.
/// </summary>
public abstract class RunningEmulator : IAsyncDisposable
{
    private readonly LoopbackHost _host;

    protected RunningEmulator(LoopbackHost host) => _host = host;

    /// <summary>http://127.0.0.1:&lt;port&gt; (no trailing slash).</summary>
    public Uri BaseUrl => _host.BaseUrl;

    /// <summary>Where uploaded files are stored (a temporary directory unless <see cref="LoopbackOptions.DataDir"/> was set).</summary>
    public string DataDirectory => _host.DataDirectory;

    /// <summary>Cancelled when the server starts stopping (after POST /_emulator/shutdown, Ctrl+C or dispose).</summary>
    public CancellationToken Stopping => _host.Stopping;

    /// <summary>Asks the server to stop, as POST /_emulator/shutdown does; <see cref="WaitForShutdownAsync"/> then completes.</summary>
    public void RequestShutdown() => _host.RequestShutdown();

    /// <summary>Completes when the server has been asked to stop (POST /_emulator/shutdown, Ctrl+C or SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken ct = default) => _host.WaitForShutdownAsync(ct);

    /// <summary>Stops the server and deletes a temporary data directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }
}
