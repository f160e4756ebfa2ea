using System;
using System.Diagnostics.CodeAnalysis;

namespace FalconX;

/// <summary>
/// The two forms of a submitted URL. The real API stores and returns URLs defanged (<c>hxxps://www.example[.]com/…</c>:
/// the scheme's <c>t</c>s turned into <c>x</c>s and the last dot of the host bracketed), and its FQL matches that stored
/// form only. FalconX looks URLs up in the stored form and shows the refanged, clickable one.
/// </summary>
[SuppressMessage("Design", "CA1054:URI-like parameters should not be strings", Justification = "A defanged URL (hxxps://host[.]com) is not a valid URI: these methods take and return text.")]
public static class DefangedUrl
{
    private static readonly char[] HostEnds = { '/', '?', '#' };

    /// <summary>The URL as the API stores it. An already defanged URL comes back unchanged.</summary>
    public static string Defang(string url)
    {
        if (url is null)
        {
            throw new ArgumentNullException(nameof(url));
        }

        var text = Refang(url.Trim());
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            return text;
        }

        var scheme = text.Substring(0, schemeEnd);
        var defangedScheme = scheme.ToLowerInvariant() switch
        {
            "http" => "hxxp",
            "https" => "hxxps",
            "ftp" => "fxp",
            _ => scheme,
        };
        var hostStart = schemeEnd + 3;
        var hostEnd = text.IndexOfAny(HostEnds, hostStart);
        if (hostEnd < 0)
        {
            hostEnd = text.Length;
        }

        var authority = text.Substring(hostStart, hostEnd - hostStart);
        var at = authority.LastIndexOf('@');
        var hostFrom = at + 1;
        var portColon = authority.LastIndexOf(':');
        var hostTo = portColon > hostFrom && authority.IndexOf(']') < portColon ? portColon : authority.Length;
        var lastDot = hostTo > hostFrom ? authority.LastIndexOf('.', hostTo - 1, hostTo - hostFrom) : -1;
        if (lastDot > hostFrom)
        {
            authority = authority.Substring(0, lastDot) + "[.]" + authority.Substring(lastDot + 1);
        }

        return defangedScheme + "://" + authority + text.Substring(hostEnd);
    }

    /// <summary>The clickable URL: <c>hxxp</c>/<c>hxxps</c>/<c>fxp</c> schemes and <c>[.]</c> back to their real form.</summary>
    public static string Refang(string url)
    {
        if (url is null)
        {
            throw new ArgumentNullException(nameof(url));
        }

        var text = url.Replace("[.]", ".");
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            return text;
        }

        var scheme = text.Substring(0, schemeEnd).ToLowerInvariant() switch
        {
            "hxxp" => "http",
            "hxxps" => "https",
            "fxp" => "ftp",
            _ => text.Substring(0, schemeEnd),
        };
        return scheme + text.Substring(schemeEnd);
    }

    /// <summary>True when <paramref name="url"/> is in the defanged form.</summary>
    public static bool IsDefanged(string? url) =>
        url is not null && (url.IndexOf("[.]", StringComparison.Ordinal) >= 0 || url.StartsWith("hxxp", StringComparison.OrdinalIgnoreCase) || url.StartsWith("fxp://", StringComparison.OrdinalIgnoreCase));
}
