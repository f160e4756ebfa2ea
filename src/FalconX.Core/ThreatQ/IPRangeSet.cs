using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FalconX.ThreatQ;

/// <summary>
/// A set of IP address ranges in CIDR notation (<c>10.0.0.0/8</c>, <c>fc00::/7</c>; a lone address is a range of one),
/// IPv4 and IPv6 alike, that tells whether an address lies in one of them. An IPv4 range never holds an IPv6 address
/// and the other way round (IPv4-mapped IPv6 addresses are the caller's to unwrap).
/// </summary>
internal sealed class IPRangeSet
{
    private readonly List<(uint Network, uint Mask)> _v4 = new();
    private readonly List<(byte[] Prefix, int Length)> _v6 = new();

    /// <exception cref="FormatException">A range is not an address with an optional <c>/length</c> that fits it.</exception>
    internal IPRangeSet(IEnumerable<string> ranges)
    {
        foreach (var range in ranges)
        {
            var slash = range.IndexOf('/');
            var address = IPAddress.Parse(slash < 0 ? range : range.Substring(0, slash));
            var bytes = address.GetAddressBytes();
            var length = slash < 0 ? bytes.Length * 8 : int.Parse(range.Substring(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture);
            if (length > bytes.Length * 8)
            {
                throw new FormatException($"The range '{range}' is longer than its address ({bytes.Length * 8} bits).");
            }

            if (address.AddressFamily == AddressFamily.InterNetwork)
            {
                var mask = length == 0 ? 0u : uint.MaxValue << (32 - length);
                _v4.Add((ToUInt32(bytes) & mask, mask));
            }
            else
            {
                _v6.Add((bytes, length));
            }
        }
    }

    /// <summary>True when <paramref name="address"/> lies in one of the ranges of its family.</summary>
    internal bool Contains(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var value = ToUInt32(bytes);
            foreach (var (network, mask) in _v4)
            {
                if ((value & mask) == network)
                {
                    return true;
                }
            }

            return false;
        }

        foreach (var (prefix, length) in _v6)
        {
            if (HasPrefix(bytes, prefix, length))
            {
                return true;
            }
        }

        return false;
    }

    private static uint ToUInt32(byte[] bytes) => ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];

    private static bool HasPrefix(byte[] address, byte[] prefix, int length)
    {
        var whole = length / 8;
        for (var i = 0; i < whole; i++)
        {
            if (address[i] != prefix[i])
            {
                return false;
            }
        }

        var rest = length % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xff << (8 - rest));
        return (address[whole] & mask) == (prefix[whole] & mask);
    }
}
