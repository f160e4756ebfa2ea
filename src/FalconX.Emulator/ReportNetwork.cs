using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using static FalconX.Emulator.ReportSeed;

namespace FalconX.Emulator;

/// <summary>
/// A report's network activity: DNS answers, contacted hosts and HTTP requests, mixing public addresses with private,
/// loopback, link-local and IPv6 ones because real reports contain all of them and mappers must keep only the meaningful
/// ones; and the 2023 shape's MalQuery entries about them.
/// </summary>
internal sealed record ReportNetwork(JsonArray Dns, JsonArray Hosts, JsonArray Http, List<string> Domains, List<string> Addresses)
{
    /// <summary>Draws the activity of one detonation from the report's random sequence.</summary>
    public static ReportNetwork Of(Submission submission, Random random)
    {
        var domainCount = submission.Marker == VerdictMarker.None ? 2 : 3 + random.Next(0, 3);
        var domains = new List<string>();
        var addresses = new List<string>();
        var dns = new JsonArray();
        for (var i = 0; i < domainCount; i++)
        {
            var domain = Domain(random);
            var address = PublicIPv4(random);
            domains.Add(domain);
            addresses.Add(address);
            dns.Add(new JsonObject { ["domain"] = domain, ["address"] = address, ["country"] = Country(random) });
        }

        var ipv6 = $"2a03:2880:{random.Next(0x1000, 0xffff):x4}:{random.Next(0x1000, 0xffff):x4}::{random.Next(1, 0xff):x}";
        dns.Add(new JsonObject { ["domain"] = "ipv6." + domains[0], ["address"] = ipv6, ["country"] = "Ireland" });
        var hosts = new JsonArray();
        var process = ProcessName(submission);
        var pid = 1000 + random.Next(0, 8000);
        foreach (var (address, port, country) in addresses.Select(a => (a, 443, Country(random)))
            .Concat([
                ($"10.{random.Next(0, 256)}.{random.Next(0, 256)}.{random.Next(1, 255)}", 445, string.Empty),
                ($"192.168.{random.Next(0, 256)}.{random.Next(1, 255)}", 139, string.Empty),
                ("127.0.0.1", 8080, string.Empty),
                ($"169.254.{random.Next(0, 256)}.{random.Next(1, 255)}", 80, string.Empty),
                (ipv6, 443, "Ireland"),
            ]))
        {
            var host = new JsonObject
            {
                ["address"] = address,
                ["port"] = port,
                ["protocol"] = "TCP",
                ["associated_runtime"] = new JsonArray(new JsonObject { ["name"] = process, ["pid"] = pid }),
            };
            if (country.Length > 0)
            {
                host["country"] = country;
            }

            hosts.Add(host);
        }

        var http = new JsonArray();
        for (var i = 0; i < Math.Min(2, domains.Count); i++)
        {
            var path = i == 0 ? "/gate.php" : $"/static/{Hex(submission.Sha256, submission.EnvironmentId, "path" + i, 8)}.bin";
            var method = i == 0 && submission.Marker != VerdictMarker.None ? "POST" : "GET";
            http.Add(new JsonObject
            {
                ["host"] = domains[i],
                ["host_ip"] = addresses[i],
                ["host_port"] = 80,
                ["url"] = path,
                ["method"] = method,
                ["response_code"] = 200,
                ["response_phrase"] = "OK",
                ["header"] = $"{method} {path} HTTP/1.1\nHost: {domains[i]}\nUser-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64)\nConnection: Keep-Alive",
            });
        }

        return new ReportNetwork(dns, hosts, http, domains, addresses);
    }

    /// <summary>The <c>malquery</c> entries: one per kind MalQuery answers about, and always a whitelisted one.</summary>
    public JsonArray Malquery(Submission submission, Random random)
    {
        // One entry per kind MalQuery answers about, and always a whitelisted one so mappers can test skipping it.
        var entries = new JsonArray(
            new JsonObject
            {
                ["verdict"] = submission.Marker == VerdictMarker.Malicious ? ReportGenerator.MaliciousVerdict : "unknown",
                ["input"] = Addresses[0],
                ["type"] = "ip",
                ["resources"] = new JsonArray(new JsonObject
                {
                    ["sha256"] = Hex(submission.Sha256, submission.EnvironmentId, "malquery-sha256", 64),
                    ["sha1"] = Hex(submission.Sha256, submission.EnvironmentId, "malquery-sha1", 40),
                    ["md5"] = Hex(submission.Sha256, submission.EnvironmentId, "malquery-md5", 32),
                    ["label"] = submission.Marker == VerdictMarker.Malicious ? ReportGenerator.MaliciousVerdict : "unknown",
                    ["file_size"] = 4096 + random.Next(0, 500_000),
                    ["file_type"] = "PE32",
                    ["first_seen_timestamp"] = Envelope.Timestamp(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(random.Next(0, 1500))),
                }),
            },
            new JsonObject { ["verdict"] = "whitelisted", ["input"] = "http://www.msftconnecttest.com/connecttest.txt", ["type"] = "url" },
            new JsonObject { ["verdict"] = "unknown", ["input"] = "http://" + Domains[^1] + "/", ["type"] = "url" });
        return entries;
    }
}
