using FalconX.ThreatQ;

namespace FalconX.Tests.ThreatQ;

public sealed class IndicatorValuesTests
{
    [Theory]
    [InlineData("4E87A0794BF73D06AC1CE4A37E33EB832FF4C89FB9E4266490C7CEF9229D27A7", 64, "4e87a0794bf73d06ac1ce4a37e33eb832ff4c89fb9e4266490c7cef9229d27a7")]
    [InlineData(" 7a1a988de1c9d8fc6ef69be1d032e1c4 ", 32, "7a1a988de1c9d8fc6ef69be1d032e1c4")]
    [InlineData("7a1a988de1c9d8fc6ef69be1d032e1c4", 40, null)]
    [InlineData("7a1a988de1c9d8fc6ef69be1d032e1cg", 32, null)]
    [InlineData("", 32, null)]
    [InlineData(null, 32, null)]
    public void Normalises_hashes(string? value, int length, string? expected)
    {
        Assert.Equal(expected, IndicatorValues.NormalizeHash(value, length));
    }

    [Theory]
    [InlineData("172.217.9.138", "172.217.9.138", "IP Address")]
    [InlineData("::FFFF:93.184.216.34", "93.184.216.34", "IP Address")]
    [InlineData("2001:0DB8:0000::1", "2001:db8::1", "IPv6 Address")]
    [InlineData("[2606:4700::1111]", "2606:4700::1111", "IPv6 Address")]
    [InlineData("fe80::1%12", "fe80::1", "IPv6 Address")]
    public void Normalises_addresses_and_tells_ipv4_from_ipv6(string value, string expected, string type)
    {
        Assert.True(IndicatorValues.TryNormalizeAddress(value, out var address, out var indicatorType));
        Assert.Equal(expected, address);
        Assert.Equal(type, indicatorType);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("1.2.3")]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3.4.5")]
    [InlineData("example.com")]
    [InlineData("")]
    [InlineData(null)]
    public void Refuses_what_is_not_an_address(string? value)
    {
        Assert.False(IndicatorValues.TryNormalizeAddress(value, out _, out _));
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.10.1", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("169.254.1.1", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("100.128.0.1", false)]
    [InlineData("0.1.2.3", true)]
    [InlineData("192.0.2.7", true)]
    [InlineData("198.51.100.7", true)]
    [InlineData("203.0.113.7", true)]
    [InlineData("198.19.255.1", true)]
    [InlineData("224.0.0.251", true)]
    [InlineData("239.255.255.250", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("173.239.5.6", false)]
    [InlineData("::1", true)]
    [InlineData("::", true)]
    [InlineData("fe80::abcd", true)]
    [InlineData("fd12:3456::1", true)]
    [InlineData("ff02::1", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("2001::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("::ffff:8.8.4.4", false)]
    [InlineData("64:ff9b::a00:1", true)]
    [InlineData("64:ff9b::808:808", false)]
    [InlineData("2606:4700:4700::1111", false)]
    [InlineData("2a00:1450:4001:80b::200e", false)]
    public void Knows_private_and_reserved_ranges(string address, bool reserved)
    {
        Assert.Equal(reserved, IndicatorValues.IsReservedAddress(address));
    }

    [Theory]
    [InlineData("Example.COM.", "example.com")]
    [InlineData("ajax.googleapis.com", "ajax.googleapis.com")]
    [InlineData("under_score.host.net", "under_score.host.net")]
    [InlineData("xn--bcher-kva.example", "xn--bcher-kva.example")]
    [InlineData("wpad", null)]
    [InlineData("1.2.3.4", null)]
    [InlineData("a..b", null)]
    [InlineData("bad domain.com", null)]
    [InlineData(".", null)]
    public void Normalises_domains(string value, string? expected)
    {
        Assert.Equal(expected, IndicatorValues.NormalizeDomain(value));
    }

    [Fact]
    public void Refuses_labels_longer_than_63()
    {
        Assert.Null(IndicatorValues.NormalizeDomain(new string('a', 64) + ".com"));
        Assert.NotNull(IndicatorValues.NormalizeDomain(new string('a', 63) + ".com"));
    }

    [Theory]
    [InlineData("dns.msftncsi.com", true)]
    [InlineData("www.msftconnecttest.com", true)]
    [InlineData("ctldl.windowsupdate.com", true)]
    [InlineData("time.windows.com", true)]
    [InlineData("ocsp.digicert.com", true)]
    [InlineData("r3.o.lencr.org", true)]
    [InlineData("4.3.2.1.in-addr.arpa", true)]
    [InlineData("printer.local", true)]
    [InlineData("host.localdomain", true)]
    [InlineData("notwindowsupdate.com", false)]
    [InlineData("msftncsi.com.evil.net", false)]
    [InlineData("ajax.googleapis.com", false)]
    [InlineData("abcdefghijklmnop.onion", false)]
    public void Knows_sandbox_noise_domains(string domain, bool noise)
    {
        Assert.Equal(noise, IndicatorValues.IsNoiseDomain(domain));
    }

    [Theory]
    [InlineData("8.8.8.8", 53, true)]
    [InlineData("8.8.8.8", 443, false)]
    [InlineData("173.239.5.6", 53, false)]
    [InlineData("2001:4860:4860::8888", 53, true)]
    public void Knows_resolver_traffic(string address, int port, bool expected)
    {
        Assert.Equal(expected, IndicatorValues.IsResolverTraffic(address, port));
    }

    [Theory]
    [InlineData("seeyouonlineservice.com", 80, "/config.php", "http://seeyouonlineservice.com/config.php")]
    [InlineData("host.net", 443, "/a?b=c", "https://host.net/a?b=c")]
    [InlineData("host.net", 8080, "x", "http://host.net:8080/x")]
    [InlineData("Host.NET:8081", null, "/P", "http://host.net:8081/P")]
    [InlineData("host.net", null, null, "http://host.net/")]
    [InlineData(null, null, "HTTP://Host.Net/Path", "http://host.net/Path")]
    [InlineData("2001:4860::1", 80, "/", "http://[2001:4860::1]/")]
    [InlineData(null, 80, "/x", null)]
    [InlineData("bad host", 80, "/x", null)]
    public void Builds_urls_from_http_requests(string? host, int? port, string? path, string? expected)
    {
        Assert.Equal(expected, IndicatorValues.BuildUrl(host, port, path));
    }
}
