using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace FalconX.Emulator;

/// <summary>Produces the bytes of an artifact from the report that names it, in the real file format of each kind.</summary>
internal static class ArtifactFactory
{
    public sealed record Artifact(string ContentType, string Extension, byte[] Content);

    private sealed record Ioc(string Value, string Source, string Type);

    public static Artifact Create(Submission submission, ArtifactKind kind, int index)
    {
        var report = ReportGenerator.FullReport(submission);
        var sandbox = report["sandbox"]![0]!.AsObject();
        return kind switch
        {
            ArtifactKind.IocStrictCsv => Csv(Iocs(submission, sandbox, broad: false)),
            ArtifactKind.IocBroadCsv => Csv(Iocs(submission, sandbox, broad: true)),
            ArtifactKind.IocStrictJson => JsonPack(Iocs(submission, sandbox, broad: false)),
            ArtifactKind.IocBroadJson => JsonPack(Iocs(submission, sandbox, broad: true)),
            ArtifactKind.IocStrictStix => Stix(submission, Iocs(submission, sandbox, broad: false)),
            ArtifactKind.IocBroadStix => Stix(submission, Iocs(submission, sandbox, broad: true)),
            ArtifactKind.IocStrictMaec => Maec(submission, Iocs(submission, sandbox, broad: false)),
            ArtifactKind.IocBroadMaec => Maec(submission, Iocs(submission, sandbox, broad: true)),
            ArtifactKind.Pcap => Pcap(submission, sandbox),
            ArtifactKind.Screenshot => new Artifact("image/png", "png", Png(submission, index)),
            ArtifactKind.MemoryStrings => new Artifact("text/plain", "txt", Encoding.UTF8.GetBytes(string.Join('\n', MemoryStrings(sandbox)) + "\n")),
            // The real download is gzip-compressed whatever the Content-Type says (PSFalcon insists on a .gzip path).
            ArtifactKind.MemoryDumpBinary => new Artifact("application/octet-stream", "bin.gz", GzipBytes(DumpBytes(submission, index))),
            ArtifactKind.MemoryDumpHex => new Artifact("text/plain", "hex.txt", Encoding.ASCII.GetBytes(HexDump(DumpBytes(submission, index)))),
            ArtifactKind.MemoryDumpStrings => new Artifact("text/plain", "strings.txt", Encoding.UTF8.GetBytes(string.Join('\n', MemoryStrings(sandbox).Take(8)) + "\n")),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>Strict packs hold what the sample itself proves (its hash, dropped files, the hosts it talked to over HTTP); broad ones add every observed host and address.</summary>
    private static List<Ioc> Iocs(Submission submission, JsonObject sandbox, bool broad)
    {
        var iocs = new List<Ioc>();
        if (submission.IsUrl)
        {
            iocs.Add(new Ioc(submission.Url!, "input", "url"));
        }
        else
        {
            iocs.Add(new Ioc(submission.Sha256, "input", "sha256"));
        }

        foreach (var file in sandbox["extracted_files"]!.AsArray())
        {
            iocs.Add(new Ioc(file!["sha256"]!.GetValue<string>(), "extracted", "sha256"));
            if (broad)
            {
                iocs.Add(new Ioc(file["md5"]!.GetValue<string>(), "extracted", "md5"));
                iocs.Add(new Ioc(file["sha1"]!.GetValue<string>(), "extracted", "sha1"));
            }
        }

        foreach (var request in sandbox["http_requests"]!.AsArray())
        {
            iocs.Add(new Ioc(request!["host"]!.GetValue<string>(), "runtime", "domain"));
            if (broad)
            {
                iocs.Add(new Ioc("http://" + request["host"]!.GetValue<string>() + request["url"]!.GetValue<string>(), "runtime", "url"));
            }
        }

        if (broad)
        {
            foreach (var dns in sandbox["dns_requests"]!.AsArray())
            {
                iocs.Add(new Ioc(dns!["domain"]!.GetValue<string>(), "runtime", "domain"));
            }

            foreach (var host in sandbox["contacted_hosts"]!.AsArray())
            {
                var address = host!["address"]!.GetValue<string>();
                if (IPAddress.TryParse(address, out var ip) && IsPublic(ip))
                {
                    iocs.Add(new Ioc(address, "runtime", ip.AddressFamily == AddressFamily.InterNetworkV6 ? "ipv6" : "ipv4"));
                }
            }
        }

        return iocs.DistinctBy(i => (i.Value, i.Type)).ToList();
    }

    private static bool IsPublic(IPAddress ip)
    {
        if (IPAddress.IsLoopback(ip) || ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal)
        {
            return false;
        }

        var bytes = ip.GetAddressBytes();
        return ip.AddressFamily != AddressFamily.InterNetwork || !(bytes[0] == 10 || (bytes[0] == 172 && bytes[1] is >= 16 and <= 31)
            || (bytes[0] == 192 && bytes[1] == 168) || (bytes[0] == 169 && bytes[1] == 254));
    }

    private static Artifact Csv(List<Ioc> iocs)
    {
        var text = new StringBuilder("ioc,source,type\n");
        foreach (var ioc in iocs)
        {
            text.Append(CsvField(ioc.Value)).Append(',').Append(ioc.Source).Append(',').Append(ioc.Type).Append('\n');
        }

        return new Artifact("text/csv", "csv", Encoding.UTF8.GetBytes(text.ToString()));
    }

    private static string CsvField(string value) =>
        value.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static Artifact JsonPack(List<Ioc> iocs) => new("application/json", "json", Encoding.UTF8.GetBytes(new JsonArray(
        iocs.Select(i => (JsonNode)new JsonObject { ["ioc"] = i.Value, ["source"] = i.Source, ["type"] = i.Type }).ToArray()).ToJsonString()));

    private static Artifact Stix(Submission submission, List<Ioc> iocs)
    {
        var created = submission.FinishesAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var objects = new JsonArray();
        foreach (var ioc in iocs)
        {
            var pattern = ioc.Type switch
            {
                "sha256" => $"[file:hashes.'SHA-256' = '{ioc.Value}']",
                "sha1" => $"[file:hashes.'SHA-1' = '{ioc.Value}']",
                "md5" => $"[file:hashes.MD5 = '{ioc.Value}']",
                "domain" => $"[domain-name:value = '{ioc.Value}']",
                "ipv4" => $"[ipv4-addr:value = '{ioc.Value}']",
                "ipv6" => $"[ipv6-addr:value = '{ioc.Value}']",
                _ => $"[url:value = '{ioc.Value.Replace("'", "\\'", StringComparison.Ordinal)}']",
            };
            objects.Add(new JsonObject
            {
                ["type"] = "indicator",
                ["spec_version"] = "2.1",
                ["id"] = "indicator--" + Uuid(submission, "stix-" + ioc.Type + ioc.Value),
                ["created"] = created,
                ["modified"] = created,
                ["name"] = ioc.Value,
                ["pattern"] = pattern,
                ["pattern_type"] = "stix",
                ["valid_from"] = created,
                ["labels"] = Envelope.Strings([ioc.Source]),
            });
        }

        var bundle = new JsonObject { ["type"] = "bundle", ["id"] = "bundle--" + Uuid(submission, "stix-bundle"), ["objects"] = objects };
        return new Artifact("application/json", "stix.json", Encoding.UTF8.GetBytes(bundle.ToJsonString()));
    }

    private static Artifact Maec(Submission submission, List<Ioc> iocs)
    {
        var observables = new JsonObject();
        var index = 0;
        foreach (var ioc in iocs)
        {
            observables[index.ToString(CultureInfo.InvariantCulture)] = ioc.Type switch
            {
                "sha256" or "sha1" or "md5" => new JsonObject { ["type"] = "file", ["hashes"] = new JsonObject { [ioc.Type.ToUpperInvariant()] = ioc.Value } },
                "domain" => new JsonObject { ["type"] = "domain-name", ["value"] = ioc.Value },
                "ipv4" => new JsonObject { ["type"] = "ipv4-addr", ["value"] = ioc.Value },
                "ipv6" => new JsonObject { ["type"] = "ipv6-addr", ["value"] = ioc.Value },
                _ => new JsonObject { ["type"] = "url", ["value"] = ioc.Value },
            };
            index++;
        }

        var package = new JsonObject
        {
            ["type"] = "package",
            ["id"] = "package--" + Uuid(submission, "maec-package"),
            ["schema_version"] = "5.0",
            ["maec_objects"] = new JsonArray(new JsonObject
            {
                ["type"] = "malware-instance",
                ["id"] = "malware-instance--" + Uuid(submission, "maec-instance"),
                ["instance_object_refs"] = Envelope.Strings(["0"]),
            }),
            ["observable_objects"] = observables,
        };
        return new Artifact("application/json", "maec.json", Encoding.UTF8.GetBytes(package.ToJsonString()));
    }

    /// <summary>A libpcap file with one Ethernet/IPv4/UDP DNS query per domain the sample resolved.</summary>
    private static Artifact Pcap(Submission submission, JsonObject sandbox)
    {
        using var stream = new MemoryStream();
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xa1b2c3d4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1);
        stream.Write(header);
        var seconds = (uint)submission.CreatedAt.ToUnixTimeSeconds();
        ushort queryId = 0x1000;
        Span<byte> record = stackalloc byte[16];
        foreach (var dns in sandbox["dns_requests"]!.AsArray())
        {
            var packet = DnsQueryFrame(dns!["domain"]!.GetValue<string>(), queryId++);
            record.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(record, seconds++);
            BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)packet.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)packet.Length);
            stream.Write(record);
            stream.Write(packet);
        }

        return new Artifact("application/vnd.tcpdump.pcap", "pcap", stream.ToArray());
    }

    private static byte[] DnsQueryFrame(string domain, ushort id)
    {
        var question = new List<byte>();
        foreach (var label in domain.Split('.'))
        {
            question.Add((byte)label.Length);
            question.AddRange(Encoding.ASCII.GetBytes(label));
        }

        question.AddRange(new byte[] { 0, 0, 1, 0, 1 });
        var dnsLength = 12 + question.Count;
        var udpLength = 8 + dnsLength;
        var ipLength = 20 + udpLength;
        var frame = new byte[14 + ipLength];
        var span = frame.AsSpan();
        new byte[] { 0x52, 0x54, 0x00, 0x12, 0x35, 0x02, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0x08, 0x00 }.CopyTo(span);
        var ip = span.Slice(14, 20);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)ipLength);
        ip[8] = 128;
        ip[9] = 17;
        new byte[] { 192, 168, 56, 101 }.CopyTo(ip[12..]);
        new byte[] { 192, 168, 56, 1 }.CopyTo(ip[16..]);
        uint sum = 0;
        for (var i = 0; i < 20; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(ip[i..]);
        }

        while (sum > 0xffff)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], (ushort)~sum);
        var udp = span.Slice(34, 8);
        BinaryPrimitives.WriteUInt16BigEndian(udp, 49152);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], 53);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)udpLength);
        var dns = span[42..];
        BinaryPrimitives.WriteUInt16BigEndian(dns, id);
        BinaryPrimitives.WriteUInt16BigEndian(dns[2..], 0x0100);
        BinaryPrimitives.WriteUInt16BigEndian(dns[4..], 1);
        question.ToArray().CopyTo(dns[12..]);
        return frame;
    }

    /// <summary>A small solid-colour PNG (the colour comes from the sample), so image viewers and decoders accept it.</summary>
    internal static byte[] Png(Submission submission, int index)
    {
        const int width = 32;
        const int height = 24;
        var color = SHA256.HashData(Encoding.UTF8.GetBytes(submission.Sha256 + "|png|" + index.ToString(CultureInfo.InvariantCulture)));
        var raw = new byte[height * (1 + (width * 3))];
        for (var y = 0; y < height; y++)
        {
            var row = y * (1 + (width * 3));
            for (var x = 0; x < width; x++)
            {
                raw[row + 1 + (x * 3)] = color[0];
                raw[row + 2 + (x * 3)] = color[1];
                raw[row + 3 + (x * 3)] = color[2];
            }
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = 2;
        WriteChunk(png, "IHDR", ihdr);
        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
        png.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        png.Write(crc);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xffffffffu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xedb88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }

    private static IEnumerable<string> MemoryStrings(JsonObject sandbox)
    {
        foreach (var dns in sandbox["dns_requests"]!.AsArray())
        {
            yield return dns!["domain"]!.GetValue<string>();
        }

        foreach (var process in sandbox["processes"]!.AsArray())
        {
            yield return process!["normalized_path"]!.GetValue<string>();
            if (process["mutants"] is JsonArray mutants)
            {
                foreach (var mutant in mutants)
                {
                    yield return mutant!.GetValue<string>();
                }
            }
        }

        yield return "Software\\Microsoft\\Windows\\CurrentVersion\\Run";
        yield return "Mozilla/5.0 (Windows NT 10.0; Win64; x64)";
    }

    private static byte[] GzipBytes(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    private static byte[] DumpBytes(Submission submission, int index)
    {
        var bytes = new byte[4096];
        var block = SHA256.HashData(Encoding.UTF8.GetBytes(submission.Sha256 + "|dump|" + index.ToString(CultureInfo.InvariantCulture)));
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = block[i % block.Length];
        }

        bytes[0] = (byte)'M';
        bytes[1] = (byte)'Z';
        return bytes;
    }

    private static string HexDump(byte[] bytes)
    {
        var text = new StringBuilder();
        for (var offset = 0; offset < bytes.Length; offset += 16)
        {
            text.Append(offset.ToString("x8", CultureInfo.InvariantCulture)).Append("  ");
            var line = bytes.AsSpan(offset, Math.Min(16, bytes.Length - offset));
            foreach (var b in line)
            {
                text.Append(b.ToString("x2", CultureInfo.InvariantCulture)).Append(' ');
            }

            text.Append(' ');
            foreach (var b in line)
            {
                text.Append(b is >= 0x20 and < 0x7f ? (char)b : '.');
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Uuid(Submission submission, string label)
    {
        var hex = ReportSeed.Hex(submission.Sha256, submission.EnvironmentId, label, 32);
        return $"{hex[..8]}-{hex[8..12]}-4{hex[13..16]}-a{hex[17..20]}-{hex[20..]}";
    }
}
