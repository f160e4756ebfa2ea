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
