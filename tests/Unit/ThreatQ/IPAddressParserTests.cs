using System.Net;
using System.Net.Sockets;
using FalconX.ThreatQ;

namespace FalconX.Tests.ThreatQ;

/// <summary>Reading an IP address as an indicator value: stricter than IPAddress.TryParse, canonical, IPv4 unwrapped.</summary>
public sealed class IPAddressParserTests
{
    [Theory]
    [InlineData(" 93.184.216.34 ", "93.184.216.34")]
    [InlineData("[2606:4700::1111]", "2606:4700::1111")]
    [InlineData("fe80::1%12", "fe80::1")]
    [InlineData("::ffff:10.1.2.3", "10.1.2.3")]
    [InlineData("2001:0DB8::0001", "2001:db8::1")]
    public void Addresses_are_read_in_canonical_form(string text, string expected)
    {
        Assert.True(IPAddressParser.TryParse(text, out var address));
        Assert.Equal(expected, address.ToString());
    }

    [Theory]
    [InlineData("1")]
    [InlineData("1.2")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.")]
    [InlineData(".1.2.3")]
    [InlineData("1234.1.1.1")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("[]")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Text_that_is_only_an_address_to_a_lenient_parser_is_not_one_here(string? text)
    {
        Assert.False(IPAddressParser.TryParse(text, out _));
    }

    [Fact]
    public void Mapped_and_nat64_addresses_carry_their_ipv4_address()
    {
        var mapped = IPAddress.Parse("::ffff:192.168.1.9");
        var nat64 = IPAddress.Parse("64:ff9b::c0a8:109");

        Assert.True(IPAddressParser.IsV4Mapped(mapped));
        Assert.False(IPAddressParser.IsV4Mapped(nat64));
        Assert.False(IPAddressParser.IsV4Mapped(IPAddress.Parse("192.168.1.9")));
        Assert.Equal("192.168.1.9", IPAddressParser.EmbeddedV4(nat64).ToString());
        Assert.Equal(AddressFamily.InterNetwork, IPAddressParser.EmbeddedV4(mapped).AddressFamily);
    }
}
