using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;

namespace FalconX.ThreatQ;

/// <summary>
/// Normalises indicator values (so the same hash or domain is one entity however it was cased) and tells
/// the addresses and names that are never worth an indicator: private and reserved address ranges, and the
/// sandbox's own infrastructure traffic (OS connectivity checks, updates, time, certificate revocation, reverse DNS).
/// </summary>
public static class IndicatorValues
{
    /// <summary>IPv4 ranges never turned into indicators by default (RFC 6890 special-purpose and private ranges).</summary>
    public static readonly IReadOnlyList<string> ReservedIPv4Ranges = new[]
    {
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
        "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
    };

    /// <summary>
    /// IPv6 ranges never turned into indicators by default. IPv4-mapped (::ffff:0:0/96) and NAT64 (64:ff9b::/96)
    /// addresses are judged by the IPv4 address they carry.
    /// </summary>
    public static readonly IReadOnlyList<string> ReservedIPv6Ranges = new[]
    {
        "::/128", "::1/128", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "3fff::/20",
        "5f00::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
    };

    /// <summary>
    /// Domains (and their subdomains) that are the sandbox's own traffic, not the sample's: Windows connectivity
    /// checks, updates, telemetry and time; certificate revocation (CRL and OCSP) of the large certificate authorities.
    /// </summary>
    public static readonly IReadOnlyList<string> SandboxNoiseDomains = new[]
    {
        "msftncsi.com", "msftconnecttest.com", "windowsupdate.com", "update.microsoft.com", "time.windows.com",
        "time.nist.gov", "pool.ntp.org", "teredo.ipv6.microsoft.com", "settings-win.data.microsoft.com",
        "vortex-win.data.microsoft.com", "watson.microsoft.com", "crl.microsoft.com", "mscrl.microsoft.com",
        "oneocsp.microsoft.com", "ocsp.msocsp.com", "ocsp.digicert.com", "crl3.digicert.com", "crl4.digicert.com",
        "ocsp.verisign.com", "crl.verisign.com", "ocsp.sectigo.com", "crl.sectigo.com", "ocsp.comodoca.com",
        "crl.comodoca.com", "ocsp.usertrust.com", "crl.usertrust.com", "ocsp.globalsign.com", "crl.globalsign.com",
        "crl.globalsign.net", "ocsp.pki.goog", "crl.pki.goog", "ocsp.entrust.net", "crl.entrust.net", "lencr.org",
        "example.com", "example.net", "example.org",
    };

    /// <summary>Top-level names that only exist inside networks or are reserved: never an indicator by default.</summary>
    public static readonly IReadOnlyList<string> ReservedTopLevelDomains = new[]
    {
        "arpa", "local", "localhost", "localdomain", "lan", "home", "internal", "intranet", "invalid", "test", "example",
    };

    /// <summary>Public DNS resolvers: contacting one on port 53 is the sandbox resolving names, not the sample's traffic.</summary>
    public static readonly IReadOnlyList<string> PublicResolvers = new[]
    {
        "8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1", "9.9.9.9", "149.112.112.112", "208.67.222.222", "208.67.220.220",
        "2001:4860:4860::8888", "2001:4860:4860::8844", "2606:4700:4700::1111", "2606:4700:4700::1001",
    };

    private static readonly IPRangeSet Reserved = new(ReservedIPv4Ranges.Concat(ReservedIPv6Ranges));
    private static readonly IPRangeSet Nat64 = new(new[] { "64:ff9b::/96" });
    private static readonly HashSet<string> NoiseDomains = new(SandboxNoiseDomains, StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> ReservedTlds = new(ReservedTopLevelDomains, StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> Resolvers = new(PublicResolvers, StringComparer.OrdinalIgnoreCase);

    /// <summary>The characters that end a URL's authority (host and port): path, query or fragment.</summary>
    private static readonly char[] UrlAuthorityEnds = { '/', '?', '#' };

    /// <summary>
    /// The hash lowercased when it is <paramref name="hexLength"/> hexadecimal digits (64 SHA-256, 40 SHA-1, 32 MD5);
    /// otherwise null.
    /// </summary>
    public static string? NormalizeHash(string? value, int hexLength)
    {
        if (value is null)
        {
            return null;
        }

        var text = value.Trim();
        if (text.Length != hexLength)
        {
            return null;
        }

        var lower = false;
        foreach (var c in text)
        {
            if (c >= '0' && c <= '9')
            {
                continue;
            }

            if (c >= 'a' && c <= 'f')
            {
                continue;
            }

            if (c >= 'A' && c <= 'F')
            {
                lower = true;
                continue;
            }

            return null;
        }

        // Most hashes arrive lowercase already; only allocate when they do not.
        return lower ? text.ToLowerInvariant() : text;
    }

    /// <summary>
    /// The address in canonical text and its ThreatQ type (<c>IP Address</c> or <c>IPv6 Address</c>); false when the
    /// text is not an address. IPv4-mapped IPv6 addresses become IPv4.
    /// </summary>
    public static bool TryNormalizeAddress(string? value, out string address, out string indicatorType) =>
        TryNormalizeAddress(value, out address, out indicatorType, out _);

    /// <summary>True when the address is private, loopback, link-local, multicast, documentation or otherwise reserved.</summary>
    public static bool IsReservedAddress(string address) => TryNormalizeAddress(address, out _, out _, out var reserved) && reserved;

    /// <summary>Both answers from one parse, for the mapping's per-address work.</summary>
    internal static bool TryNormalizeAddress(string? value, out string address, out string indicatorType, out bool reserved)
    {
        address = string.Empty;
        indicatorType = string.Empty;
        reserved = false;
        if (!IPAddressParser.TryParse(value, out var parsed))
        {
            return false;
        }

        address = parsed.ToString();
        indicatorType = parsed.AddressFamily == AddressFamily.InterNetwork ? ThreatQIndicatorTypes.IPAddress : ThreatQIndicatorTypes.IPv6Address;
        reserved = IsReserved(parsed);
        return true;
    }

    /// <summary>
    /// The domain lowercased, without a trailing dot, when it is a valid host name with at least two labels;
    /// otherwise null.
    /// </summary>
    public static string? NormalizeDomain(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value!.Trim().TrimEnd('.');
        if (text.Length == 0 || text.Length > 253 || text.IndexOf('.') < 0)
        {
            return null;
        }

        var labelLength = 0;
        var allDigitsAndDots = true;
        var upper = false;
        foreach (var c in text)
        {
            if (c == '.')
            {
                if (labelLength == 0)
                {
                    return null;
                }

                labelLength = 0;
                continue;
            }

            labelLength++;
            if (labelLength > 63)
            {
                return null;
            }

            if (c >= 'a' && c <= 'z')
            {
                allDigitsAndDots = false;
            }
            else if (c >= 'A' && c <= 'Z')
            {
                allDigitsAndDots = false;
                upper = true;
            }
            else if (c == '-' || c == '_')
            {
                allDigitsAndDots = false;
            }
            else if (c > 127)
            {
                // Internationalised names are kept as the sandbox wrote them.
                allDigitsAndDots = false;
            }
            else if (c < '0' || c > '9')
            {
                return null;
            }
        }

        // "1.2.3.4" is an address, not a domain.
        if (labelLength == 0 || allDigitsAndDots)
        {
            return null;
        }

        return upper ? text.ToLowerInvariant() : text;
    }

    /// <summary>True when the (normalised) domain is sandbox infrastructure or under a reserved top-level name.</summary>
    public static bool IsNoiseDomain(string domain)
    {
        if (domain is null)
        {
            throw new ArgumentNullException(nameof(domain));
        }

        var text = domain.Trim().TrimEnd('.');
        var lastDot = text.LastIndexOf('.');
        var tld = lastDot < 0 ? text : text.Substring(lastDot + 1);
        if (ReservedTlds.Contains(tld))
        {
            return true;
        }

        // The domain or any parent of it is on the list.
        var start = 0;
        while (start < text.Length)
        {
            if (NoiseDomains.Contains(start == 0 ? text : text.Substring(start)))
            {
                return true;
            }

            var next = text.IndexOf('.', start);
            if (next < 0)
            {
                break;
            }

            start = next + 1;
        }

        return false;
    }

    /// <summary>True when a connection to this address and port is the sandbox using a public resolver.</summary>
    public static bool IsResolverTraffic(string address, int? port) => port == 53 && Resolvers.Contains(address);

    /// <summary>
    /// An absolute URL from an HTTP request's host, port and path (<c>http://host/path</c>, <c>https</c> on 443);
    /// null when the parts do not make one.
    /// </summary>
    [SuppressMessage("Design", "CA1055:URI-like return values should not be strings", Justification = "A ThreatQ URL indicator value: text, whose path and query are kept exactly as the sandbox recorded them; System.Uri would re-escape them.")]
    public static string? BuildUrl(string? host, int? port, string? path)
    {
        if (!string.IsNullOrWhiteSpace(path) &&
            (path!.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
        {
            return NormalizeUrl(path);
        }

        if (string.IsNullOrWhiteSpace(host))
        {
            return null;
        }

        var hostText = host!.Trim();
        var colon = hostText.LastIndexOf(':');
        if (colon > 0 && hostText.IndexOf(':') == colon && int.TryParse(hostText.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var hostPort))
        {
            // "host:8080" in the Host header.
            hostText = hostText.Substring(0, colon);
            port ??= hostPort;
        }

        var scheme = port == 443 ? "https" : "http";
        var defaultPort = scheme == "https" ? 443 : 80;
        var authority = hostText.IndexOf(':') >= 0 && hostText[0] != '[' ? "[" + hostText + "]" : hostText;
        var portText = port is null || port == defaultPort ? string.Empty : ":" + port.Value.ToString(CultureInfo.InvariantCulture);
        var pathText = string.IsNullOrWhiteSpace(path) ? "/" : path!.Trim();
        if (pathText[0] != '/')
        {
            pathText = "/" + pathText;
        }

        return NormalizeUrl(scheme + "://" + authority + portText + pathText);
    }

    /// <summary>The URL with its scheme and host lowercased, when it is an absolute http, https or ftp URL; otherwise null.</summary>
    [SuppressMessage("Design", "CA1055:URI-like return values should not be strings", Justification = "A ThreatQ URL indicator value: text, whose path and query are kept exactly as the sandbox recorded them; System.Uri would re-escape them.")]
    public static string? NormalizeUrl(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value!.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) ||
            (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeFtp) ||
            string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }

        // Keep the path and query exactly as recorded; only the case-insensitive parts are normalised.
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal) + 3;
        var authorityEnd = text.IndexOfAny(UrlAuthorityEnds, schemeEnd);
        if (authorityEnd < 0)
        {
            authorityEnd = text.Length;
        }

        return text.Substring(0, authorityEnd).ToLowerInvariant() + (authorityEnd == text.Length ? "/" : text.Substring(authorityEnd));
    }

    /// <summary>The host of a URL, for noise checks.</summary>
    internal static string? HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host.Trim('[', ']') : null;

    /// <summary>In a reserved range; IPv4-mapped and NAT64 addresses are judged by the IPv4 address they carry.</summary>
    private static bool IsReserved(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 && (IPAddressParser.IsV4Mapped(address) || Nat64.Contains(address))
            ? Reserved.Contains(IPAddressParser.EmbeddedV4(address))
            : Reserved.Contains(address);
}
