using System;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;

namespace FalconX.Emulator;

/// <summary>Entry point: a local stand-in for the Falcon X Sandbox API on 127.0.0.1.</summary>
public static class Program
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
            Console.WriteLine($"FalconX emulator listening on {server.BaseUrl} (client id {options.ClientId}, CID {options.Cid})");
            if (options.PortFile is not null)
            {
                // Written last and in one go, so a reader polling for it never sees a partial port number.
                var temp = options.PortFile + ".tmp";
                await File.WriteAllTextAsync(temp, server.BaseUrl.Port.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
                File.Move(temp, options.PortFile, overwrite: true);
            }

            await server.WaitForShutdownAsync().ConfigureAwait(false);
        }

        return 0;
    }
}
