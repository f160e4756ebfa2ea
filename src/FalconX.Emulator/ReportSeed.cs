using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace FalconX.Emulator;

/// <summary>
/// What a report derives from its (sample SHA-256, environment) pair: digests cut to any length and one seeded
/// random sequence per report, so the same input always gives the same report; and the made-up names drawn from it.
/// </summary>
internal static class ReportSeed
{
    private static readonly string[] Syllables = ["ka", "lo", "mir", "zen", "tor", "va", "qu", "rix", "sel", "pan", "dor", "fy", "neo", "lux", "bra"];
    private static readonly string[] Tlds = ["com", "net", "top", "ru", "info", "xyz"];
    private static readonly int[] PublicFirstOctets = [23, 31, 45, 52, 62, 77, 89, 91, 104, 138, 151, 176, 185, 194, 212];

    /// <summary>The random sequence one report is drawn from; the order of the draws is part of the report's shape.</summary>
    public static Random RandomFor(Submission submission) => new((int)(Seed(submission.Sha256, submission.EnvironmentId, "report") & 0x7fffffff));

    /// <summary>A number derived from a (sample, environment, purpose), for counts that must not use the report's random sequence.</summary>
    public static ulong Seed(string sha256, int environmentId, string label)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(sha256.ToLowerInvariant() + "|" + environmentId.ToString(CultureInfo.InvariantCulture) + "|" + label));
        return BitConverter.ToUInt64(digest, 0);
    }

    /// <summary>Deterministic lowercase hex of the given length (up to 64) for a (sample, environment, purpose).</summary>
    public static string Hex(string sha256, int environmentId, string label, int length) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sha256.ToLowerInvariant() + "|" + environmentId.ToString(CultureInfo.InvariantCulture) + "|" + label)))[..length];

    public static string FormatUuid(string hex32) => $"{hex32[..8]}-{hex32[8..12]}-{hex32[12..16]}-{hex32[16..20]}-{hex32[20..]}";

    /// <summary>The name of the process the sample ran as: iexplore.exe for a URL, else the file name (with .exe when it has no extension).</summary>
    public static string ProcessName(Submission submission) =>
        submission.IsUrl ? "iexplore.exe" : Path.GetExtension(submission.SubmitName).Length > 0 ? submission.SubmitName : submission.SubmitName + ".exe";

    public static string Domain(Random random) =>
        string.Concat(Enumerable.Range(0, 2 + random.Next(0, 2)).Select(_ => Syllables[random.Next(Syllables.Length)]))
        + random.Next(1, 99).ToString(CultureInfo.InvariantCulture) + "." + Tlds[random.Next(Tlds.Length)];

    public static string Word(Random random) => string.Concat(Enumerable.Range(0, 3).Select(_ => Syllables[random.Next(Syllables.Length)]));

    public static string PublicIPv4(Random random) =>
        $"{PublicFirstOctets[random.Next(PublicFirstOctets.Length)]}.{random.Next(0, 256)}.{random.Next(0, 256)}.{random.Next(1, 255)}";

    public static string Country(Random random) => new[] { "United States", "Germany", "Netherlands", "Russian Federation", "France" }[random.Next(5)];
}
