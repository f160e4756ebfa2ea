using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace FalconX.Emulator;

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

    private static readonly string[][] MaliciousTags =
    [
        ["criminal", "informationstealer", "kpotstealer"],
        ["criminal", "ransomware", "lockbit"],
        ["backdoor", "rat", "remcos"],
        ["banker", "trojan", "qakbot"],
    ];

    private static readonly string[] EmulatedTag = ["emulated"];

    /// <summary>The verdict and score range a marker asks for.</summary>
    public static string VerdictOf(VerdictMarker marker) => marker switch
    {
        VerdictMarker.Malicious => MaliciousVerdict,
        VerdictMarker.Suspicious => SuspiciousVerdict,
        VerdictMarker.Error => NoVerdict,
        _ => CleanVerdict,
    };

    public static JsonObject FullReport(Submission submission) => Build(submission, summary: false);

    public static JsonObject Summary(Submission submission) => Build(submission, summary: true);

    private static JsonObject Build(Submission submission, bool summary)
    {
        var random = ReportSeed.RandomFor(submission);
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
            report["user_uuid"] = ReportSeed.FormatUuid(ReportSeed.Hex(submission.Cid, 0, "user", 32));
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
        var network = ReportNetwork.Of(submission, random);
        var extracted = DroppedFiles.ExtractedFiles(submission, random);
        var mitre = ReportBehaviour.MitreAttacks(submission, random);
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
            ReportArtifacts.AddIocPackIds(report, submission);
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
            new JsonObject { ["value"] = network.Domains[0], ["type"] = "Ansi", ["source"] = "Runtime Data", ["process"] = ReportSeed.ProcessName(submission) },
            new JsonObject { ["value"] = "Software\\Microsoft\\Windows\\CurrentVersion\\Run", ["type"] = "Unicode", ["source"] = "Image Processing", ["filename"] = submission.SubmitName });
        sandbox["signatures"] = ReportBehaviour.Signatures(submission, random);
        sandbox["processes"] = ReportBehaviour.Processes(submission, random, network.Domains[0]);
        sandbox["mitre_attacks"] = mitre;
        sandbox["version_info"] = new JsonArray(
            new JsonObject { ["id"] = "FileVersion", ["value"] = $"{random.Next(1, 9)}.{random.Next(0, 20)}.{random.Next(0, 9999)}" },
            new JsonObject { ["id"] = "InternalName", ["value"] = Path.GetFileNameWithoutExtension(submission.SubmitName) });
        ReportArtifacts.AddCaptureIds(sandbox, submission);
        sandbox["memory_dumps"] = ReportArtifacts.MemoryDumps(submission, verdict, random);
        report["sandbox"] = new JsonArray(sandbox);
        report["tags"] = Envelope.Strings(classificationTags.Concat(submission.Marker == VerdictMarker.None ? [] : EmulatedTag));
        ReportArtifacts.AddIocPackIds(report, submission);
        // Drawn in both shapes so that everything after it is the same random sequence.
        var malquery = network.Malquery(submission, random);
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
                ["summary_id"] = ReportSeed.Hex(submission.Sha256, submission.EnvironmentId, "ai-summary", 32),
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
}
