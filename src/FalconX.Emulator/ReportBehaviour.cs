using System;
using System.Linq;
using System.Text.Json.Nodes;
using static FalconX.Emulator.ReportSeed;

namespace FalconX.Emulator;

/// <summary>What a detonation did, as a report lists it: MITRE ATT&amp;CK techniques, signatures and the process tree.</summary>
internal static class ReportBehaviour
{
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

    private static readonly (string Category, string Name, string Identifier, int Level)[] SignatureTable =
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

    public static JsonArray MitreAttacks(Submission submission, Random random)
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

    public static JsonArray Signatures(Submission submission, Random random)
    {
        var maxLevel = submission.Marker switch { VerdictMarker.Malicious => 2, VerdictMarker.Suspicious => 1, _ => 0 };
        var signatures = new JsonArray();
        foreach (var signature in SignatureTable.Where(s => s.Level <= maxLevel).OrderBy(_ => random.Next()).Take(maxLevel == 0 ? 2 : 5))
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

    public static JsonArray Processes(Submission submission, Random random, string domain)
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
}
