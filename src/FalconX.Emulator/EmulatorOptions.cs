using System;
using System.Collections.Generic;
using Emulator.Hosting;

namespace FalconX.Emulator;

/// <summary>Start-up settings of the emulator. Everything that can change while it runs lives in <see cref="EmulatorFaults"/>.</summary>
public sealed class EmulatorOptions : LoopbackOptions
{
    /// <summary>The default OAuth2 client id accepted by <c>/oauth2/token</c>.</summary>
    public const string DefaultClientId = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

    /// <summary>The default OAuth2 client secret; a well-known demo value, never a real one.</summary>
    public const string DefaultClientSecret = "EmulatorSecret0123456789abcdefghijklmnop";

    /// <summary>The default customer id used in submission and report ids.</summary>
    public const string DefaultCid = "ace79a13936f4ec8ad4de36606814bfc";

    /// <summary>The largest sample the real API accepts (256 MB).</summary>
    public const long DefaultMaxUploadBytes = 256L * 1024 * 1024;

    public string ClientId { get; set; } = DefaultClientId;

    public string ClientSecret { get; set; } = DefaultClientSecret;

    public string Cid { get; set; } = DefaultCid;

    /// <summary>Time from <c>created</c> to <c>success</c>/<c>error</c>; <c>running</c> in between.</summary>
    public int SubmissionDelayMs { get; set; } = 3000;

    public int TokenLifetimeSec { get; set; } = 1799;

    public int QuotaTotal { get; set; } = 100;

    /// <summary>Requests per sliding minute before 429; 0 switches the limit off.</summary>
    public int RateLimitPerMinute { get; set; }

    /// <summary>Value of <c>X-Cs-Region</c> on the token answer; null leaves the header out so custom-URL clients are not redirected.</summary>
    public string? Region { get; set; }

    /// <summary>
    /// The tenant's home region when this emulator plays another cloud: <c>/oauth2/token</c> answers 308 to that region's
    /// API host (see <see cref="EmulatorFaults.TokenRedirectRegion"/>). Null (the default) issues tokens here.
    /// </summary>
    public string? TokenRedirectRegion { get; set; }

    /// <summary>The API client's scopes (null = all); see <see cref="EmulatorFaults.Scopes"/>.</summary>
    public IReadOnlyList<string>? Scopes { get; set; }

    /// <summary>
    /// Report schema: "2026" (the default, as the API answers today: no malquery; ai_summary, has_recording,
    /// verdict_source, sandbox[].is_certificates_valid) or "2023" (with malquery, without those).
    /// </summary>
    public string ReportShape { get; set; } = "2026";

    /// <summary>Seed of every random choice the fault injector makes, so a test run is repeatable.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Largest accepted sample; only tests lower it, to exercise the limit without sending 256 MB.</summary>
    public long MaxUploadBytes { get; set; } = DefaultMaxUploadBytes;

    /// <summary>
    /// Longest request URL (path and query) accepted before 414, so clients must batch ids. 40,000 characters: more than
    /// the 500 report ids (about 35,000 characters) CrowdStrike's PowerShell module sends in one GET to the real API.
    /// </summary>
    public int MaxUrlLength { get; set; } = 40_000;

    /// <summary>Parses the command line (<c>--name value</c> pairs); throws <see cref="ArgumentException"/> with a usable message on bad input.</summary>
    public static EmulatorOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new EmulatorOptions();
        options.ApplyCommandLine(args, Usage, option =>
        {
            var value = option.Value;
            switch (option.Key)
            {
                case "--client-id": options.ClientId = value; break;
                case "--client-secret": options.ClientSecret = value; break;
                case "--cid": options.Cid = value.ToLowerInvariant(); break;
                case "--submission-delay-ms": options.SubmissionDelayMs = option.WholeNumber(0, int.MaxValue); break;
                case "--token-lifetime-sec": options.TokenLifetimeSec = option.WholeNumber(1, int.MaxValue); break;
                case "--quota-total": options.QuotaTotal = option.WholeNumber(0, int.MaxValue); break;
                case "--rate-limit-per-minute": options.RateLimitPerMinute = option.WholeNumber(0, int.MaxValue); break;
                case "--region": options.Region = value.Length == 0 ? null : value; break;
                case "--token-redirect-region": options.TokenRedirectRegion = value.Length == 0 ? null : RegionHosts.Check(value); break;
                case "--scopes": options.Scopes = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--report-shape": options.ReportShape = CheckReportShape(value); break;
                case "--seed": options.Seed = option.WholeNumber(int.MinValue, int.MaxValue); break;
                default: return false;
            }

            return true;
        });

        if (options.Cid.Length != 32 || !IsHex(options.Cid))
        {
            throw new ArgumentException("--cid must be 32 hexadecimal characters, like the CID shown in the Falcon console.");
        }

        return options;
    }

    /// <summary>One line per option, shown for <c>--help</c> and with every parse error.</summary>
    public static string Usage => string.Join(Environment.NewLine,
        "Usage: FalconX.Emulator [options]",
        "  --port N                   TCP port on 127.0.0.1 (0 = a free port; default 0)",
        "  --port-file F              write the chosen port to F once listening",
        "  --client-id ID             accepted client id (default " + DefaultClientId + ")",
        "  --client-secret S          accepted client secret (default " + DefaultClientSecret + ")",
        "  --cid CID                  customer id, 32 hex (default " + DefaultCid + ")",
        "  --submission-delay-ms N    time from created to success/error (default 3000)",
        "  --token-lifetime-sec N     expires_in of issued tokens (default 1799)",
        "  --quota-total N            monthly submission quota (default 100)",
        "  --rate-limit-per-minute N  requests per sliding minute before 429 (0 = off, default)",
        "  --region R                 X-Cs-Region on the token answer (default: header absent)",
        "  --token-redirect-region R  answer /oauth2/token with 308 to region R's host (default: off)",
        "  --scopes S1,S2             the API client's scopes, e.g. falconx-sandbox:read (default: all)",
        "  --report-shape 2023|2026   report schema (default 2026: no malquery, with ai_summary ...)",
        "  --data-dir D               where uploads are stored (default: a temp dir deleted on exit)",
        "  --seed N                   seed for fault randomness (default 1)");

    internal EmulatorOptions Clone() => (EmulatorOptions)MemberwiseClone();

    /// <summary>"2023" or "2026"; throws <see cref="ArgumentException"/> for anything else.</summary>
    internal static string CheckReportShape(string value) =>
        value is "2023" or "2026" ? value : throw new ArgumentException($"The report shape must be 2023 or 2026; got '{value}'.");

    internal static bool IsHex(string text)
    {
        foreach (var c in text)
        {
            if (!Uri.IsHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
