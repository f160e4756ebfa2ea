using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace ThreatQ.Emulator;

/// <summary>Entry point: a local stand-in for the ThreatQ REST API on 127.0.0.1.</summary>
internal static class Program
{
    /// <summary>Runs until POST /_emulator/shutdown, Ctrl+C or SIGTERM; <c>--help</c> lists the options.</summary>
    public static async Task<int> Main(string[] args)
    {
        TqOptions options;
        try
        {
            options = TqOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 2;
        }

        var server = await TqServer.StartAsync(options).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                server.RequestShutdown();
            }

            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            Console.WriteLine($"ThreatQ emulator listening on {server.BaseUrl.ToString().TrimEnd('/')} (client id {options.ClientId}, user {options.Email}); Ctrl+C stops it.");
            if (options.PortFile is not null)
            {
                // Written under a temporary name and renamed, so a poller never reads a partial port.
                var temp = options.PortFile + ".tmp";
                await File.WriteAllTextAsync(temp, server.BaseUrl.Port.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
                File.Move(temp, options.PortFile, overwrite: true);
            }

            await server.WaitForShutdownAsync().ConfigureAwait(false);
        }

        return 0;
    }
}
