using System.Threading.Tasks;
using Emulator.Hosting;

namespace ThreatQ.Emulator;

/// <summary>Entry point: a local stand-in for the ThreatQ REST API on 127.0.0.1.</summary>
internal static class Program
{
    /// <summary>Runs until POST /_emulator/shutdown, Ctrl+C or SIGTERM; <c>--help</c> lists the options.</summary>
    public static Task<int> Main(string[] args) => EmulatorConsole.RunAsync(
        args,
        TqOptions.Parse,
        options => TqServer.StartAsync(options),
        (options, server) =>
        [
            $"ThreatQ emulator listening on {server.BaseUrl.ToString().TrimEnd('/')} (client id {options.ClientId}, user {options.Email}); Ctrl+C stops it.",
        ]);
}
