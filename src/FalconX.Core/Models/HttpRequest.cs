using System.Diagnostics.CodeAnalysis;

namespace FalconX.Models;

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
    [SuppressMessage("Design", "CA1056:URI-like properties should not be strings", Justification = "The path and query the sandbox recorded (relative, and as malware sent it, not necessarily valid). A string users see in views, Export-Clixml and ConvertTo-Json: System.Uri would change the output type.")]
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
