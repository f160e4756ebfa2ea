using System.Threading.Tasks;
using Emulator.Hosting;

namespace FalconX.Emulator;

/// <summary>Entry point: a local stand-in for the Falcon X Sandbox API on 127.0.0.1.</summary>
internal static class Program
{
    /// <summary>Runs the emulator until POST /_emulator/shutdown, Ctrl+C or SIGTERM. <c>--help</c> lists the options.</summary>
    public static Task<int> Main(string[] args) => EmulatorConsole.RunAsync(
        args,
        EmulatorOptions.Parse,
        options => EmulatorServer.StartAsync(options),
        (options, server) =>
        [
            $"FalconX emulator listening on {server.BaseUrl.ToString().TrimEnd('/')} (CID {options.Cid}); Ctrl+C stops it.",
            // Public demo values (docs/emulator.md): shown so the README's by-hand steps need no other file.
            $"  client id: {options.ClientId}",
            options.ClientSecret == EmulatorOptions.DefaultClientSecret
                ? $"  secret:    {options.ClientSecret}"
                : "  secret:    the one given with --client-secret (not shown)",
        ]);
}
