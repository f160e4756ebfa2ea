using System;

namespace FalconX.Emulator;

/// <summary>
/// The two forms of a submitted URL. The real API stores and returns URLs defanged (<c>hxxps://www.example[.]com/…</c>:
/// the scheme's <c>t</c>s turned into <c>x</c>s and the last dot of the host bracketed), and its FQL matches that stored
/// form only. The emulator stores and filters URLs in this form, as the real API does.
/// </summary>
internal static class UrlDefanger
{
    private static readonly char[] HostEnds = ['/', '?', '#'];

    /// <summary>The URL as the API stores it. An already defanged URL comes back unchanged.</summary>
    public static string Defang(string url)
    {
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
            authority = string.Concat(authority.AsSpan(0, lastDot), "[.]", authority.AsSpan(lastDot + 1));
        }

        return string.Concat(defangedScheme, "://", authority, text.AsSpan(hostEnd));
    }

    /// <summary>The clickable URL: <c>hxxp</c>/<c>hxxps</c>/<c>fxp</c> schemes and <c>[.]</c> back to their real form.</summary>
    public static string Refang(string url)
    {
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
        return string.Concat(scheme, text.AsSpan(schemeEnd));
    }
}
