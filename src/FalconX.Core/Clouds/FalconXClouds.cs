using System;
using System.Collections.Generic;
using System.Linq;

namespace FalconX;

/// <summary>
/// The cloud → host map, region names as the API writes them in <c>X-Cs-Region</c>, and parsing of the
/// many spellings people use ("US2", "us-2", "api.us-2.crowdstrike.com").
/// </summary>
public static class FalconXClouds
{
    /// <summary>
    /// Test-only: an environment variable that points clouds at other hosts, e.g.
    /// <c>US2=http://127.0.0.1:5001;EU1=http://127.0.0.1:5002</c>. It exists so that region autodiscovery can be
    /// tested against two local emulators without ever contacting a CrowdStrike host. Do not set it in production.
    /// </summary>
    public const string HostsOverrideVariable = "FALCONX_CLOUD_HOSTS_OVERRIDE";

    private sealed record CloudInfo(FalconXCloud Cloud, string DisplayName, string Region, string ApiHost, string ConsoleHost);

    private static readonly char[] OverrideSeparators = { ';', ',' };

    private static readonly CloudInfo[] Known =
    {
        new(FalconXCloud.US1, "US-1", "us-1", "https://api.crowdstrike.com", "https://falcon.crowdstrike.com"),
        new(FalconXCloud.US2, "US-2", "us-2", "https://api.us-2.crowdstrike.com", "https://falcon.us-2.crowdstrike.com"),
        new(FalconXCloud.EU1, "EU-1", "eu-1", "https://api.eu-1.crowdstrike.com", "https://falcon.eu-1.crowdstrike.com"),
        new(FalconXCloud.USGOV1, "US-GOV-1", "us-gov-1", "https://api.laggar.gcw.crowdstrike.com", "https://falcon.laggar.gcw.crowdstrike.com"),
        new(FalconXCloud.USGOV2, "US-GOV-2", "us-gov-2", "https://api.us-gov-2.crowdstrike.mil", "https://falcon.us-gov-2.crowdstrike.mil"),
    };

    private static CloudInfo Info(FalconXCloud cloud) =>
        Known.FirstOrDefault(k => k.Cloud == cloud) ?? throw new ArgumentOutOfRangeException(nameof(cloud), cloud, "Unknown cloud.");

    /// <summary>The name CrowdStrike uses in its documentation, e.g. <c>US-2</c>.</summary>
    public static string DisplayName(FalconXCloud cloud) => Info(cloud).DisplayName;

    /// <summary>The value the API sends in <c>X-Cs-Region</c> for this cloud, e.g. <c>us-2</c>.</summary>
    public static string RegionName(FalconXCloud cloud) => Info(cloud).Region;

    /// <summary>The Falcon console host, used to build links to reports.</summary>
    public static Uri ConsoleHost(FalconXCloud cloud) => new(Info(cloud).ConsoleHost);

    /// <summary>The console host used for a custom base URL (a gateway or the emulator) when none is given.</summary>
    public static Uri DefaultConsoleHost => ConsoleHost(FalconXCloud.US1);

    /// <summary>The API base URL of a cloud, honouring the test-only override variable.</summary>
    public static Uri ApiBaseUrl(FalconXCloud cloud) => ApiBaseUrl(cloud, null);

    internal static Uri ApiBaseUrl(FalconXCloud cloud, IReadOnlyDictionary<FalconXCloud, Uri>? overrides)
    {
        if (overrides is not null && overrides.TryGetValue(cloud, out var fromOptions))
        {
            return fromOptions;
        }

        var fromEnvironment = ParseOverrides(Environment.GetEnvironmentVariable(HostsOverrideVariable));
        return fromEnvironment.TryGetValue(cloud, out var overridden) ? overridden : new Uri(Info(cloud).ApiHost);
    }

    /// <summary>The cloud whose real API host is exactly <paramref name="host"/> (no other spelling), if any.</summary>
    internal static bool TryFromApiHost(string host, out FalconXCloud cloud)
    {
        var info = Known.FirstOrDefault(k => string.Equals(new Uri(k.ApiHost).Host, host, StringComparison.OrdinalIgnoreCase));
        cloud = info?.Cloud ?? default;
        return info is not null;
    }

    /// <summary>True for the US GovCloud clouds, which never exchange clients or redirects with the commercial ones.</summary>
    internal static bool IsGovCloud(FalconXCloud cloud) => cloud is FalconXCloud.USGOV1 or FalconXCloud.USGOV2;

    internal static Dictionary<FalconXCloud, Uri> ParseOverrides(string? text)
    {
        var result = new Dictionary<FalconXCloud, Uri>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return result;
        }

        foreach (var pair in text!.Split(OverrideSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            if (TryParse(pair.Substring(0, equals), out var cloud) &&
                Uri.TryCreate(pair.Substring(equals + 1).Trim(), UriKind.Absolute, out var uri))
            {
                result[cloud] = uri;
            }
        }

        return result;
    }

    /// <summary>
    /// Reads a cloud from <c>US2</c>, <c>us-2</c>, <c>US-GOV-1</c>, <c>gov1</c> or an API host name. Case-insensitive.
    /// </summary>
    public static bool TryParse(string? text, out FalconXCloud cloud)
    {
        cloud = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text!.Trim().TrimEnd('/');
        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var asUri) && (asUri.Scheme == Uri.UriSchemeHttps || asUri.Scheme == Uri.UriSchemeHttp))
        {
            trimmed = asUri.Host;
        }

        foreach (var info in Known)
        {
            if (string.Equals(new Uri(info.ApiHost).Host, trimmed, StringComparison.OrdinalIgnoreCase))
            {
                cloud = info.Cloud;
                return true;
            }
        }

        var squashed = trimmed.Replace("-", string.Empty).Replace("_", string.Empty).ToUpperInvariant();
        switch (squashed)
        {
            case "US1": cloud = FalconXCloud.US1; return true;
            case "US2": cloud = FalconXCloud.US2; return true;
            case "EU1": cloud = FalconXCloud.EU1; return true;
            case "USGOV1" or "GOV1": cloud = FalconXCloud.USGOV1; return true;
            case "USGOV2" or "GOV2": cloud = FalconXCloud.USGOV2; return true;
            default: return false;
        }
    }
}
