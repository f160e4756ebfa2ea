using System.Collections.Generic;

namespace FalconX.Models;

/// <summary>A DNS lookup the sample made in the sandbox (<c>sandbox[].dns_requests[]</c>).</summary>
public sealed class DnsRequest : FalconXApiObject
{
    /// <summary>The name looked up, e.g. <c>ajax.googleapis.com</c>.</summary>
    public string? Domain { get; internal set; }

    /// <summary>The address the name resolved to, when it resolved.</summary>
    public string? Address { get; internal set; }

    /// <summary>Country of the resolved address.</summary>
    public string? Country { get; internal set; }

    /// <summary>Whether CrowdStrike knows the domain as compromised.</summary>
    public bool? Compromised { get; internal set; }

    /// <summary>Registrar of the domain, when known.</summary>
    public string? RegistrarName { get; internal set; }

    /// <inheritdoc />
    public override string ToString() => Address is null ? Domain ?? string.Empty : $"{Domain} ({Address})";

    /// <summary>How the API's JSON (and this object written out) reads into it.</summary>
    internal static readonly FieldTable<DnsRequest> Fields = new FieldTable<DnsRequest>(() => new DnsRequest())
        .Text("domain", nameof(Domain), (o, v) => o.Domain = v)
        .Text("address", nameof(Address), (o, v) => o.Address = v)
        .Text("country", nameof(Country), (o, v) => o.Country = v, mapped: false)
        .Bool("compromised", nameof(Compromised), (o, v) => o.Compromised = v, mapped: false)
        .Text("registrar_name", nameof(RegistrarName), (o, v) => o.RegistrarName = v, mapped: false);
}

/// <summary>A host the sample talked to (<c>sandbox[].contacted_hosts[]</c>).</summary>
public sealed class ContactedHost : FalconXApiObject
{
    /// <summary>The remote address, IPv4 or IPv6.</summary>
    public string? Address { get; internal set; }

    /// <summary>The remote port.</summary>
    public int? Port { get; internal set; }

    /// <summary>TCP or UDP.</summary>
    public string? Protocol { get; internal set; }

    /// <summary>Country of the address.</summary>
    public string? Country { get; internal set; }

    /// <summary>Whether CrowdStrike knows the host as compromised.</summary>
    public bool? Compromised { get; internal set; }

    /// <summary>The processes that made the connection.</summary>
    public IReadOnlyList<AssociatedRuntime> AssociatedRuntime { get; internal set; } = System.Array.Empty<AssociatedRuntime>();

    /// <inheritdoc />
    public override string ToString() => Port is null ? Address ?? string.Empty : $"{Address}:{Port} {Protocol}".TrimEnd();

    /// <summary>How the API's JSON (and this object written out) reads into it.</summary>
    internal static readonly FieldTable<ContactedHost> Fields = new FieldTable<ContactedHost>(() => new ContactedHost())
        .Text("address", nameof(Address), (o, v) => o.Address = v)
        .Int("port", nameof(Port), (o, v) => o.Port = v)
        .Text("protocol", nameof(Protocol), (o, v) => o.Protocol = v, mapped: false)
        .Text("country", nameof(Country), (o, v) => o.Country = v, mapped: false)
        .Bool("compromised", nameof(Compromised), (o, v) => o.Compromised = v, mapped: false)
        .List("associated_runtime", nameof(AssociatedRuntime), Models.AssociatedRuntime.Fields, (o, v) => o.AssociatedRuntime = v, mapped: false);
}

/// <summary>A process of the detonation named by its name and pid (<c>associated_runtime[]</c>).</summary>
public sealed class AssociatedRuntime : FalconXApiObject
{
    /// <summary>Process image name, e.g. <c>iexplore.exe</c>.</summary>
    public string? Name { get; internal set; }

    /// <summary>Process id in the sandbox.</summary>
    public int? Pid { get; internal set; }

    /// <inheritdoc />
    public override string ToString() => Pid is null ? Name ?? string.Empty : $"{Name} ({Pid})";

    /// <summary>How the API's JSON (and this object written out) reads into it.</summary>
    internal static readonly FieldTable<AssociatedRuntime> Fields = new FieldTable<AssociatedRuntime>(() => new AssociatedRuntime())
        .Text("name", nameof(Name), (o, v) => o.Name = v)
        .Int("pid", nameof(Pid), (o, v) => o.Pid = v);
}

/// <summary>An HTTP request the sample made (<c>sandbox[].http_requests[]</c>).</summary>
public sealed class HttpRequest : FalconXApiObject
{
    /// <summary>The Host the request went to, e.g. <c>seeyouonlineservice.com</c>.</summary>
    public string? Host { get; internal set; }

    /// <summary>The address of that host.</summary>
    public string? HostIp { get; internal set; }

    /// <summary>The port of that host.</summary>
    public int? HostPort { get; internal set; }

    /// <summary>The request path and query as the sandbox recorded it, e.g. <c>/config.php</c>.</summary>
    public string? Url { get; internal set; }

    /// <summary>GET, POST, ...</summary>
    public string? Method { get; internal set; }

    /// <summary>The raw request header block.</summary>
    public string? Header { get; internal set; }

    /// <summary>The HTTP status of the answer, when there was one.</summary>
    public int? ResponseCode { get; internal set; }

    /// <summary>The reason phrase of the answer.</summary>
    public string? ResponsePhrase { get; internal set; }

    /// <inheritdoc />
    public override string ToString() => $"{Method} {Host}{Url}".Trim();

    /// <summary>How the API's JSON (and this object written out) reads into it.</summary>
    internal static readonly FieldTable<HttpRequest> Fields = new FieldTable<HttpRequest>(() => new HttpRequest())
        .Text("host", nameof(Host), (o, v) => o.Host = v)
        .Text("host_ip", nameof(HostIp), (o, v) => o.HostIp = v)
        .Int("host_port", nameof(HostPort), (o, v) => o.HostPort = v)
        .Text("url", nameof(Url), (o, v) => o.Url = v)
        .Text("method", nameof(Method), (o, v) => o.Method = v, mapped: false)
        .Text("header", nameof(Header), (o, v) => o.Header = v, mapped: false)
        .Int("response_code", nameof(ResponseCode), (o, v) => o.ResponseCode = v, mapped: false)
        .Text("response_phrase", nameof(ResponsePhrase), (o, v) => o.ResponsePhrase = v, mapped: false);
}
