using System;
using System.Collections.Generic;

namespace Emulator.Hosting;

/// <summary>The start-up settings every emulator has, whatever API it plays, and their command-line options.</summary>
public abstract class LoopbackOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>When set, the chosen port is written to this file once the server listens (used by tools/EmulatorHost.psm1).</summary>
    public string? PortFile { get; set; }

    /// <summary>Where uploaded files (samples, attachments) are stored; null uses a temporary directory deleted on shutdown.</summary>
    public string? DataDir { get; set; }

    /// <summary>
    /// Applies a command line: <c>--port</c>, <c>--port-file</c> and <c>--data-dir</c> here, every other option by
    /// <paramref name="apply"/> (false for a name it does not know); see <see cref="EmulatorCommandLine.Parse"/> for the errors.
    /// </summary>
    protected void ApplyCommandLine(IReadOnlyList<string> args, string usage, Func<CommandLineOption, bool> apply)
    {
        ArgumentNullException.ThrowIfNull(apply);
        EmulatorCommandLine.Parse(args, usage, option =>
        {
            switch (option.Key)
            {
                case "--port": Port = option.WholeNumber(0, 65535); return true;
                case "--port-file": PortFile = option.Value; return true;
                case "--data-dir": DataDir = option.Value; return true;
                default: return apply(option);
            }
        });
    }
}
