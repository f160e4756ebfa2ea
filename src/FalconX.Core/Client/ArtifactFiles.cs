using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace FalconX.Client;

/// <summary>
/// File names for downloaded artifacts: a readable default per kind, and sanitising of any name that comes from
/// outside (the API's Content-Disposition, the user) so it can never leave the target folder or name a device.
/// </summary>
public static class ArtifactFiles
{
    private const int MaxNameLength = 180;

    private static readonly HashSet<char> Invalid = new(Path.GetInvalidFileNameChars().Concat(new[] { '<', '>', ':', '"', '/', '\\', '|', '?', '*' }));

    private static readonly char[] Blanks = { ' ', '\t' };

    private static readonly char[] PathSeparators = { '/', '\\' };

    private static readonly HashSet<string> DeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>Reads a kind name as <see cref="Models.ReportArtifact.Kind"/> writes it (case-insensitive); Unknown for anything else.</summary>
    public static FalconXArtifactKind ParseKind(string? kind) =>
        kind is not null && Enum.TryParse<FalconXArtifactKind>(kind.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(typeof(FalconXArtifactKind), parsed)
            ? parsed
            : FalconXArtifactKind.Unknown;

    /// <summary>True for the text and structured kinds, which never start with gzip's magic bytes unless compressed.</summary>
    internal static bool IsStructured(FalconXArtifactKind kind) =>
        kind is not (FalconXArtifactKind.Unknown or FalconXArtifactKind.MemoryDump or FalconXArtifactKind.MemoryDumps);

    /// <summary>
    /// The default name of an artifact of a known report: <c>&lt;reportId&gt;_&lt;what&gt;[-n].&lt;ext&gt;</c>, e.g.
    /// <c>…_ioc-strict.csv</c>, <c>…_screenshot-2.png</c>, <c>…_memdump-1.bin</c>. Null when the report or kind is
    /// unknown (the API's name, or the artifact id, is used then).
    /// </summary>
    /// <param name="reportId">The report id.</param>
    /// <param name="kind">The kind of artifact.</param>
    /// <param name="number">1-based number among artifacts of the same kind in the report (screenshots, memory dumps); 0 for none.</param>
    public static string? DefaultName(string? reportId, FalconXArtifactKind kind, int number = 0) => DefaultName(reportId, kind, number, sample: null);

    /// <summary>
    /// The default name with the sample it belongs to in front:
    /// <c>&lt;sample&gt;_&lt;reportId&gt;_&lt;what&gt;[-n].&lt;ext&gt;</c>, e.g. <c>invoice.exe_…_ioc-strict.csv</c>. The
    /// sample part is <see cref="SampleLabel"/>; without one the name is the report id's alone.
    /// </summary>
    /// <param name="reportId">The report id.</param>
    /// <param name="kind">The kind of artifact.</param>
    /// <param name="number">1-based number among artifacts of the same kind; 0 for none.</param>
    /// <param name="sample">What the file name says about the sample (see <see cref="SampleLabel"/>); null for none.</param>
    public static string? DefaultName(string? reportId, FalconXArtifactKind kind, int number, string? sample)
    {
        if (string.IsNullOrWhiteSpace(reportId) || kind == FalconXArtifactKind.Unknown)
        {
            return null;
        }

        var suffix = number > 0 ? "-" + number.ToString(CultureInfo.InvariantCulture) : string.Empty;
        var stem = kind switch
        {
            FalconXArtifactKind.IocStrictCsv => "ioc-strict.csv",
            FalconXArtifactKind.IocStrictJson => "ioc-strict.json",
            FalconXArtifactKind.IocStrictStix => "ioc-strict.stix.json",
            FalconXArtifactKind.IocStrictMaec => "ioc-strict.maec.json",
            FalconXArtifactKind.IocBroadCsv => "ioc-broad.csv",
            FalconXArtifactKind.IocBroadJson => "ioc-broad.json",
            FalconXArtifactKind.IocBroadStix => "ioc-broad.stix.json",
            FalconXArtifactKind.IocBroadMaec => "ioc-broad.maec.json",
            FalconXArtifactKind.Pcap => "network.pcap",
            FalconXArtifactKind.Screenshot => "screenshot" + suffix + ".png",
            FalconXArtifactKind.MemoryStrings => "memory-strings.txt",
            FalconXArtifactKind.MemoryDumps => "memory-dumps.bin",
            FalconXArtifactKind.MemoryDump => "memdump" + suffix + ".bin",
            FalconXArtifactKind.MemoryDumpHexDump => "memdump" + suffix + ".hex.txt",
            _ => "memdump" + suffix + ".strings.txt",
        };
        var label = Sanitize(sample);
        return Sanitize((label is null ? string.Empty : label + "_") + reportId!.Trim() + "_" + stem);
    }

    /// <summary>
    /// The sample's part of an artifact file name: its submit name (made safe, spaces as dashes, at most 60
    /// characters), else the first 12 characters of its SHA-256; null when neither is known.
    /// </summary>
    public static string? SampleLabel(string? submitName, string? sha256)
    {
        var name = Sanitize(submitName);
        if (name is not null)
        {
            name = string.Join("-", name.Split(Blanks, StringSplitOptions.RemoveEmptyEntries));
            return name.Length > 60 ? name.Substring(0, 60) : name;
        }

        var hash = sha256?.Trim();
        return hash is { Length: >= 12 } && hash.All(Uri.IsHexDigit) ? hash.Substring(0, 12).ToLowerInvariant() : null;
    }

    /// <summary>
    /// A name for an artifact known only by id: the API's file name when it sent one, else the id with an
    /// extension taken from the content type.
    /// </summary>
    public static string FallbackName(string artifactId, string? apiFileName, string? contentType)
    {
        var fromApi = Sanitize(apiFileName);
        if (fromApi is not null)
        {
            return fromApi;
        }

        var extension = contentType?.ToLowerInvariant() switch
        {
            "text/csv" => ".csv",
            "application/json" => ".json",
            "text/plain" => ".txt",
            "image/png" => ".png",
            "image/jpeg" => ".jpg",
            "application/vnd.tcpdump.pcap" or "application/pcap" => ".pcap",
            "application/gzip" or "application/x-gzip" => ".gz",
            _ => ".bin",
        };
        return (Sanitize(artifactId) ?? "artifact") + extension;
    }

    /// <summary>
    /// Makes an outside name safe as one file name in one folder: keeps only its last path segment, replaces
    /// characters no file system accepts, drops leading dots (no hidden files, no "..") and trailing dots and spaces,
    /// renames device names (CON, NUL…), and shortens it. Null when nothing usable is left.
    /// </summary>
    public static string? Sanitize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var text = name!.Trim().Trim('"');
        var slash = text.LastIndexOfAny(PathSeparators);
        if (slash >= 0)
        {
            text = text.Substring(slash + 1);
        }

        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            clean.Append(Invalid.Contains(c) || char.IsControl(c) ? '_' : c);
        }

        var result = clean.ToString().TrimStart('.', ' ').TrimEnd('.', ' ');
        if (result.Length == 0 || result.All(c => c == '_'))
        {
            return null;
        }

        var dot = result.IndexOf('.');
        var stem = dot < 0 ? result : result.Substring(0, dot);
        if (DeviceNames.Contains(stem))
        {
            result = "_" + result;
        }

        if (result.Length > MaxNameLength)
        {
            var extension = Path.GetExtension(result);
            if (extension.Length > 16)
            {
                extension = string.Empty;
            }

            result = result.Substring(0, MaxNameLength - extension.Length) + extension;
        }

        return result;
    }

    /// <summary>The full path of <paramref name="fileName"/> in <paramref name="folder"/>; throws when it would land anywhere else.</summary>
    /// <exception cref="ArgumentException">The name is not a plain file name inside the folder.</exception>
    public static string PathInFolder(string folder, string fileName)
    {
        var root = Path.GetFullPath(folder);
        var rootWithSeparator = root.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? root : root + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, fileName));
        if (!full.StartsWith(rootWithSeparator, StringComparison.Ordinal) || full.Length == rootWithSeparator.Length
            || full.IndexOf(Path.DirectorySeparatorChar, rootWithSeparator.Length) >= 0)
        {
            throw new ArgumentException($"The file name '{fileName}' would not land directly in '{root}'. Give a plain file name without folders.", nameof(fileName));
        }

        return full;
    }
}
