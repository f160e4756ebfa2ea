using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace FalconX.Emulator;

/// <summary>
/// The files a detonation "dropped": the report's <c>extracted_files</c>, and their bytes (small, harmless text whose
/// real SHA-256 is the one the report names), so GET /samples/entities/samples/v2 can serve them as the API serves
/// extracted files.
/// </summary>
internal static class DroppedFiles
{
    /// <summary>Most files one report lists as dropped (see <see cref="ExtractedFiles"/>).</summary>
    private const int MaxDroppedFiles = 3;

    /// <summary>The report's <c>extracted_files</c>: two or three for a malicious sample, one for a suspicious one, none otherwise.</summary>
    public static JsonArray ExtractedFiles(Submission submission, Random random)
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
            var name = $"{ReportSeed.Word(random)}{i}.exe";
            var content = Content(submission, i);
            _ = random.Next(0, 900_000); // the size this draw used to pick: later values stay as they were
            files.Add(new JsonObject
            {
                ["name"] = name,
                ["file_path"] = $"%APPDATA%\\{ReportSeed.Word(random)}\\{name}",
                ["file_size"] = content.Length,
                ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(content)),
                ["sha1"] = ReportSeed.Hex(submission.Sha256, submission.EnvironmentId, "dropped-sha1-" + i, 40),
                ["md5"] = ReportSeed.Hex(submission.Sha256, submission.EnvironmentId, "dropped-md5-" + i, 32),
                ["runtime_process"] = ReportSeed.ProcessName(submission),
                ["type_tags"] = Envelope.Strings(["peexe", "executable"]),
                ["threat_level"] = i == 0 && submission.Marker == VerdictMarker.Malicious ? 2 : 0,
                ["threat_level_readable"] = i == 0 && submission.Marker == VerdictMarker.Malicious ? ReportGenerator.MaliciousVerdict : ReportGenerator.CleanVerdict,
                ["description"] = "PE32 executable (GUI) Intel 80386, for MS Windows",
                ["file_available_to_download"] = true,
            });
        }

        return files;
    }

    /// <summary>The bytes of the i-th file a detonation dropped.</summary>
    public static byte[] Content(Submission submission, int index) =>
        Encoding.UTF8.GetBytes($"FalconX emulator: file {index} dropped by {submission.Sha256} in environment {submission.EnvironmentId}. Harmless text.\n");

    /// <summary>Finds the bytes of a dropped file by its SHA-256 among finished, file-based detonations.</summary>
    public static bool TryFind(IEnumerable<Submission> submissions, string sha256, DateTimeOffset now, out byte[] content)
    {
        foreach (var submission in submissions)
        {
            if (submission.Marker == VerdictMarker.None || submission.IsUrl || !submission.IsFinished(now))
            {
                continue;
            }

            for (var i = 0; i < MaxDroppedFiles; i++)
            {
                var candidate = Content(submission, i);
                if (string.Equals(Convert.ToHexStringLower(SHA256.HashData(candidate)), sha256, StringComparison.OrdinalIgnoreCase))
                {
                    content = candidate;
                    return true;
                }
            }
        }

        content = [];
        return false;
    }
}
