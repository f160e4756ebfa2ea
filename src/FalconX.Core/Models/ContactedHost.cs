using System.Collections.Generic;

namespace FalconX.Models;

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
