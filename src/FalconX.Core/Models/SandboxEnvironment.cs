using System;
using System.Collections.Generic;
using System.Linq;

namespace FalconX.Models;

/// <summary>A Falcon X Sandbox detonation environment (the API's <c>environment_id</c>).</summary>
public sealed class SandboxEnvironment
{
    internal SandboxEnvironment(int id, string name, string description, string status, int? replacedBy = null)
    {
        Id = id;
        Name = name;
        Description = description;
        Status = status;
        ReplacedBy = replacedBy;
    }

    /// <summary>
    /// For a deprecated environment, the id the API runs its submissions in instead ("deprecated platform values are
    /// still accepted ... automatically mapped to their recommended equivalents"); null for a current one.
    /// </summary>
    public int? ReplacedBy { get; }

    /// <summary>The numeric id the API takes, e.g. 160.</summary>
    public int Id { get; }

    /// <summary>A short name that can be typed instead of the id, e.g. <c>win10_x64</c>.</summary>
    public string Name { get; }

    /// <summary>What the API calls it in reports, e.g. "Windows 10 64 bit".</summary>
    public string Description { get; }

    /// <summary><c>Current</c> or <c>Deprecated</c> (the API maps deprecated ids to their successors).</summary>
    public string Status { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Id} ({Name})";

    /// <summary>The environment used when none is given: Windows 10 64-bit.</summary>
    public const int DefaultId = 160;

    private static readonly SandboxEnvironment[] Known =
    {
        new(100, "win7_x86", "Windows 7 32 bit", "Current"),
        new(110, "win7_x64", "Windows 7 64 bit", "Current"),
        new(140, "win11_x64", "Windows 11 64 bit", "Current"),
        new(160, "win10_x64", "Windows 10 64 bit", "Current"),
        new(200, "android", "Android (static analysis)", "Current"),
        // 310 and 400 name their fallback in the 2026 list; 300 was dropped from it, Ubuntu 24 is the only Linux left.
        new(300, "ubuntu16_x64", "Linux Ubuntu 16.04 64 bit", "Deprecated", 330),
        new(310, "ubuntu20_x64", "Linux Ubuntu 20 64 bit", "Deprecated", 330),
        new(330, "ubuntu24_x64", "Linux Ubuntu 24 64 bit", "Current"),
        new(400, "macos_catalina", "MacOS Catalina 10.15", "Deprecated", 430),
        new(430, "macos_tahoe_arm", "MacOS Tahoe ARM", "Current"),
    };

    /// <summary>Every environment this version of the module knows by name.</summary>
    public static IReadOnlyList<SandboxEnvironment> All => Known;

    /// <summary>The known environment with this id, or null when the id is not (yet) known.</summary>
    public static SandboxEnvironment? FromId(int id) => Known.FirstOrDefault(e => e.Id == id);

    /// <summary>
    /// The id a submission to <paramref name="id"/> really runs in: the successor of a deprecated environment, else
    /// the id itself (unknown ids included: the API decides about those).
    /// </summary>
    public static int Effective(int id) => FromId(id)?.ReplacedBy ?? id;

    /// <summary>
    /// Resolves a name ("win10_x64", case-insensitive), a description ("Windows 10 64 bit") or a number ("160").
    /// Unknown numbers are accepted so that environments added to the API after this release still work;
    /// <paramref name="isKnown"/> tells the caller whether to warn.
    /// </summary>
    public static bool TryResolve(string? text, out int id, out bool isKnown)
    {
        id = 0;
        isKnown = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text!.Trim();
        if (int.TryParse(trimmed, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            if (number <= 0)
            {
                return false;
            }

            id = number;
            isKnown = FromId(number) is not null;
            return true;
        }

        var match = Known.FirstOrDefault(e =>
            string.Equals(e.Name, trimmed, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(e.Description, trimmed, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            return false;
        }

        id = match.Id;
        isKnown = true;
        return true;
    }
}
