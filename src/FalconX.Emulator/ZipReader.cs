using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace FalconX.Emulator;

/// <summary>
/// Reads the entries of a zip held in memory, including ones encrypted with traditional PKWARE encryption
/// (<see cref="ZipCrypto"/>), stored or deflated. Enough for the archive routes: what malware exchange uses
/// ("infected" zips). Not supported, and reported as such: AES-encrypted entries, other compression methods, zip64
/// and multi-disk archives, and 7z (the API accepts it; the emulator does not).
/// </summary>
internal static class ZipReader
{
    public sealed record Entry(string Name, bool Encrypted, int Method, uint Crc, long CompressedSize, long Size, int LocalHeaderOffset, ushort Flags, ushort ModTime);

    public sealed class ZipException(string message) : Exception(message);

    public sealed class WrongPasswordException(string message) : Exception(message);

    /// <summary>The entries of the central directory (files only, no folders).</summary>
    public static IReadOnlyList<Entry> List(byte[] zip)
    {
        var eocd = -1;
        for (var i = zip.Length - 22; i >= Math.Max(0, zip.Length - 22 - 65535); i--)
        {
            if (BitConverter.ToUInt32(zip, i) == 0x06054b50)
            {
                eocd = i;
                break;
            }
        }

        if (zip.Length < 22 || eocd < 0)
        {
            throw new ZipException("the file is not a zip archive (no end of central directory); 7z and other formats are not supported by the emulator.");
        }

        var count = BitConverter.ToUInt16(zip, eocd + 10);
        var offset = BitConverter.ToUInt32(zip, eocd + 16);
        if (count == 0xFFFF || offset == 0xFFFFFFFF)
        {
            throw new ZipException("zip64 archives are not supported by the emulator.");
        }

        var entries = new List<Entry>();
        var at = (int)offset;
        for (var n = 0; n < count; n++)
        {
            if (at + 46 > zip.Length || BitConverter.ToUInt32(zip, at) != 0x02014b50)
            {
                throw new ZipException("the zip's central directory is damaged.");
            }

            var flags = BitConverter.ToUInt16(zip, at + 8);
            var method = BitConverter.ToUInt16(zip, at + 10);
            var modTime = BitConverter.ToUInt16(zip, at + 12);
            var crc = BitConverter.ToUInt32(zip, at + 16);
            var compressed = BitConverter.ToUInt32(zip, at + 20);
            var size = BitConverter.ToUInt32(zip, at + 24);
            var nameLength = BitConverter.ToUInt16(zip, at + 28);
            var extraLength = BitConverter.ToUInt16(zip, at + 30);
            var commentLength = BitConverter.ToUInt16(zip, at + 32);
            var local = BitConverter.ToInt32(zip, at + 42);
            if (at + 46 + nameLength > zip.Length)
            {
                throw new ZipException("the zip's central directory is damaged.");
            }

            var name = ((flags & 0x800) != 0 ? Encoding.UTF8 : Encoding.Latin1).GetString(zip, at + 46, nameLength);
            if (!name.EndsWith('/'))
            {
                entries.Add(new Entry(name, (flags & 1) != 0, method, crc, compressed, size, local, flags, modTime));
            }

            at += 46 + nameLength + extraLength + commentLength;
        }

        return entries;
    }

    /// <summary>The bytes of one entry; throws <see cref="WrongPasswordException"/> or <see cref="ZipException"/>.</summary>
    public static byte[] Extract(byte[] zip, Entry entry, string? password)
    {
        var local = entry.LocalHeaderOffset;
        if (local < 0 || local + 30 > zip.Length || BitConverter.ToUInt32(zip, local) != 0x04034b50)
        {
            throw new ZipException($"the entry '{entry.Name}' is damaged.");
        }

        var start = local + 30 + BitConverter.ToUInt16(zip, local + 26) + BitConverter.ToUInt16(zip, local + 28);
        if (start + entry.CompressedSize > zip.Length)
        {
            throw new ZipException($"the entry '{entry.Name}' is cut short.");
        }

        var data = zip.AsSpan(start, (int)entry.CompressedSize);
        if (entry.Method == 99)
        {
            throw new ZipException($"the entry '{entry.Name}' is AES-encrypted, which the emulator does not support (use traditional zip encryption).");
        }

        if (entry.Encrypted)
        {
            if (string.IsNullOrEmpty(password))
            {
                throw new WrongPasswordException($"the entry '{entry.Name}' is encrypted and no password was given.");
            }

            // With a data descriptor (flag bit 3) the check byte is the high byte of the modification time.
            var check = (entry.Flags & 8) != 0 ? (byte)(entry.ModTime >> 8) : (byte)(entry.Crc >> 24);
            data = ZipCrypto.Decrypt(data, password, check) ?? throw new WrongPasswordException($"the password does not open the entry '{entry.Name}'.");
        }

        byte[] plain;
        switch (entry.Method)
        {
            case 0:
                plain = data.ToArray();
                break;
            case 8:
                try
                {
                    using var inflate = new DeflateStream(new MemoryStream(data.ToArray()), CompressionMode.Decompress);
                    using var output = new MemoryStream();
                    inflate.CopyTo(output);
                    plain = output.ToArray();
                }
                catch (InvalidDataException)
                {
                    throw entry.Encrypted
                        ? new WrongPasswordException($"the password does not open the entry '{entry.Name}'.")
                        : new ZipException($"the entry '{entry.Name}' is damaged.");
                }

                break;
            default:
                throw new ZipException($"the entry '{entry.Name}' uses compression method {entry.Method}; the emulator reads stored and deflated entries only.");
        }

        if (ZipCrypto.Crc32(plain) != entry.Crc)
        {
            // One check byte lets a wrong password through 1 time in 256; the CRC catches it.
            throw entry.Encrypted
                ? new WrongPasswordException($"the password does not open the entry '{entry.Name}'.")
                : new ZipException($"the entry '{entry.Name}' is damaged (CRC mismatch).");
        }

        return plain;
    }
}
