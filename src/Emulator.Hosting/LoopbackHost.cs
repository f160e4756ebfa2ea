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
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Emulator.Hosting;

/// <summary>
/// A Kestrel server on 127.0.0.1 with no logging, no Server header, no body-size limit (each emulator enforces its
/// own, with the API's error) and no signal hooks, plus the emulator's data directory. Both emulators run on one.
/// </summary>
public sealed class LoopbackHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsDataDirectory;
    private readonly Action? _stopped;
    private int _disposed;

    private LoopbackHost(WebApplication app, string dataDirectory, bool ownsDataDirectory, Action? stopped)
    {
        _app = app;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
        _stopped = stopped;
    }

    /// <summary>http://127.0.0.1:&lt;port&gt; (no trailing slash); set once the server listens.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1");

    /// <summary>Where the emulator keeps files: <see cref="LoopbackOptions.DataDir"/>, or a temporary directory deleted on dispose.</summary>
    public string DataDirectory { get; }

    /// <summary>Cancelled when the server starts stopping (after POST /_emulator/shutdown, Ctrl+C or dispose).</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    /// <summary>
    /// Creates the data directory, lets <paramref name="handler"/> build the request handler (it may keep the host to
    /// call <see cref="RequestShutdown"/>), and starts listening.
    /// </summary>
    /// <param name="options">Port and data directory.</param>
    /// <param name="applicationName">The emulator's assembly name, e.g. "FalconX.Emulator".</param>
    /// <param name="tempPrefix">The name a temporary data directory starts with, e.g. "falconx-emulator".</param>
    /// <param name="handler">Builds the one request delegate every request goes to.</param>
    /// <param name="kestrel">Extra Kestrel limits, e.g. a longer request line.</param>
    /// <param name="stopped">Runs after the server has stopped, before the data directory is deleted.</param>
    /// <param name="ct">Cancels the start.</param>
    public static async Task<LoopbackHost> StartAsync(
        LoopbackOptions options,
        string applicationName,
        string tempPrefix,
        Func<LoopbackHost, RequestDelegate> handler,
        Action<KestrelServerOptions>? kestrel = null,
        Action? stopped = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        var ownsDataDirectory = options.DataDir is null;
        var dataDirectory = options.DataDir ?? Path.Combine(Path.GetTempPath(), tempPrefix + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = applicationName });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(server =>
        {
            server.AddServerHeader = false;
            server.Limits.MaxRequestBodySize = null;
            kestrel?.Invoke(server);
            server.Listen(IPAddress.Loopback, options.Port);
        });
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(5));
        // The console lifetime would hook Ctrl+C inside test hosts and hold process exit for seconds; EmulatorConsole
        // handles the signals itself and stops the server.
        builder.Services.AddSingleton<IHostLifetime, PassiveLifetime>();
        var app = builder.Build();
        var host = new LoopbackHost(app, dataDirectory, ownsDataDirectory, stopped);
        app.Run(handler(host));

        await app.StartAsync(ct).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.BaseUrl = new Uri($"http://127.0.0.1:{new Uri(address).Port}");
        return host;
    }

    /// <summary>Asks the server to stop; <see cref="WaitForShutdownAsync"/> then completes.</summary>
    public void RequestShutdown() => _app.Lifetime.StopApplication();

    /// <summary>Completes when the server has been asked to stop.</summary>
    public Task WaitForShutdownAsync(CancellationToken ct = default) => _app.WaitForShutdownAsync(ct);

    /// <summary>Stops the server, then deletes the data directory when it is a temporary one.</summary>
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
            _stopped?.Invoke();
            if (_ownsDataDirectory)
            {
                try
                {
                    Directory.Delete(DataDirectory, recursive: true);
                }
                catch (IOException)
                {
                    // A file still open elsewhere; it lives in the temp directory, which the OS cleans.
                }
            }
        }
    }

    /// <summary>A host lifetime that hooks no process signals (see <see cref="EmulatorConsole"/> for Ctrl+C and SIGTERM).</summary>
    private sealed class PassiveLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
