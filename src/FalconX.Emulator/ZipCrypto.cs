using System;
using System.IO;
using System.Text;

namespace FalconX.Emulator;

/// <summary>
/// The traditional PKWARE zip encryption ("ZipCrypto"), the one the API uses for a sample downloaded with
/// password_protected=true (password "infected") and the one malware archives are usually exchanged with. The emulator
/// writes one-entry stored (uncompressed) zips with it, and reads stored or deflated entries encrypted with it.
/// AES-encrypted zips (WinZip AE-1/AE-2) and 7z are not supported; see docs/emulator.md.
/// </summary>
internal static class ZipCrypto
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    /// <summary>A zip holding <paramref name="content"/> as <paramref name="entryName"/>, stored and encrypted with <paramref name="password"/>.</summary>
    public static byte[] WriteEncryptedZip(string entryName, byte[] content, string password, DateTime modified)
    {
        var crc = Crc32(content);
        var keys = new Keys(password);
        var header = new byte[12];
        Random.Shared.NextBytes(header);
        header[11] = (byte)(crc >> 24); // the check byte readers compare after decrypting the header
        var encrypted = new byte[12 + content.Length];
        for (var i = 0; i < 12; i++)
        {
            encrypted[i] = keys.Encrypt(header[i]);
        }

        for (var i = 0; i < content.Length; i++)
        {
            encrypted[12 + i] = keys.Encrypt(content[i]);
        }

        var name = Encoding.UTF8.GetBytes(entryName);
        var (time, date) = DosTime(modified);
        using var zip = new MemoryStream();
        using var w = new BinaryWriter(zip);
        // Local file header: flags bit 0 (encrypted) and bit 11 (UTF-8 name), method 0 (stored).
        w.Write(0x04034b50u); w.Write((ushort)20); w.Write((ushort)0x0801); w.Write((ushort)0); w.Write(time); w.Write(date);
        w.Write(crc); w.Write((uint)encrypted.Length); w.Write((uint)content.Length); w.Write((ushort)name.Length); w.Write((ushort)0);
        w.Write(name); w.Write(encrypted);
        var central = (uint)zip.Position;
        w.Write(0x02014b50u); w.Write((ushort)20); w.Write((ushort)20); w.Write((ushort)0x0801); w.Write((ushort)0); w.Write(time); w.Write(date);
        w.Write(crc); w.Write((uint)encrypted.Length); w.Write((uint)content.Length); w.Write((ushort)name.Length); w.Write((ushort)0); w.Write((ushort)0);
        w.Write((ushort)0); w.Write((ushort)0); w.Write(0u); w.Write(0u); w.Write(name);
        var centralSize = (uint)zip.Position - central;
        w.Write(0x06054b50u); w.Write((ushort)0); w.Write((ushort)0); w.Write((ushort)1); w.Write((ushort)1); w.Write(centralSize); w.Write(central); w.Write((ushort)0);
        w.Flush();
        return zip.ToArray();
    }

    /// <summary>
    /// Decrypts the data of one encrypted entry (12-byte header then the data). Returns null when the password is wrong
    /// (the header's check byte disagrees), which is how zip tools tell a wrong password.
    /// </summary>
    public static byte[]? Decrypt(ReadOnlySpan<byte> data, string password, byte checkByte)
    {
        if (data.Length < 12)
        {
            return null;
        }

        var keys = new Keys(password);
        byte last = 0;
        for (var i = 0; i < 12; i++)
        {
            last = keys.Decrypt(data[i]);
        }

        if (last != checkByte)
        {
            return null;
        }

        var plain = new byte[data.Length - 12];
        for (var i = 0; i < plain.Length; i++)
        {
            plain[i] = keys.Decrypt(data[12 + i]);
        }

        return plain;
    }

    private static (ushort Time, ushort Date) DosTime(DateTime at)
    {
        var year = Math.Clamp(at.Year, 1980, 2107);
        return ((ushort)((at.Hour << 11) | (at.Minute << 5) | (at.Second / 2)), (ushort)(((year - 1980) << 9) | (at.Month << 5) | at.Day));
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }

    private sealed class Keys
    {
        private uint _k0 = 0x12345678;
        private uint _k1 = 0x23456789;
        private uint _k2 = 0x34567890;

        public Keys(string password)
        {
            foreach (var b in Encoding.UTF8.GetBytes(password))
            {
                Update(b);
            }
        }

        public byte Encrypt(byte plain)
        {
            var cipher = (byte)(plain ^ StreamByte());
            Update(plain);
            return cipher;
        }

        public byte Decrypt(byte cipher)
        {
            var plain = (byte)(cipher ^ StreamByte());
            Update(plain);
            return plain;
        }

        private byte StreamByte()
        {
            var temp = (ushort)(_k2 | 2);
            return (byte)((temp * (temp ^ 1)) >> 8);
        }

        private void Update(byte b)
        {
            _k0 = CrcTable[(_k0 ^ b) & 0xFF] ^ (_k0 >> 8);
            _k1 = (_k1 + (_k0 & 0xFF)) * 134775813 + 1;
            _k2 = CrcTable[(_k2 ^ (byte)(_k1 >> 24)) & 0xFF] ^ (_k2 >> 8);
        }
    }
}
