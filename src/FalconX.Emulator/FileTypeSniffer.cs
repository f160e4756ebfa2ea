using System;
using System.IO;
using System.Text;

namespace FalconX.Emulator;

/// <summary>
/// Names a sample's file type from its first bytes, the way the real sandbox's <c>file_type</c> /
/// <c>file_type_short</c> fields read (libmagic-style descriptions): PE32 and PE32+ executables and DLLs with their
/// subsystem and machine, ELF, PDF, Office Open XML and other zip archives, OLE compound files, scripts, plain text,
/// and "data" for anything else. The file name's extension only refines text (a PowerShell or JavaScript file is
/// text to libmagic). The real service's exact strings are not published; these follow libmagic, whose
/// descriptions the seed report and the swagger examples show (e.g. "PE32 executable (GUI) Intel 80386, for MS
/// Windows").
/// </summary>
internal static class FileTypeSniffer
{
    /// <summary>Bytes read from the start of a sample: enough for the PE headers and a zip's first entry names.</summary>
    public const int HeadLength = 8192;

    /// <summary>Reads the head of a stored sample and names its type; "data" when the file cannot be read.</summary>
    public static (string Description, string[] Short) SniffFile(string path, string fileName)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var head = new byte[(int)Math.Min(HeadLength, stream.Length)];
            var total = 0;
            while (total < head.Length)
            {
                var read = stream.Read(head, total, head.Length - total);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            return Sniff(head.AsSpan(0, total), fileName);
        }
        catch (IOException)
        {
            return ("data", ["data"]);
        }
        catch (UnauthorizedAccessException)
        {
            return ("data", ["data"]);
        }
    }

    /// <summary>Names the type of a sample from its first bytes (and, for text, its name's extension).</summary>
    public static (string Description, string[] Short) Sniff(ReadOnlySpan<byte> head, string? fileName)
    {
        if (head.Length >= 2 && head[0] == (byte)'M' && head[1] == (byte)'Z')
        {
            return Pe(head);
        }

        if (head.StartsWith("\u007fELF"u8))
        {
            return Elf(head);
        }

        if (head.StartsWith("%PDF-"u8))
        {
            var version = head.Length >= 8 ? Encoding.ASCII.GetString(head.Slice(5, 3)) : "?";
            return ($"PDF document, version {version}", ["pdf"]);
        }

        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            return Zip(head);
        }

        if (head.StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }))
        {
            return ("Composite Document File V2 Document, Cannot read section info", ["ole", "office"]);
        }

        if (head.StartsWith("#!"u8))
        {
            var line = FirstLine(head.Slice(2)).Trim();
            var interpreter = Path.GetFileName(line.Split(' ', 2)[0]);
            if (interpreter == "env" && line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: > 1 } parts)
            {
                interpreter = parts[1];
            }

            var description = interpreter switch
            {
                "sh" or "bash" or "dash" => "POSIX shell script, ASCII text executable",
                var p when p.StartsWith("python", StringComparison.Ordinal) => "Python script, ASCII text executable",
                "perl" => "Perl script text executable",
                "pwsh" => "a pwsh script, ASCII text executable",
                _ => $"a {interpreter} script, ASCII text executable",
            };
            return (description, ["script", "text"]);
        }

        if (IsText(head, out var utf8, out var crlf))
        {
            var text = utf8 ? "Unicode text, UTF-8 text" : "ASCII text";
            if (crlf)
            {
                text += ", with CRLF line terminators";
            }

            var extension = Path.GetExtension(fileName ?? string.Empty).ToLowerInvariant();
            var script = extension switch
            {
                ".ps1" or ".psm1" or ".psd1" => "ps1",
                ".js" => "js",
                ".vbs" => "vbs",
                ".bat" or ".cmd" => "bat",
                ".hta" or ".html" or ".htm" => "html",
                _ => null,
            };
            return script is null ? (text, ["text"]) : (text, [script, "script"]);
        }

        return ("data", ["data"]);
    }

    private static (string, string[]) Pe(ReadOnlySpan<byte> head)
    {
        if (head.Length < 0x40)
        {
            return ("MS-DOS executable", ["msdos", "executable"]);
        }

        var offset = BitConverter.ToInt32(head.Slice(0x3C, 4));
        if (offset <= 0 || offset + 24 + 70 > head.Length || !head.Slice(offset, 4).SequenceEqual("PE\0\0"u8))
        {
            return ("MS-DOS executable", ["msdos", "executable"]);
        }

        var machine = BitConverter.ToUInt16(head.Slice(offset + 4, 2));
        var characteristics = BitConverter.ToUInt16(head.Slice(offset + 22, 2));
        var magic = BitConverter.ToUInt16(head.Slice(offset + 24, 2));
        var subsystem = BitConverter.ToUInt16(head.Slice(offset + 24 + 68, 2));
        var format = magic == 0x20B ? "PE32+" : "PE32";
        var isDll = (characteristics & 0x2000) != 0;
        var kind = subsystem switch
        {
            2 => "(GUI)",
            3 => "(console)",
            1 => "(native)",
            _ => "(Unknown subsystem)",
        };
        var cpu = machine switch
        {
            0x014C => "Intel 80386",
            0x8664 => "x86-64",
            0xAA64 => "Aarch64",
            0x01C4 => "ARMv7 Thumb",
            _ => "Unknown processor",
        };
        var description = isDll
            ? $"{format} executable (DLL) {kind} {cpu}, for MS Windows"
            : $"{format} executable {kind} {cpu}, for MS Windows";
        return (description, [isDll ? "pedll" : "peexe", "executable"]);
    }

    private static (string, string[]) Elf(ReadOnlySpan<byte> head)
    {
        if (head.Length < 20)
        {
            return ("ELF", ["elf"]);
        }

        var bits = head[4] == 2 ? "64-bit" : "32-bit";
        var bigEndian = head[5] == 2;
        var order = bigEndian ? "MSB" : "LSB";
        var type = Read16(head, 16, bigEndian) switch
        {
            1 => "relocatable",
            2 => "executable",
            3 => "shared object",
            4 => "core file",
            _ => "unknown type",
        };
        var machine = Read16(head, 18, bigEndian) switch
        {
            0x03 => "Intel 80386",
            0x3E => "x86-64",
            0x28 => "ARM",
            0xB7 => "ARM aarch64",
            0x08 => "MIPS",
            _ => "unknown machine",
        };
        return ($"ELF {bits} {order} {type}, {machine}", ["elf", "executable"]);
    }

    private static ushort Read16(ReadOnlySpan<byte> head, int at, bool bigEndian) =>
        bigEndian ? (ushort)((head[at] << 8) | head[at + 1]) : (ushort)(head[at] | (head[at + 1] << 8));

    private static (string, string[]) Zip(ReadOnlySpan<byte> head)
    {
        var text = Encoding.ASCII.GetString(head);
        if (text.Contains("AndroidManifest.xml", StringComparison.Ordinal) || text.Contains("classes.dex", StringComparison.Ordinal))
        {
            return ("Android package (APK)", ["apk"]);
        }

        if (text.Contains("word/", StringComparison.Ordinal))
        {
            return ("Microsoft Word 2007+", ["docx", "office"]);
        }

        if (text.Contains("xl/", StringComparison.Ordinal))
        {
            return ("Microsoft Excel 2007+", ["xlsx", "office"]);
        }

        if (text.Contains("ppt/", StringComparison.Ordinal))
        {
            return ("Microsoft PowerPoint 2007+", ["pptx", "office"]);
        }

        if (text.Contains("[Content_Types].xml", StringComparison.Ordinal))
        {
            return ("Microsoft OOXML", ["ooxml", "office"]);
        }

        return ("Zip archive data, at least v2.0 to extract", ["zip", "archive"]);
    }

    private static string FirstLine(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOfAny((byte)'\n', (byte)'\r');
        return Encoding.ASCII.GetString(end < 0 ? bytes : bytes.Slice(0, end));
    }

    private static bool IsText(ReadOnlySpan<byte> head, out bool utf8, out bool crlf)
    {
        utf8 = false;
        crlf = head.IndexOf("\r\n"u8) >= 0;
        if (head.IsEmpty)
        {
            return false;
        }

        foreach (var b in head)
        {
            if (b >= 0x80)
            {
                utf8 = true;
            }
            else if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C or 0x1B))
            {
                return false;
            }
        }

        if (!utf8)
        {
            return true;
        }

        // Valid UTF-8, allowing a sequence cut off at the end of the head.
        try
        {
            var length = head.Length;
            for (var back = 0; back < 4 && back < head.Length; back++)
            {
                if ((head[head.Length - 1 - back] & 0xC0) == 0xC0)
                {
                    length = head.Length - 1 - back;
                    break;
                }

                if ((head[head.Length - 1 - back] & 0x80) == 0)
                {
                    break;
                }
            }

            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(head.Slice(0, length));
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
