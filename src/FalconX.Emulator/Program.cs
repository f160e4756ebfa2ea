using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace FalconX.Emulator;

/// <summary>Entry point: a local stand-in for the Falcon X Sandbox API on 127.0.0.1.</summary>
internal static class Program
{
    /// <summary>Runs the emulator until POST /_emulator/shutdown, Ctrl+C or SIGTERM. <c>--help</c> lists the options.</summary>
    public static async Task<int> Main(string[] args)
    {
        EmulatorOptions options;
        try
        {
            options = EmulatorOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 2;
        }

        var server = await EmulatorServer.StartAsync(options).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                server.RequestShutdown();
            }

            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            Console.WriteLine($"FalconX emulator listening on {server.BaseUrl.ToString().TrimEnd('/')} (CID {options.Cid}); Ctrl+C stops it.");
            // Public demo values (docs/emulator.md): shown so the README's by-hand steps need no other file.
            Console.WriteLine($"  client id: {options.ClientId}");
            Console.WriteLine(options.ClientSecret == EmulatorOptions.DefaultClientSecret
                ? $"  secret:    {options.ClientSecret}"
                : "  secret:    the one given with --client-secret (not shown)");
            if (options.PortFile is not null)
            {
                // Written to a temporary name and renamed, so a reader polling for it never sees a partial port number.
                var temp = options.PortFile + ".tmp";
                await File.WriteAllTextAsync(temp, server.BaseUrl.Port.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
                File.Move(temp, options.PortFile, overwrite: true);
            }

            await server.WaitForShutdownAsync().ConfigureAwait(false);
        }

        return 0;
    }
}
