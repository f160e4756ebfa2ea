using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace FalconX.Emulator;

/// <summary>The kinds of downloadable artifact a report names.</summary>
internal enum ArtifactKind
{
    IocStrictCsv,
    IocBroadCsv,
    IocStrictJson,
    IocBroadJson,
    IocStrictStix,
    IocBroadStix,
    IocStrictMaec,
    IocBroadMaec,
    Pcap,
    Screenshot,
    MemoryStrings,
    MemoryDumpBinary,
    MemoryDumpHex,
    MemoryDumpStrings,
}

/// <summary>
/// Builds full sandbox reports with the shape of real ones. Everything but the ids, timestamps and the names the caller
/// chose is derived from the sample's SHA-256 and the environment id, so the same input always gives the same report,
/// and the verdict comes from the marker in the sample (see docs/emulator.md).
/// </summary>
internal static class ReportGenerator
{
    public const string MaliciousVerdict = "malicious";
    public const string SuspiciousVerdict = "suspicious";
    public const string CleanVerdict = "no specific threat";
    public const string NoVerdict = "no verdict";

    private static readonly (string Tactic, string Technique, string Id, string Evidence)[] Attacks =
    [
        ("Execution", "Command and Scripting Interpreter", "T1059", "Launches a command line interpreter"),
        ("Persistence", "Scheduled Task/Job", "T1053", "Creates a scheduled task"),
        ("Persistence", "Boot or Logon Autostart Execution", "T1547", "Writes a Run key in the registry"),
        ("Privilege Escalation", "Process Injection", "T1055", "Writes data to a remote process"),
        ("Defense Evasion", "Obfuscated Files or Information", "T1027", "Contains high-entropy sections"),
        ("Defense Evasion", "Virtualization/Sandbox Evasion", "T1497", "Queries the BIOS vendor"),
        ("Credential Access", "Credentials from Password Stores", "T1555", "Reads browser credential stores"),
        ("Discovery", "System Information Discovery", "T1082", "Reads the computer name"),
        ("Discovery", "Query Registry", "T1012", "Reads installed software keys"),
        ("Collection", "Data from Local System", "T1005", "Searches the user profile for documents"),
        ("Command and Control", "Application Layer Protocol", "T1071", "Sends HTTP POST requests to an unusual host"),
        ("Command and Control", "Ingress Tool Transfer", "T1105", "Downloads an executable file"),
        ("Exfiltration", "Exfiltration Over C2 Channel", "T1041", "Uploads collected data over HTTP"),
        ("Impact", "Data Encrypted for Impact", "T1486", "Renames many files with a new extension"),
    ];

    private static readonly (string Category, string Name, string Identifier, int Level)[] Signatures =
    [
        ("General", "Creates mutants", "mutant-0", 0),
        ("General", "Reads the Windows installation date", "registry-17", 0),
        ("Network Related", "Contacts domains", "network-1", 0),
        ("Anti-Detection/Stealthyness", "Queries kernel debugger information", "anti-debug-3", 1),
        ("Persistence", "Modifies auto-execute functionality by setting/creating a value in the registry", "persistence-12", 1),
        ("Spyware/Information Retrieval", "Reads browser cookies and saved passwords", "stealer-4", 2),
        ("Hiding", "Drops a file into a hidden system folder", "hiding-2", 1),
        ("Network Related", "Sends HTTP POST requests with encoded data", "network-22", 2),
        ("Ransomware", "Deletes volume shadow copies", "ransom-1", 2),
        ("Installation/Persistence", "Drops executable files", "binary-0", 1),
    ];

    private static readonly string[][] MaliciousTags =
    [
        ["criminal", "informationstealer", "kpotstealer"],
        ["criminal", "ransomware", "lockbit"],
        ["backdoor", "rat", "remcos"],
        ["banker", "trojan", "qakbot"],
    ];

    private static readonly string[] Syllables = ["ka", "lo", "mir", "zen", "tor", "va", "qu", "rix", "sel", "pan", "dor", "fy", "neo", "lux", "bra"];
    private static readonly string[] EmulatedTag = ["emulated"];
    private static readonly string[] Tlds = ["com", "net", "top", "ru", "info", "xyz"];
    private static readonly int[] PublicFirstOctets = [23, 31, 45, 52, 62, 77, 89, 91, 104, 138, 151, 176, 185, 194, 212];

    /// <summary>The verdict and score range a marker asks for.</summary>
    public static string VerdictOf(VerdictMarker marker) => marker switch
    {
        VerdictMarker.Malicious => MaliciousVerdict,
        VerdictMarker.Suspicious => SuspiciousVerdict,
        VerdictMarker.Error => NoVerdict,
        _ => CleanVerdict,
    };

    /// <summary>The artifact id of one artifact of a (sample, environment) pair: a 64-hex digest, like real ids.</summary>
    public static string ArtifactId(string sha256, int environmentId, ArtifactKind kind, int index = 0) =>
        Hex(sha256, environmentId, "artifact:" + kind + ":" + index.ToString(CultureInfo.InvariantCulture), 64);

    public static JsonObject FullReport(Submission submission) => Build(submission, summary: false);

    public static JsonObject Summary(Submission submission) => Build(submission, summary: true);

    /// <summary>Every artifact a finished report names, so the artifact endpoint can tell known ids from unknown ones.</summary>
    public static IEnumerable<(string Id, ArtifactKind Kind, int Index)> ArtifactsOf(Submission submission)
    {
        if (submission.Marker == VerdictMarker.Error)
        {
            yield break;
        }

        foreach (var kind in new[]
        {
            ArtifactKind.IocStrictCsv, ArtifactKind.IocBroadCsv, ArtifactKind.IocStrictJson, ArtifactKind.IocBroadJson,
            ArtifactKind.IocStrictStix, ArtifactKind.IocBroadStix, ArtifactKind.IocStrictMaec, ArtifactKind.IocBroadMaec,
            ArtifactKind.Pcap, ArtifactKind.MemoryStrings,
        })
        {
            yield return (ArtifactId(submission.Sha256, submission.EnvironmentId, kind), kind, 0);
        }

        var screenshots = ScreenshotCount(submission);
        for (var i = 0; i < screenshots; i++)
        {
            yield return (ArtifactId(submission.Sha256, submission.EnvironmentId, ArtifactKind.Screenshot, i), ArtifactKind.Screenshot, i);
        }

        for (var i = 0; i < MemoryDumpCount(submission); i++)
        {
            yield return (ArtifactId(submission.Sha256, submission.EnvironmentId, ArtifactKind.MemoryDumpBinary, i), ArtifactKind.MemoryDumpBinary, i);
            yield return (ArtifactId(submission.Sha256, submission.EnvironmentId, ArtifactKind.MemoryDumpHex, i), ArtifactKind.MemoryDumpHex, i);
            yield return (ArtifactId(submission.Sha256, submission.EnvironmentId, ArtifactKind.MemoryDumpStrings, i), ArtifactKind.MemoryDumpStrings, i);
        }
    }

    private static int ScreenshotCount(Submission s) => 1 + (int)(Seed(s.Sha256, s.EnvironmentId, "screens") % 3);

    private static int MemoryDumpCount(Submission s) => s.Marker is VerdictMarker.Malicious or VerdictMarker.Suspicious ? 1 + (int)(Seed(s.Sha256, s.EnvironmentId, "dumps") % 2) : 0;

    private static JsonObject Build(Submission submission, bool summary)
    {
        var random = RandomFor(submission);
        SandboxEnvironments.TryGet(submission.EnvironmentId, out var environment);
        var verdict = VerdictOf(submission.Marker);
        var report = new JsonObject
        {
            ["id"] = submission.Id,
            ["cid"] = submission.Cid,
            ["created_timestamp"] = Envelope.Timestamp(submission.CreatedAt),
            ["origin"] = "apigateway",
            ["verdict"] = verdict,
            ["user_id"] = "emulator-api-client",
            ["user_name"] = "FalconX emulator API client",
            ["user_tags"] = Envelope.Strings(submission.UserTags),
        };
        if (!summary)
        {
            report["index_timestamp"] = Envelope.Timestamp(submission.FinishesAt);
            report["user_uuid"] = FormatUuid(Hex(submission.Cid, 0, "user", 32));
        }

        var sandbox = new JsonObject
        {
            ["sha256"] = submission.Sha256,
            ["environment_id"] = submission.EnvironmentId,
            ["environment_description"] = environment?.Description ?? "Unknown environment",
            ["submit_name"] = submission.SubmitName,
            ["submission_type"] = submission.IsUrl ? "page_url" : "file",
        };
        if (submission.Url is not null)
        {
            // Real URL reports store the URL defanged and have no submit_name.
            sandbox["submit_url"] = submission.StoredUrl;
            if (submission.Sandbox["submit_name"] is null)
            {
                sandbox.Remove("submit_name");
            }
        }

        if (submission.NetworkSettings is not null)
        {
            sandbox["network_settings"] = submission.NetworkSettings;
        }

        if (submission.Marker == VerdictMarker.Error)
        {
            sandbox["verdict"] = NoVerdict;
            sandbox["error_type"] = "FILE_TYPE_BAD_ERROR";
            sandbox["error_origin"] = "CLIENT";
            sandbox["error_message"] = "The file type is not supported by the sandbox: submit one of the supported formats (executables, Office documents, PDF, scripts, archives of them).";
            report["sandbox"] = new JsonArray(sandbox);
            return report;
        }

        var score = submission.Marker switch
        {
            VerdictMarker.Malicious => random.Next(70, 101),
            VerdictMarker.Suspicious => random.Next(30, 70),
            _ => random.Next(0, 30),
        };
        var (fileType, fileTypeShort) = FileTypeOf(submission);
        var classificationTags = submission.Marker switch
        {
            VerdictMarker.Malicious => MaliciousTags[random.Next(MaliciousTags.Length)],
            VerdictMarker.Suspicious => ["dropper"],
            _ => Array.Empty<string>(),
        };
        var network = Network(submission, random);
        var extracted = ExtractedFiles(submission, random);
        var mitre = MitreAttacks(submission, random);
        var incidents = new JsonArray();
        if (submission.Marker != VerdictMarker.None)
        {
            incidents.Add(new JsonObject { ["name"] = "Network Behavior", ["details"] = Envelope.Strings([$"Contacts {network.Hosts.Count} hosts"]) });
        }

        var sampleFlags = submission.Marker == VerdictMarker.None
            ? new[] { "Network Traffic" }
            : new[] { "Network Traffic", "Extracted Files", "Multi-Process" };

        sandbox["verdict"] = verdict;
        sandbox["threat_score"] = score;
        sandbox["file_type"] = fileType;
        sandbox["classification_tags"] = Envelope.Strings(classificationTags);
        sandbox["sample_flags"] = Envelope.Strings(sampleFlags);
        sandbox["incidents"] = incidents;
        if (summary)
        {
            if (submission.ReportShape != "2023")
            {
                report["has_recording"] = submission.Marker != VerdictMarker.None;
            }

            report["tags"] = Envelope.Strings(classificationTags);
            AddIocPackIds(report, submission);
            report["sandbox"] = new JsonArray(sandbox);
            return report;
        }

        sandbox["file_size"] = submission.IsUrl ? 0 : (int)Math.Min(int.MaxValue, submission.FileSize);
        sandbox["file_type_short"] = Envelope.Strings(fileTypeShort);
        sandbox["architecture"] = environment?.Bitness == 32 ? "32 Bit" : "64 Bit";
        sandbox["classification"] = Envelope.Strings(Classification(fileTypeShort));
        if (environment?.Family == "windows")
        {
            var isSeven = environment.Id is 100 or 110;
            sandbox["windows_version_name"] = isSeven ? "Windows 7" : environment.Id == 140 ? "Windows 11" : "Windows 10";
            sandbox["windows_version_edition"] = "Professional";
            sandbox["windows_version_service_pack"] = isSeven ? "Service Pack 1" : string.Empty;
            sandbox["windows_version_version"] = isSeven ? "6.1 (build 7601)" : "10.0 (build 19045)";
            sandbox["windows_version_bitness"] = environment.Bitness;
        }

        sandbox["dns_requests"] = network.Dns;
        sandbox["contacted_hosts"] = network.Hosts;
        sandbox["http_requests"] = network.Http;
        sandbox["extracted_files"] = extracted;
        sandbox["extracted_interesting_strings"] = new JsonArray(
            new JsonObject { ["value"] = network.Domains[0], ["type"] = "Ansi", ["source"] = "Runtime Data", ["process"] = ProcessName(submission) },
            new JsonObject { ["value"] = "Software\\Microsoft\\Windows\\CurrentVersion\\Run", ["type"] = "Unicode", ["source"] = "Image Processing", ["filename"] = submission.SubmitName });
        sandbox["signatures"] = SignaturesFor(submission, random);
        sandbox["processes"] = Processes(submission, random, network.Domains[0]);
        sandbox["mitre_attacks"] = mitre;
        sandbox["version_info"] = new JsonArray(
            new JsonObject { ["id"] = "FileVersion", ["value"] = $"{random.Next(1, 9)}.{random.Next(0, 20)}.{random.Next(0, 9999)}" },
            new JsonObject { ["id"] = "InternalName", ["value"] = Path.GetFileNameWithoutExtension(submission.SubmitName) });
        sandbox["pcap_report_artifact_id"] = ArtifactId(submission.Sha256, submission.EnvironmentId, ArtifactKind.Pcap);
        sandbox["memory_strings_artifact_id"] = ArtifactId(submission.Sha256, submission.EnvironmentId, ArtifactKind.MemoryStrings);
        sandbox["screenshots_artifact_ids"] = Envelope.Strings(Enumerable.Range(0, ScreenshotCount(submission))
            .Select(i => ArtifactId(submission.Sha256, submission.EnvironmentId, ArtifactKind.Screenshot, i)));
        var dumps = new JsonArray();
        for (var i = 0; i < MemoryDumpCount(submission); i++)
        {
            dumps.Add(new JsonObject
            {
                ["address"] = "0x" + (0x400000 + (i * 0x10000)).ToString("x8", CultureInfo.InvariantCulture),
                ["binary_content_id"] = ArtifactId(submission.Sha256, submission.EnvironmentId, ArtifactKind.MemoryDumpBinary, i),
                ["hex_dump_id"] = ArtifactId(submission.Sha256, submission.EnvironmentId, ArtifactKind.MemoryDumpHex, i),
                ["extracted_strings_id"] = ArtifactId(submission.Sha256, submission.EnvironmentId, ArtifactKind.MemoryDumpStrings, i),
                ["file_process"] = ProcessName(submission),
                ["file_process_pid"] = 2000 + random.Next(0, 4000),
                ["file_process_sha256"] = submission.Sha256,
                ["filename"] = $"{Path.GetFileNameWithoutExtension(submission.SubmitName)}.{i}.dmp",
                ["flags"] = "RWX",
                ["verdict"] = verdict,
            });
        }

        sandbox["memory_dumps"] = dumps;
        report["sandbox"] = new JsonArray(sandbox);
        report["tags"] = Envelope.Strings(classificationTags.Concat(submission.Marker == VerdictMarker.None ? [] : EmulatedTag));
        AddIocPackIds(report, submission);
        // Drawn in both shapes so that everything after it is the same random sequence.
        var malquery = Malquery(submission, network, random);
        if (submission.ReportShape == "2023")
        {
            report["malquery"] = malquery;
        }
        else
        {
            // The 2026-07-21 schema: no malquery; an AI summary, the recording flag, the verdict's source.
            report["verdict_source"] = "sandbox";
            report["has_recording"] = submission.Marker != VerdictMarker.None;
            report["ai_summary"] = new JsonObject
            {
                ["report_id"] = submission.Id,
                ["summary_id"] = Hex(submission.Sha256, submission.EnvironmentId, "ai-summary", 32),
                ["status"] = "completed",
                ["summary"] = $"The sample was detonated in {environment?.Description ?? "the sandbox"} and judged {verdict}.",
                ["updated_at"] = Envelope.Timestamp(submission.FinishesAt),
                ["version_timestamp"] = Envelope.Timestamp(submission.FinishesAt),
            };
            sandbox["is_certificates_valid"] = false;
        }

        report["threat_graph"] = new JsonObject
        {
            ["indicators"] = new JsonArray(extracted.Select(f => (JsonNode)new JsonObject
            {
                ["type"] = "sha256",
                ["value"] = f!["sha256"]!.GetValue<string>(),
                ["global_prevalence"] = random.Next(2) == 0 ? "common" : "rare",
                ["customer_prevalence"] = "low",
            }).ToArray()),
        };
        return report;
    }

    private static void AddIocPackIds(JsonObject report, Submission submission)
    {
        foreach (var (field, kind) in new[]
        {
            ("ioc_report_strict_csv_artifact_id", ArtifactKind.IocStrictCsv),
            ("ioc_report_broad_csv_artifact_id", ArtifactKind.IocBroadCsv),
            ("ioc_report_strict_json_artifact_id", ArtifactKind.IocStrictJson),
            ("ioc_report_broad_json_artifact_id", ArtifactKind.IocBroadJson),
            ("ioc_report_strict_stix_artifact_id", ArtifactKind.IocStrictStix),
            ("ioc_report_broad_stix_artifact_id", ArtifactKind.IocBroadStix),
            ("ioc_report_strict_maec_artifact_id", ArtifactKind.IocStrictMaec),
            ("ioc_report_broad_maec_artifact_id", ArtifactKind.IocBroadMaec),
        })
        {
            report[field] = ArtifactId(submission.Sha256, submission.EnvironmentId, kind);
        }
    }

    internal sealed record NetworkData(JsonArray Dns, JsonArray Hosts, JsonArray Http, List<string> Domains, List<string> Addresses);

    /// <summary>
    /// Network activity mixing public addresses with private, loopback, link-local and IPv6 ones, because real
    /// reports contain all of them and mappers must keep only the meaningful ones.
    /// </summary>
    private static NetworkData Network(Submission submission, Random random)
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

        return new NetworkData(dns, hosts, http, domains, addresses);
    }

    private static JsonArray ExtractedFiles(Submission submission, Random random)
    {
        var count = submission.Marker switch
        {
            VerdictMarker.Malicious => 2 + random.Next(0, 2),
            VerdictMarker.Suspicious => 1,
            _ => 0,
        };
        var files = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var name = $"{Word(random)}{i}.exe";
            var content = DroppedContent(submission, i);
            _ = random.Next(0, 900_000); // the size this draw used to pick: later values stay as they were
            files.Add(new JsonObject
            {
                ["name"] = name,
                ["file_path"] = $"%APPDATA%\\{Word(random)}\\{name}",
                ["file_size"] = content.Length,
                ["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)),
                ["sha1"] = Hex(submission.Sha256, submission.EnvironmentId, "dropped-sha1-" + i, 40),
                ["md5"] = Hex(submission.Sha256, submission.EnvironmentId, "dropped-md5-" + i, 32),
                ["runtime_process"] = ProcessName(submission),
                ["type_tags"] = Envelope.Strings(["peexe", "executable"]),
                ["threat_level"] = i == 0 && submission.Marker == VerdictMarker.Malicious ? 2 : 0,
                ["threat_level_readable"] = i == 0 && submission.Marker == VerdictMarker.Malicious ? MaliciousVerdict : CleanVerdict,
                ["description"] = "PE32 executable (GUI) Intel 80386, for MS Windows",
                ["file_available_to_download"] = true,
            });
        }

        return files;
    }

    /// <summary>Most files one report lists as dropped (see <see cref="ExtractedFiles"/>).</summary>
    private const int MaxDroppedFiles = 3;

    /// <summary>
    /// The bytes of the i-th file a detonation "dropped": small, harmless text, whose real SHA-256 is the one the report
    /// names, so GET /samples/entities/samples/v2 can serve it like the API serves extracted files.
    /// </summary>
    public static byte[] DroppedContent(Submission submission, int index) =>
        System.Text.Encoding.UTF8.GetBytes($"FalconX emulator: file {index} dropped by {submission.Sha256} in environment {submission.EnvironmentId}. Harmless text.\n");

    /// <summary>Finds the bytes of a dropped file by its SHA-256 among finished, file-based detonations.</summary>
    public static bool TryFindDropped(IEnumerable<Submission> submissions, string sha256, DateTimeOffset now, out byte[] content)
    {
        foreach (var submission in submissions)
        {
            if (submission.Marker == VerdictMarker.None || submission.IsUrl || !submission.IsFinished(now))
            {
                continue;
            }

            for (var i = 0; i < MaxDroppedFiles; i++)
            {
                var candidate = DroppedContent(submission, i);
                if (string.Equals(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(candidate)), sha256, StringComparison.OrdinalIgnoreCase))
                {
                    content = candidate;
                    return true;
                }
            }
        }

        content = [];
        return false;
    }

    private static JsonArray MitreAttacks(Submission submission, Random random)
    {
        var (count, evidenceField) = submission.Marker switch
        {
            VerdictMarker.Malicious => (4 + random.Next(0, 3), "malicious_identifiers"),
            VerdictMarker.Suspicious => (2 + random.Next(0, 2), "suspicious_identifiers"),
            _ => (1, "informative_identifiers"),
        };
        var attacks = new JsonArray();
        foreach (var attack in Attacks.OrderBy(_ => random.Next()).Take(count))
        {
            attacks.Add(new JsonObject
            {
                ["tactic"] = attack.Tactic,
                ["technique"] = attack.Technique,
                ["attack_id"] = attack.Id,
                ["attack_id_wiki"] = $"https://attack.mitre.org/techniques/{attack.Id}/",
                [evidenceField] = Envelope.Strings([attack.Evidence]),
            });
        }

        return attacks;
    }

    private static JsonArray SignaturesFor(Submission submission, Random random)
    {
        var maxLevel = submission.Marker switch { VerdictMarker.Malicious => 2, VerdictMarker.Suspicious => 1, _ => 0 };
        var signatures = new JsonArray();
        foreach (var signature in Signatures.Where(s => s.Level <= maxLevel).OrderBy(_ => random.Next()).Take(maxLevel == 0 ? 2 : 5))
        {
            signatures.Add(new JsonObject
            {
                ["threat_level_human"] = signature.Level switch { 2 => "malicious", 1 => "suspicious", _ => "informative" },
                ["threat_level"] = signature.Level,
                ["category"] = signature.Category,
                ["identifier"] = signature.Identifier,
                ["type"] = 4,
                ["relevance"] = 1 + random.Next(0, 10),
                ["name"] = signature.Name,
                ["description"] = signature.Name + " (observed at runtime)",
                ["origin"] = "Runtime Data",
            });
        }

        return signatures;
    }

    private static JsonArray Processes(Submission submission, Random random, string domain)
    {
        var root = ProcessName(submission);
        var rootPid = 2000 + random.Next(0, 4000);
        var rootUid = $"00{random.Next(100000, 999999)}-{rootPid:D8}";
        var processes = new JsonArray(new JsonObject
        {
            ["uid"] = rootUid,
            ["name"] = root,
            ["normalized_path"] = submission.IsUrl ? "%PROGRAMFILES%\\Internet Explorer\\iexplore.exe" : "%TEMP%\\" + root,
            ["command_line"] = submission.IsUrl ? submission.Url : string.Empty,
            ["sha256"] = submission.Sha256,
            ["pid"] = rootPid,
            ["process_flags"] = new JsonArray(new JsonObject { ["name"] = "Reduced Monitoring" }),
            ["registry"] = new JsonArray(new JsonObject { ["operation"] = "Open", ["path"] = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion" }),
            ["mutants"] = Envelope.Strings(["Local\\" + Word(random).ToUpperInvariant() + "Mutex"]),
            ["handles"] = new JsonArray(new JsonObject { ["id"] = 4, ["type"] = "KeyHandle", ["path"] = "HKLM\\SYSTEM\\ControlSet001\\Control" }),
            ["file_accesses"] = new JsonArray(new JsonObject { ["type"] = "CREATE", ["path"] = "%APPDATA%\\config.dat", ["mask"] = "GENERIC_WRITE" }),
        });
        if (submission.Marker != VerdictMarker.None)
        {
            var childPid = rootPid + 4 + random.Next(0, 400);
            processes.Add(new JsonObject
            {
                ["uid"] = $"00{random.Next(100000, 999999)}-{childPid:D8}",
                ["parent_uid"] = rootUid,
                ["name"] = "cmd.exe",
                ["normalized_path"] = "%WINDIR%\\System32\\cmd.exe",
                ["command_line"] = $"/c ping -n 3 {domain} & schtasks /Create /SC MINUTE /TN Updater /TR \"%APPDATA%\\{root}\"",
                ["sha256"] = Hex("cmd.exe", 0, "process", 64),
                ["pid"] = childPid,
            });
        }

        return processes;
    }

    private static JsonArray Malquery(Submission submission, NetworkData network, Random random)
    {
        // One entry per kind MalQuery answers about, and always a whitelisted one so mappers can test skipping it.
        var entries = new JsonArray(
            new JsonObject
            {
                ["verdict"] = submission.Marker == VerdictMarker.Malicious ? MaliciousVerdict : "unknown",
                ["input"] = network.Addresses[0],
                ["type"] = "ip",
                ["resources"] = new JsonArray(new JsonObject
                {
                    ["sha256"] = Hex(submission.Sha256, submission.EnvironmentId, "malquery-sha256", 64),
                    ["sha1"] = Hex(submission.Sha256, submission.EnvironmentId, "malquery-sha1", 40),
                    ["md5"] = Hex(submission.Sha256, submission.EnvironmentId, "malquery-md5", 32),
                    ["label"] = submission.Marker == VerdictMarker.Malicious ? MaliciousVerdict : "unknown",
                    ["file_size"] = 4096 + random.Next(0, 500_000),
                    ["file_type"] = "PE32",
                    ["first_seen_timestamp"] = Envelope.Timestamp(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(random.Next(0, 1500))),
                }),
            },
            new JsonObject { ["verdict"] = "whitelisted", ["input"] = "http://www.msftconnecttest.com/connecttest.txt", ["type"] = "url" },
            new JsonObject { ["verdict"] = "unknown", ["input"] = "http://" + network.Domains[^1] + "/", ["type"] = "url" });
        return entries;
    }

    private static (string FileType, string[] Short) FileTypeOf(Submission submission)
    {
        if (submission.IsUrl)
        {
            return ("HTML document, ASCII text", ["html"]);
        }

        if (submission.FileType is { } sniffed)
        {
            return sniffed;
        }

        var extension = Path.GetExtension(submission.SubmitName).ToLowerInvariant();
        return extension switch
        {
            ".dll" => ("PE32 executable (DLL) (GUI) Intel 80386, for MS Windows", ["pedll", "executable"]),
            ".doc" or ".docx" or ".docm" => ("Microsoft Word 2007+", ["docx", "office"]),
            ".xls" or ".xlsx" or ".xlsm" => ("Microsoft Excel 2007+", ["xlsx", "office"]),
            ".pdf" => ("PDF document, version 1.7", ["pdf"]),
            ".ps1" or ".psm1" or ".psd1" => ("ASCII text, with CRLF line terminators", ["ps1", "script"]),
            ".js" => ("ASCII text", ["js", "script"]),
            ".vbs" => ("ASCII text", ["vbs", "script"]),
            ".apk" => ("Android package (APK)", ["apk"]),
            ".elf" or ".so" or "" when submission.EnvironmentId is 300 or 310 or 330 => ("ELF 64-bit LSB executable, x86-64", ["elf", "executable"]),
            _ => ("PE32 executable (GUI) Intel 80386, for MS Windows", ["peexe", "executable"]),
        };
    }

    private static string[] Classification(string[] fileTypeShort) => fileTypeShort[0] switch
    {
        "peexe" => ["64.3% (.EXE) Win32 Executable (generic)", "21.8% (.EXE) Generic Win/DOS Executable", "13.9% (.DLL) Win32 Dynamic Link Library (generic)"],
        "docx" or "xlsx" => ["78.9% (.DOCX) Office Open XML Document", "21.1% (.ZIP) ZIP compressed archive"],
        _ => ["100.0% (.TXT) Text"],
    };

    private static string ProcessName(Submission submission) =>
        submission.IsUrl ? "iexplore.exe" : Path.GetExtension(submission.SubmitName).Length > 0 ? submission.SubmitName : submission.SubmitName + ".exe";

    private static string Domain(Random random) =>
        string.Concat(Enumerable.Range(0, 2 + random.Next(0, 2)).Select(_ => Syllables[random.Next(Syllables.Length)]))
        + random.Next(1, 99).ToString(CultureInfo.InvariantCulture) + "." + Tlds[random.Next(Tlds.Length)];

    private static string Word(Random random) => string.Concat(Enumerable.Range(0, 3).Select(_ => Syllables[random.Next(Syllables.Length)]));

    private static string PublicIPv4(Random random) =>
        $"{PublicFirstOctets[random.Next(PublicFirstOctets.Length)]}.{random.Next(0, 256)}.{random.Next(0, 256)}.{random.Next(1, 255)}";

    private static string Country(Random random) => new[] { "United States", "Germany", "Netherlands", "Russian Federation", "France" }[random.Next(5)];

    private static Random RandomFor(Submission submission) => new((int)(Seed(submission.Sha256, submission.EnvironmentId, "report") & 0x7fffffff));

    private static ulong Seed(string sha256, int environmentId, string label)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(sha256.ToLowerInvariant() + "|" + environmentId.ToString(CultureInfo.InvariantCulture) + "|" + label));
        return BitConverter.ToUInt64(digest, 0);
    }

    /// <summary>Deterministic lowercase hex of the given length (up to 64) for a (sample, environment, purpose).</summary>
    internal static string Hex(string sha256, int environmentId, string label, int length) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sha256.ToLowerInvariant() + "|" + environmentId.ToString(CultureInfo.InvariantCulture) + "|" + label)))[..length];

    private static string FormatUuid(string hex32) => $"{hex32[..8]}-{hex32[8..12]}-{hex32[12..16]}-{hex32[16..20]}-{hex32[20..]}";
}
