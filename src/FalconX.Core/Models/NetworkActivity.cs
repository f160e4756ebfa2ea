using System.Collections.Generic;
using System.Text.Json;

namespace FalconX.Models;

/// <summary>A DNS lookup the sample made in the sandbox (<c>sandbox[].dns_requests[]</c>).</summary>
public sealed class DnsRequest
{
    // What no mapping reads (see JsonRead.ForMapping).
    private static readonly HashSet<string> SkippedForMapping = JsonRead.Names(
        "country", "compromised", "registrar_name");

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

    /// <summary>Fields this version of the module does not know, as plain .NET values.</summary>
    public IReadOnlyDictionary<string, object?> AdditionalProperties => Unknown?.Values ?? JsonRead.NoProperties;

    /// <summary>The fields behind <see cref="AdditionalProperties"/>, converted only when asked for.</summary>
    internal UnknownFields? Unknown { get; set; }

    /// <inheritdoc />
    public override string ToString() => Address is null ? Domain ?? string.Empty : $"{Domain} ({Address})";

    internal static DnsRequest Read(JsonElement element)
    {
        var result = new DnsRequest();
        UnknownFields? extra = null;
        foreach (var property in element.EnumerateObject())
        {
            if (JsonRead.ForMapping && SkippedForMapping.Contains(property.Name))
            {
                continue;
            }

            var value = property.Value;
            var fits = true;
            switch (property.Name)
            {
                case "domain": result.Domain = JsonRead.String(value, ref fits); break;
                case "address": result.Address = JsonRead.String(value, ref fits); break;
                case "country": result.Country = JsonRead.String(value, ref fits); break;
                case "compromised": result.Compromised = JsonRead.Boolean(value, ref fits); break;
                case "registrar_name": result.RegistrarName = JsonRead.String(value, ref fits); break;
                default: fits = false; break;
            }

            if (!fits)
            {
                JsonRead.Keep(ref extra, property);
            }
        }

        result.Unknown = extra;
        return result;
    }
}

/// <summary>A host the sample talked to (<c>sandbox[].contacted_hosts[]</c>).</summary>
public sealed class ContactedHost
{
    // What no mapping reads (see JsonRead.ForMapping).
    private static readonly HashSet<string> SkippedForMapping = JsonRead.Names(
        "associated_runtime", "country", "protocol", "compromised");

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

    /// <summary>Fields this version of the module does not know, as plain .NET values.</summary>
    public IReadOnlyDictionary<string, object?> AdditionalProperties => Unknown?.Values ?? JsonRead.NoProperties;

    /// <summary>The fields behind <see cref="AdditionalProperties"/>, converted only when asked for.</summary>
    internal UnknownFields? Unknown { get; set; }

    /// <inheritdoc />
    public override string ToString() => Port is null ? Address ?? string.Empty : $"{Address}:{Port} {Protocol}".TrimEnd();

    internal static ContactedHost Read(JsonElement element)
    {
        var result = new ContactedHost();
        UnknownFields? extra = null;
        foreach (var property in element.EnumerateObject())
        {
            if (JsonRead.ForMapping && SkippedForMapping.Contains(property.Name))
            {
                continue;
            }

            var value = property.Value;
            var fits = true;
            switch (property.Name)
            {
                case "address": result.Address = JsonRead.String(value, ref fits); break;
                case "port": result.Port = JsonRead.Int32(value, ref fits); break;
                case "protocol": result.Protocol = JsonRead.String(value, ref fits); break;
                case "country": result.Country = JsonRead.String(value, ref fits); break;
                case "compromised": result.Compromised = JsonRead.Boolean(value, ref fits); break;
                case "associated_runtime": result.AssociatedRuntime = JsonRead.Objects(value, ref fits, Models.AssociatedRuntime.Read); break;
                default: fits = false; break;
            }

            if (!fits)
            {
                JsonRead.Keep(ref extra, property);
            }
        }

        result.Unknown = extra;
        return result;
    }
}

/// <summary>A process of the detonation named by its name and pid (<c>associated_runtime[]</c>).</summary>
public sealed class AssociatedRuntime
{
    /// <summary>Process image name, e.g. <c>iexplore.exe</c>.</summary>
    public string? Name { get; internal set; }

    /// <summary>Process id in the sandbox.</summary>
    public int? Pid { get; internal set; }

    /// <summary>Fields this version of the module does not know, as plain .NET values.</summary>
    public IReadOnlyDictionary<string, object?> AdditionalProperties => Unknown?.Values ?? JsonRead.NoProperties;

    /// <summary>The fields behind <see cref="AdditionalProperties"/>, converted only when asked for.</summary>
    internal UnknownFields? Unknown { get; set; }

    /// <inheritdoc />
    public override string ToString() => Pid is null ? Name ?? string.Empty : $"{Name} ({Pid})";

    internal static AssociatedRuntime Read(JsonElement element)
    {
        var result = new AssociatedRuntime();
        UnknownFields? extra = null;
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            var fits = true;
            switch (property.Name)
            {
                case "name": result.Name = JsonRead.String(value, ref fits); break;
                case "pid": result.Pid = JsonRead.Int32(value, ref fits); break;
                default: fits = false; break;
            }

            if (!fits)
            {
                JsonRead.Keep(ref extra, property);
            }
        }

        result.Unknown = extra;
        return result;
    }
}

/// <summary>An HTTP request the sample made (<c>sandbox[].http_requests[]</c>).</summary>
public sealed class HttpRequest
{
    // What no mapping reads (see JsonRead.ForMapping).
    private static readonly HashSet<string> SkippedForMapping = JsonRead.Names(
        "header", "method", "response_code", "response_phrase");

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

    /// <summary>Fields this version of the module does not know, as plain .NET values.</summary>
    public IReadOnlyDictionary<string, object?> AdditionalProperties => Unknown?.Values ?? JsonRead.NoProperties;

    /// <summary>The fields behind <see cref="AdditionalProperties"/>, converted only when asked for.</summary>
    internal UnknownFields? Unknown { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{Method} {Host}{Url}".Trim();

    internal static HttpRequest Read(JsonElement element)
    {
        var result = new HttpRequest();
        UnknownFields? extra = null;
        foreach (var property in element.EnumerateObject())
        {
            if (JsonRead.ForMapping && SkippedForMapping.Contains(property.Name))
            {
                continue;
            }

            var value = property.Value;
            var fits = true;
            switch (property.Name)
            {
                case "host": result.Host = JsonRead.String(value, ref fits); break;
                case "host_ip": result.HostIp = JsonRead.String(value, ref fits); break;
                case "host_port": result.HostPort = JsonRead.Int32(value, ref fits); break;
                case "url": result.Url = JsonRead.String(value, ref fits); break;
                case "method": result.Method = JsonRead.String(value, ref fits); break;
                case "header": result.Header = JsonRead.String(value, ref fits); break;
                case "response_code": result.ResponseCode = JsonRead.Int32(value, ref fits); break;
                case "response_phrase": result.ResponsePhrase = JsonRead.String(value, ref fits); break;
                default: fits = false; break;
            }

            if (!fits)
            {
                JsonRead.Keep(ref extra, property);
            }
        }

        result.Unknown = extra;
        return result;
    }
}
