using System;
using System.IO;
using System.IO.Compression;
using System.Text;
using FalconX.Emulator;

namespace FalconX.Tests.Emulator;

/// <summary>The emulator names a sample's file type from its bytes, as the real sandbox's file_type field does.</summary>
public sealed class FileTypeSnifferTests
{
    /// <summary>A minimal PE image: MZ stub, PE signature at 0x80, COFF header and the start of the optional header.</summary>
    private static byte[] Pe(ushort machine, bool pe32Plus, ushort subsystem, bool dll)
    {
        var image = new byte[0x200];
        image[0] = (byte)'M';
        image[1] = (byte)'Z';
        BitConverter.GetBytes(0x80).CopyTo(image, 0x3C);
        Encoding.ASCII.GetBytes("PE\0\0").CopyTo(image, 0x80);
        BitConverter.GetBytes(machine).CopyTo(image, 0x84);
        BitConverter.GetBytes((ushort)(0x0102 | (dll ? 0x2000 : 0))).CopyTo(image, 0x80 + 22);
        BitConverter.GetBytes((ushort)(pe32Plus ? 0x20B : 0x10B)).CopyTo(image, 0x80 + 24);
        BitConverter.GetBytes(subsystem).CopyTo(image, 0x80 + 24 + 68);
        return image;
    }

    private static byte[] Elf(byte bits, ushort type, ushort machine)
    {
        var image = new byte[64];
        new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', bits, 1, 1 }.CopyTo(image, 0);
        BitConverter.GetBytes(type).CopyTo(image, 16);
        BitConverter.GetBytes(machine).CopyTo(image, 18);
        return image;
    }

    private static byte[] ZipWith(params string[] entries)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
                writer.Write("<x/>");
            }
        }

        return memory.ToArray();
    }

    [Theory]
    [InlineData(0x014C, false, 2, false, "PE32 executable (GUI) Intel 80386, for MS Windows", "peexe")]
    [InlineData(0x014C, false, 3, false, "PE32 executable (console) Intel 80386, for MS Windows", "peexe")]
    [InlineData(0x8664, true, 2, false, "PE32+ executable (GUI) x86-64, for MS Windows", "peexe")]
    [InlineData(0x8664, true, 3, false, "PE32+ executable (console) x86-64, for MS Windows", "peexe")]
    [InlineData(0x014C, false, 2, true, "PE32 executable (DLL) (GUI) Intel 80386, for MS Windows", "pedll")]
    [InlineData(0x8664, true, 3, true, "PE32+ executable (DLL) (console) x86-64, for MS Windows", "pedll")]
    public void Windows_executables_by_format_subsystem_and_machine(int machine, bool pe32Plus, int subsystem, bool dll, string expected, string shortType)
    {
        var (description, tags) = FileTypeSniffer.Sniff(Pe((ushort)machine, pe32Plus, (ushort)subsystem, dll), "x.bin");

        Assert.Equal(expected, description);
        Assert.Equal(shortType, tags[0]);
    }

    [Fact]
    public void Other_kinds_by_their_bytes_not_their_names()
    {
        Assert.Equal("ELF 64-bit LSB executable, x86-64", FileTypeSniffer.Sniff(Elf(2, 2, 0x3E), "evil.exe").Description);
        Assert.Equal("ELF 32-bit LSB shared object, Intel 80386", FileTypeSniffer.Sniff(Elf(1, 3, 0x03), "lib.so").Description);
        Assert.Equal("PDF document, version 1.7", FileTypeSniffer.Sniff("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj"u8, "invoice.exe").Description);
        Assert.Equal("Microsoft Word 2007+", FileTypeSniffer.Sniff(ZipWith("[Content_Types].xml", "word/document.xml"), "macro.docm").Description);
        Assert.Equal("Microsoft Excel 2007+", FileTypeSniffer.Sniff(ZipWith("[Content_Types].xml", "xl/workbook.xml"), "book.bin").Description);
        Assert.Equal("Zip archive data, at least v2.0 to extract", FileTypeSniffer.Sniff(ZipWith("readme.txt"), "a.docx").Description);
        Assert.StartsWith("Composite Document File V2 Document", FileTypeSniffer.Sniff(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0 }, "old.doc").Description, StringComparison.Ordinal);
        Assert.Equal("POSIX shell script, ASCII text executable", FileTypeSniffer.Sniff("#!/bin/sh\necho hi\n"u8, "run").Description);
        Assert.Equal("Python script, ASCII text executable", FileTypeSniffer.Sniff("#!/usr/bin/env python3\nprint(1)\n"u8, "x").Description);
        Assert.Equal("ASCII text", FileTypeSniffer.Sniff("harmless notes\n"u8, "notes.txt").Description);
        Assert.Equal("ASCII text, with CRLF line terminators", FileTypeSniffer.Sniff("Write-Host hi\r\n"u8, "a.ps1").Description);
        Assert.Equal(new[] { "ps1", "script" }, FileTypeSniffer.Sniff("Write-Host hi\r\n"u8, "a.ps1").Short);
        Assert.Equal("Unicode text, UTF-8 text", FileTypeSniffer.Sniff(Encoding.UTF8.GetBytes("Grüße aus Köln\n"), "g.txt").Description);
        var random = new byte[4096];
        new Random(42).NextBytes(random);
        random[0] = 0x00;
        var unknown = FileTypeSniffer.Sniff(random, "evil.exe");
        Assert.Equal("data", unknown.Description);
        Assert.Equal(new[] { "data" }, unknown.Short);
        Assert.Equal("MS-DOS executable", FileTypeSniffer.Sniff("MZ FALCONX-MALICIOUS"u8, "evil.exe").Description);
    }
}
