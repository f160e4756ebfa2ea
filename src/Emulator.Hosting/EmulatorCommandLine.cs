using System;
using System.Collections.Generic;
using System.Globalization;

namespace Emulator.Hosting;

/// <summary>One <c>--name value</c> pair of an emulator's command line.</summary>
/// <param name="Name">The option as typed, e.g. <c>--Port</c>; error messages quote it so.</param>
/// <param name="Value">The value that followed it.</param>
public readonly record struct CommandLineOption(string Name, string Value)
{
    /// <summary>The option name in lower case, for matching (<c>--PORT</c> and <c>--port</c> are the same option).</summary>
    public string Key => Name.ToLowerInvariant();

    /// <summary>The value as a whole number in [<paramref name="min"/>, <paramref name="max"/>]; throws <see cref="ArgumentException"/> otherwise.</summary>
    public int WholeNumber(int min, int max)
    {
        if (!int.TryParse(Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
        {
            throw new ArgumentException($"Option '{Name}' needs a whole number between {min} and {max}; got '{Value}'.");
        }

        return parsed;
    }
}

/// <summary>The command-line grammar both emulators use: <c>--name value</c> pairs, <c>--help</c> shows the usage.</summary>
public static class EmulatorCommandLine
{
    /// <summary>
    /// Hands every pair to <paramref name="apply"/>, which returns false for a name it does not know. Throws
    /// <see cref="ArgumentException"/> carrying <paramref name="usage"/> for <c>--help</c>, a missing value or an unknown
    /// option, and whatever <paramref name="apply"/> throws for a bad value.
    /// </summary>
    public static void Parse(IReadOnlyList<string> args, string usage, Func<CommandLineOption, bool> apply)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(apply);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h" or "-?")
            {
                throw new ArgumentException(usage);
            }

            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"Option '{name}' needs a value.{Environment.NewLine}{usage}");
            }

            if (!apply(new CommandLineOption(name, args[++i])))
            {
                throw new ArgumentException($"Unknown option '{name}'.{Environment.NewLine}{usage}");
            }
        }
    }
}
