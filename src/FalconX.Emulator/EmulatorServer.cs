using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FalconX.Emulator;

/// <summary>
/// A running emulator on 127.0.0.1. Used in-process by the xunit tests and by <see cref="Program"/> for the
/// stand-alone process; both get the same routes, fault switches and statistics.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorState _state;
    private readonly string _dataDir;
    private readonly bool _ownsDataDir;
    private int _disposed;

    private EmulatorServer(WebApplication app, EmulatorState state, string dataDir, bool ownsDataDir, Uri baseUrl)
    {
        _app = app;
        _state = state;
        _dataDir = dataDir;
        _ownsDataDir = ownsDataDir;
        BaseUrl = baseUrl;
    }

    /// <summary>http://127.0.0.1:&lt;port&gt; (no trailing slash).</summary>
    public Uri BaseUrl { get; }

    public EmulatorOptions Options => _state.Options;

    /// <summary>Where uploaded samples are stored (a temporary directory unless <see cref="EmulatorOptions.DataDir"/> was set).</summary>
    public string DataDirectory => _dataDir;

    /// <summary>The run-time switches; change them at any time.</summary>
    public EmulatorFaults Faults => _state.Faults;

    /// <summary>Counters and recorded requests.</summary>
    public EmulatorStats Stats => _state.Stats;

    /// <summary>Cancelled when the server starts stopping (after POST /_emulator/shutdown, Ctrl+C or dispose).</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    /// <summary>Starts listening; the port is <see cref="EmulatorOptions.Port"/> or a free one when that is 0.</summary>
    public static async Task<EmulatorServer> StartAsync(EmulatorOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options.Clone();
        var ownsDataDir = options.DataDir is null;
        var dataDir = options.DataDir ?? Path.Combine(Path.GetTempPath(), "falconx-emulator-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        var state = new EmulatorState(options, dataDir);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(EmulatorServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Upload size is enforced by the sample store (with the API's own error), not by Kestrel's generic 413.
            kestrel.Limits.MaxRequestBodySize = null;
            // Long id lists must reach the emulator so it can answer 414 in the API's envelope, as the gateway does.
            kestrel.Limits.MaxRequestLineSize = Math.Max(64 * 1024, options.MaxUrlLength * 2);
            kestrel.Limits.MaxRequestHeadersTotalSize = Math.Max(96 * 1024, options.MaxUrlLength * 3);
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(5));
        // The console lifetime would hook Ctrl+C inside test hosts and hold process exit for seconds; Program
        // handles the signals itself and stops the server.
        builder.Services.AddSingleton<IHostLifetime, PassiveLifetime>();
        var app = builder.Build();

        var routes = new RouteTable();
        new OAuthEndpoints(state).Map(routes);
        new SampleEndpoints(state).Map(routes);
        new FalconXEndpoints(state).Map(routes);
        new ArtifactEndpoints(state).Map(routes);
        new ArchiveEndpoints(state).Map(routes);
        var pipeline = new ApiPipeline(state, routes);
        var admin = new AdminEndpoints(state, () => app.Lifetime.StopApplication());
        app.Run(http => (http.Request.Path.Value ?? string.Empty).StartsWith(AdminEndpoints.Prefix, StringComparison.OrdinalIgnoreCase)
            ? admin.HandleAsync(http)
            : pipeline.HandleAsync(http));

        await app.StartAsync(ct).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        return new EmulatorServer(app, state, dataDir, ownsDataDir, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>Clears samples, submissions, counters and faults (issued tokens stay valid).</summary>
    public void Reset() => _state.Reset();

    /// <summary>Moves the emulator's clock forward (as POST /_emulator/clock does): tokens expire, submissions finish, without waiting.</summary>
    public TimeSpan AdvanceClock(TimeSpan by) => _state.AdvanceClock(by);

    /// <summary>Asks the server to stop, as POST /_emulator/shutdown does; <see cref="WaitForShutdownAsync"/> then completes.</summary>
    public void RequestShutdown() => _app.Lifetime.StopApplication();

    /// <summary>Completes when the server has been asked to stop (POST /_emulator/shutdown or Ctrl+C).</summary>
    public Task WaitForShutdownAsync(CancellationToken ct = default) => _app.WaitForShutdownAsync(ct);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _state.Samples.Clear();
            if (_ownsDataDir)
            {
                try
                {
                    Directory.Delete(_dataDir, recursive: true);
                }
                catch (IOException)
                {
                    // A file still open elsewhere; it lives in the temp directory, which the OS cleans.
                }
            }
        }
    }
}

/// <summary>A host lifetime that hooks no process signals (see <see cref="Program"/> for Ctrl+C and SIGTERM).</summary>
internal sealed class PassiveLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
