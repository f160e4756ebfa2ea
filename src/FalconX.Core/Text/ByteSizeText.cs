using System.Globalization;

namespace FalconX;

/// <summary>The one way FalconX writes a byte count for people: messages, progress and -WhatIf text.</summary>
public static class ByteSizeText
{
    private const long Kilobyte = 1024;
    private const long Megabyte = 1024 * 1024;

    /// <summary>"812 bytes", "4.5 KB", "12.3 MB" (binary multiples, invariant culture, one decimal at most).</summary>
    public static string Format(long bytes) =>
        bytes >= Megabyte
            ? (bytes / (double)Megabyte).ToString("0.#", CultureInfo.InvariantCulture) + " MB"
            : bytes >= Kilobyte
                ? (bytes / (double)Kilobyte).ToString("0.#", CultureInfo.InvariantCulture) + " KB"
                : bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
}
