using System;
using System.Collections.Generic;
using Emulator.Hosting;

namespace ThreatQ.Emulator;

/// <summary>Start-up settings of the ThreatQ emulator. What may change while it runs lives in <see cref="TqFaults"/>.</summary>
public sealed class TqOptions : LoopbackOptions
{
    /// <summary>The OAuth client id of the demo ThreatQ user (a public demo value, never a real one).</summary>
    public const string DefaultClientId = "tq-demo-client-0123456789abcdef";

    /// <summary>The client secret for the client-credentials grant (demo value).</summary>
    public const string DefaultClientSecret = "TqEmulatorSecret0123456789abcdefghij";

    /// <summary>The demo user's e-mail for the password grant.</summary>
    public const string DefaultEmail = "analyst@threatq.example";

    /// <summary>The demo user's password for the password grant (demo value).</summary>
    public const string DefaultPassword = "TqEmulatorPassw0rd!";

    public string ClientId { get; set; } = DefaultClientId;

    public string ClientSecret { get; set; } = DefaultClientSecret;

    public string Email { get; set; } = DefaultEmail;

    public string Password { get; set; } = DefaultPassword;

    /// <summary>expires_in of issued access tokens (ThreatQ's SDK assumes 30 minutes).</summary>
    public int TokenLifetimeSec { get; set; } = 1800;

    /// <summary>Seed of every random fault decision, so a run is repeatable.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Largest accepted attachment upload.</summary>
    public long MaxUploadBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Most objects in one consume or create body (413 above it); 0 = no limit. 500 is the SDK's batch size (PEERS §1.3).</summary>
    public int MaxBodyItems { get; set; } = 500;

    /// <summary>Parses <c>--name value</c> pairs; throws <see cref="ArgumentException"/> with the usage on bad input.</summary>
    public static TqOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new TqOptions();
        options.ApplyCommandLine(args, Usage, option =>
        {
            var value = option.Value;
            switch (option.Key)
            {
                case "--client-id": options.ClientId = value; break;
                case "--client-secret": options.ClientSecret = value; break;
                case "--email": options.Email = value; break;
                case "--password": options.Password = value; break;
                case "--token-lifetime-sec": options.TokenLifetimeSec = option.WholeNumber(1, int.MaxValue); break;
                case "--seed": options.Seed = option.WholeNumber(int.MinValue, int.MaxValue); break;
                case "--max-upload-bytes": options.MaxUploadBytes = option.WholeNumber(1, int.MaxValue); break;
                case "--max-body-items": options.MaxBodyItems = option.WholeNumber(0, int.MaxValue); break;
                default: return false;
            }

            return true;
        });

        return options;
    }

    /// <summary>One line per option.</summary>
    public static string Usage => string.Join(Environment.NewLine,
        "Usage: ThreatQ.Emulator [options]",
        "  --port N                 TCP port on 127.0.0.1 (0 = a free port; default 0)",
        "  --port-file F            write the chosen port to F once listening",
        "  --client-id ID           OAuth client id (default " + DefaultClientId + ")",
        "  --client-secret S        client secret for the client-credentials grant (default: the demo value)",
        "  --email E                user e-mail for the password grant (default " + DefaultEmail + ")",
        "  --password P             user password for the password grant (default: the demo value)",
        "  --token-lifetime-sec N   expires_in of access tokens (default 1800)",
        "  --max-upload-bytes N     largest attachment accepted (default 512 MB)",
        "  --max-body-items N       most objects per consume/create body, 413 above (0 = no limit; default 500)",
        "  --data-dir D             where attachment files are stored (default: a temp dir removed on exit)",
        "  --seed N                 seed for fault randomness (default 1)");

    internal TqOptions Clone() => (TqOptions)MemberwiseClone();
}
