using System;
using System.Collections.Generic;

namespace FalconX.Emulator;

/// <summary>The CrowdStrike API host of each region name the API writes in <c>X-Cs-Region</c>.</summary>
internal static class RegionHosts
{
    private static readonly Dictionary<string, string> Hosts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["us-1"] = "api.crowdstrike.com",
        ["us-2"] = "api.us-2.crowdstrike.com",
        ["eu-1"] = "api.eu-1.crowdstrike.com",
        ["us-gov-1"] = "api.laggar.gcw.crowdstrike.com",
        ["us-gov-2"] = "api.us-gov-2.crowdstrike.mil",
    };

    /// <summary>The region in lower case; throws <see cref="ArgumentException"/> for a name the API does not use.</summary>
    public static string Check(string region) =>
        Hosts.ContainsKey(region) ? region.ToLowerInvariant() : throw new ArgumentException($"Unknown region '{region}'. Use one of: {string.Join(", ", Hosts.Keys)}.");

    /// <summary>The token URL on the region's API host, as the real 308 names it.</summary>
    public static string TokenUrl(string region) => "https://" + Hosts[region] + "/oauth2/token";
}
