using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using FalconX.Models;

namespace FalconX.Client;

/// <summary>
/// The one exception a <see cref="FalconXClient"/> throws for a failed call. It carries the HTTP status, the API's
/// <c>errors[]</c>, the trace id to quote to CrowdStrike support, the endpoint, and a <see cref="Kind"/>. Its
/// message never contains the client secret or a token.
/// </summary>
public sealed class FalconXApiException : Exception
{
    /// <summary>Creates the exception; the message is composed from the parts.</summary>
    public FalconXApiException(
        FalconXErrorKind kind,
        string summary,
        int? statusCode = null,
        string? method = null,
        string? path = null,
        IReadOnlyList<FalconXApiError>? errors = null,
        string? traceId = null,
        Exception? innerException = null)
        : base(Compose(summary, statusCode, method, path, errors, traceId), innerException)
    {
        Kind = kind;
        Summary = summary;
        StatusCode = statusCode;
        Method = method;
        Path = path;
        Errors = errors ?? Array.Empty<FalconXApiError>();
        TraceId = traceId;
    }

    /// <summary>What went wrong, for choosing a reaction.</summary>
    public FalconXErrorKind Kind { get; }

    /// <summary>The client's one-sentence account, without status, endpoint or trace id.</summary>
    public string Summary { get; }

    /// <summary>The HTTP status, when the API answered.</summary>
    public int? StatusCode { get; }

    /// <summary>The HTTP method of the failed call.</summary>
    public string? Method { get; }

    /// <summary>The API path of the failed call (without the query string).</summary>
    public string? Path { get; }

    /// <summary>The endpoint as "METHOD /path".</summary>
    public string? Endpoint => Method is null ? Path : $"{Method} {Path}";

    /// <summary>The API's <c>errors[]</c> (code, message, id), empty when there were none.</summary>
    public IReadOnlyList<FalconXApiError> Errors { get; }

    /// <summary>The API's <c>meta.trace_id</c> or <c>X-Cs-Traceid</c>, for CrowdStrike support.</summary>
    public string? TraceId { get; }

    /// <summary>For <see cref="FalconXErrorKind.RateLimit"/>: when the API said to retry.</summary>
    public DateTimeOffset? RetryAfter { get; internal set; }

    /// <summary>The quota the failing answer reported, when it did.</summary>
    public FalconXQuota? Quota { get; set; }

    /// <summary>The <c>Location</c> of a 3xx answer, when there was one (the token request follows it to a known cloud only).</summary>
    internal string? RedirectLocation { get; set; }

    /// <summary>The <c>X-Cs-Region</c> header of the failed answer, when there was one.</summary>
    internal string? Region { get; set; }

    private static string Compose(string summary, int? statusCode, string? method, string? path, IReadOnlyList<FalconXApiError>? errors, string? traceId)
    {
        var text = new StringBuilder();
        if (method is not null || path is not null)
        {
            text.Append(method).Append(method is null ? string.Empty : " ").Append(path).Append(": ");
        }

        if (statusCode is int status)
        {
            text.Append("HTTP ").Append(status.ToString(CultureInfo.InvariantCulture));
            var reason = ReasonPhrase(status);
            if (reason is not null)
            {
                text.Append(' ').Append(reason);
            }

            text.Append(". ");
        }

        text.Append(summary.TrimEnd());
        var apiMessages = (errors ?? Array.Empty<FalconXApiError>()).Where(e => !string.IsNullOrWhiteSpace(e.Message)).ToList();
        if (apiMessages.Count > 0)
        {
            if (!summary.TrimEnd().EndsWith(".", StringComparison.Ordinal))
            {
                text.Append('.');
            }

            text.Append(" The API said: ").Append(string.Join("; ", apiMessages.Select(e => e.ToString())));
        }

        if (!string.IsNullOrEmpty(traceId))
        {
            text.Append(" (trace id ").Append(traceId).Append(')');
        }

        return text.ToString();
    }

    internal static string? ReasonPhrase(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => null,
    };
}
