using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace Emulator.Hosting;

/// <summary>An emulator as a stand-alone process: the body of both emulators' <c>Main</c>.</summary>
public static class EmulatorConsole
{
    /// <summary>Exit code for a command line that could not be parsed (the message goes to standard error).</summary>
    public const int BadCommandLine = 2;

    /// <summary>
    /// Parses the command line, starts the server, prints <paramref name="banner"/> (the first line is the one
    /// tools/EmulatorHost.psm1 and people read: "... listening on http://127.0.0.1:N ..."), writes the port file, then
    /// runs until POST /_emulator/shutdown, Ctrl+C or SIGTERM. Returns 0, or <see cref="BadCommandLine"/>.
    /// </summary>
    public static async Task<int> RunAsync<TOptions, TServer>(
        IReadOnlyList<string> args,
        Func<IReadOnlyList<string>, TOptions> parse,
        Func<TOptions, Task<TServer>> start,
        Func<TOptions, TServer, IEnumerable<string>> banner)
        where TOptions : LoopbackOptions
        where TServer : RunningEmulator
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(banner);
        TOptions options;
        try
        {
            options = parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return BadCommandLine;
        }

        var server = await start(options).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                server.RequestShutdown();
            }

            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            foreach (var line in banner(options, server))
            {
                Console.WriteLine(line);
            }

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
