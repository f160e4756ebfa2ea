using System;
using System.Net;
using FalconX.ThreatQ;

namespace FalconX.Tests.ThreatQ;

/// <summary>CIDR ranges of both families: edges of a range, prefixes that are not whole bytes, single addresses, bad input.</summary>
public sealed class IPRangeSetTests
{
    private static readonly IPRangeSet Ranges = new(new[] { "100.64.0.0/10", "192.0.2.7", "0.0.0.0/8", "fc00::/7", "2001:db8::/32", "fe80::1" });

    [Theory]
    [InlineData("100.64.0.0", true)]
    [InlineData("100.127.255.255", true)]
    [InlineData("100.128.0.0", false)]
    [InlineData("100.63.255.255", false)]
    [InlineData("192.0.2.7", true)]
    [InlineData("192.0.2.8", false)]
    [InlineData("0.255.255.255", true)]
    [InlineData("1.0.0.0", false)]
    [InlineData("fc00::1", true)]
    [InlineData("fdff:ffff::1", true)]
    [InlineData("fe00::1", false)]
    [InlineData("2001:db8:ffff::1", true)]
    [InlineData("2001:db9::1", false)]
    [InlineData("fe80::1", true)]
    [InlineData("fe80::2", false)]
    public void An_address_is_in_the_set_when_a_range_of_its_family_holds_it(string address, bool expected)
    {
        Assert.Equal(expected, Ranges.Contains(IPAddress.Parse(address)));
    }

    [Fact]
    public void A_range_of_one_family_never_holds_an_address_of_the_other()
    {
        var everything4 = new IPRangeSet(new[] { "0.0.0.0/0" });
        var everything6 = new IPRangeSet(new[] { "::/0" });

        Assert.True(everything4.Contains(IPAddress.Parse("203.0.113.9")));
        Assert.False(everything4.Contains(IPAddress.Parse("::ffff:203.0.113.9")));
        Assert.True(everything6.Contains(IPAddress.Parse("2606:4700::1111")));
        Assert.False(everything6.Contains(IPAddress.Parse("203.0.113.9")));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("fc00::/129")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("not-an-address")]
    public void A_malformed_range_is_refused(string range)
    {
        Assert.ThrowsAny<FormatException>(() => new IPRangeSet(new[] { range }));
    }
}
