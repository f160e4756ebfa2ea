using System;
using System.Collections.Generic;
using System.Linq;

namespace ThreatQ.Emulator;

/// <summary>A named lookup row (indicator type, status, attachment type) with its instance-specific id.</summary>
public sealed record TqNamed(int Id, string Name, string? Class = null, string? Description = null);

/// <summary>
/// The fixed vocabularies of the emulated instance, taken from the public evidence (PEERS.md §1.2):
/// indicator types and classes, indicator statuses, attachment types, and the object collections.
/// </summary>
internal static class TqCatalog
{
    /// <summary>Indicator types of a stock ThreatQ instance; ids are this instance's (real ids differ per install).</summary>
    public static readonly IReadOnlyList<TqNamed> IndicatorTypes = Number(
        ("ASN", "network"), ("Binary String", "host"), ("CIDR Block", "network"), ("CVE", "host"), ("Email Address", "network"),
        ("Email Attachment", "host"), ("Email Subject", "network"), ("File Mapping", "host"), ("File Path", "host"), ("Filename", "host"),
        ("FQDN", "network"), ("Fuzzy Hash", "host"), ("GOST Hash", "host"), ("Hash ION", "host"), ("IP Address", "network"),
        ("IPv6 Address", "network"), ("MAC Address", "host"), ("MD5", "host"), ("Mutex", "host"), ("Password", "host"),
        ("Registry Key", "host"), ("Service Name", "host"), ("SHA-1", "host"), ("SHA-256", "host"), ("SHA-384", "host"),
        ("SHA-512", "host"), ("String", "host"), ("x509 Serial", "host"), ("x509 Subject", "host"), ("URL", "network"),
        ("URL Path", "network"), ("User-agent", "network"), ("Username", "host"), ("X-Mailer", "network"));

    /// <summary>Indicator statuses with ThreatQ's ids and descriptions.</summary>
    public static readonly IReadOnlyList<TqNamed> IndicatorStatuses =
    [
        new(1, "Active", null, "Poses a threat and is being exported to detection tools."),
        new(2, "Expired", null, "No longer poses a serious threat."),
        new(3, "Indirect", null, "Associated to an active indicator or event (i.e. pDNS)."),
        new(4, "Review", null, "Requires further analysis."),
        new(5, "Whitelisted", null, "Poses NO risk and should never be deployed."),
    ];

    /// <summary>Attachment (file) types.</summary>
    public static readonly IReadOnlyList<TqNamed> AttachmentTypes = Number(
        ("CrowdStrike Intelligence", null), ("Generic Text", null), ("MAEC", null), ("Malware Analysis Report", null),
        ("Malware Sample", null), ("Packet Capture", null), ("PCAP", null), ("Spearphish Attachment", null), ("STIX", null));

    /// <summary>The object collections of /api/objects; <c>indicators</c> and <c>attachments</c> have their own rules.</summary>
    public static readonly IReadOnlyList<string> Collections =
    [
        "indicators", "adversaries", "events", "attachments", "signatures", "tasks", "campaign", "course_of_action",
        "exploit_target", "incident", "ttp", "attack_pattern", "identity", "intrusion_set", "malware", "report", "tool",
        "vulnerability",
    ];

    /// <summary>The field that names an object of a collection: value for indicators and custom objects, name for adversaries, title for events.</summary>
    public static string NameField(string collection) => collection switch
    {
        "adversaries" => "name",
        "events" => "title",
        "attachments" => "name",
        _ => "value",
    };

    public static bool IsCollection(string name) => Collections.Contains(name, StringComparer.Ordinal);

    public static TqNamed? IndicatorType(string? name) => Find(IndicatorTypes, name);

    public static TqNamed? IndicatorTypeById(int id) => IndicatorTypes.FirstOrDefault(t => t.Id == id);

    public static TqNamed? Status(string? name) => Find(IndicatorStatuses, name);

    public static TqNamed? StatusById(int id) => IndicatorStatuses.FirstOrDefault(t => t.Id == id);

    public static TqNamed? AttachmentType(string? name) => Find(AttachmentTypes, name);

    private static TqNamed? Find(IReadOnlyList<TqNamed> list, string? name) =>
        name is null ? null : list.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    private static TqNamed[] Number(params (string Name, string? Class)[] rows) =>
        rows.Select((r, i) => new TqNamed(i + 1, r.Name, r.Class)).ToArray();
}
