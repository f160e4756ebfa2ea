using System.Net;
using System.Net.Sockets;

namespace FalconX.ThreatQ;

/// <summary>
/// Reads an IP address as an indicator value, more strictly than <see cref="IPAddress.TryParse(string, out IPAddress)"/>:
/// an IPv4 address must be four dotted decimal parts ("1" and "1.2" are not addresses here), an IPv6 address may come
/// in brackets, its zone id is dropped, and an IPv4-mapped IPv6 address is the IPv4 address it carries.
/// </summary>
internal static class IPAddressParser
{
    /// <summary>The address in <paramref name="value"/>; false when it is not one.</summary>
    internal static bool TryParse(string? value, out IPAddress address)
    {
        address = IPAddress.None;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var text = value!.Trim();
        if (text.Length > 2 && text[0] == '[' && text[text.Length - 1] == ']')
        {
            text = text.Substring(1, text.Length - 2);
        }

        var isV6Text = text.IndexOf(':') >= 0;
        // IPAddress.Parse takes "1" or "1.2" as IPv4; an IPv4 indicator must be the four dotted parts.
        if (!isV6Text && !LooksLikeDottedQuad(text))
        {
            return false;
        }

        if (!IPAddress.TryParse(text, out var parsed))
        {
            return false;
        }

        if (parsed.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (IsV4Mapped(parsed))
            {
                parsed = EmbeddedV4(parsed);
            }
            else
            {
                parsed.ScopeId = 0;
            }
        }

        address = parsed;
        return true;
    }

    /// <summary>True for an IPv4-mapped IPv6 address (<c>::ffff:a.b.c.d</c>).</summary>
    internal static bool IsV4Mapped(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        for (var i = 0; i < 10; i++)
        {
            if (bytes[i] != 0)
            {
                return false;
            }
        }

        return bytes[10] == 0xff && bytes[11] == 0xff;
    }

    /// <summary>The IPv4 address in the last four bytes of an IPv6 address (IPv4-mapped, NAT64).</summary>
    internal static IPAddress EmbeddedV4(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return new IPAddress(new[] { bytes[12], bytes[13], bytes[14], bytes[15] });
    }

    private static bool LooksLikeDottedQuad(string text)
    {
        var parts = 0;
        var digits = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                if (digits == 0)
                {
                    return false;
                }

                parts++;
                digits = 0;
            }
            else if (c >= '0' && c <= '9')
            {
                if (++digits > 3)
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }

        return parts == 3 && digits > 0;
    }
}
