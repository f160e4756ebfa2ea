using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Http;

namespace FalconX.Emulator;

/// <summary>Entry point: a local stand-in for the Falcon X Sandbox API on 127.0.0.1.</summary>
public static class Program
{
    /// <summary>Runs the emulator until Ctrl+C or SIGTERM. <c>--port N</c> (0 = any free port), <c>--port-file F</c> writes the chosen port.</summary>
    public static async Task<int> Main(string[] args)
    {
        var port = 0;
        string? portFile = null;
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--port") port = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
            if (args[i] == "--port-file") portFile = args[i + 1];
        }

        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet("/_emulator/health", () => Results.Ok(new { status = "ok" }));
        app.MapPost("/_emulator/shutdown", (IHostApplicationLifetime lifetime) =>
        {
            lifetime.StopApplication();
            return Results.Ok(new { status = "stopping" });
        });
        await app.StartAsync().ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var actualPort = new Uri(address).Port;
        Console.WriteLine($"FalconX emulator listening on http://127.0.0.1:{actualPort}");
        if (portFile is not null)
        {
            await File.WriteAllTextAsync(portFile, actualPort.ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
        }

        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }
}
