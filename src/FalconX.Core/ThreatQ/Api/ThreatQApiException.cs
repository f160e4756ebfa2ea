using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FalconX.Client;

namespace FalconX.ThreatQ.Api;

/// <summary>A ThreatQ call that failed, in the terms a caller acts on (the same kinds as the Falcon X client's).</summary>
public sealed class ThreatQApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ThreatQApiException(FalconXErrorKind kind, string summary, int? statusCode = null, string? method = null, string? path = null, IReadOnlyList<string>? errors = null, Exception? innerException = null)
        : base(Compose(summary, statusCode, method, path, errors), innerException)
    {
        Kind = kind;
        Summary = summary;
        StatusCode = statusCode;
        Method = method;
        Path = path;
        Errors = errors ?? Array.Empty<string>();
    }

    /// <summary>What went wrong.</summary>
    public FalconXErrorKind Kind { get; }

    /// <summary>The message without the request and the API's own error texts.</summary>
    public string Summary { get; }

    /// <summary>The HTTP status, when an answer came.</summary>
    public int? StatusCode { get; }

    /// <summary>The HTTP method.</summary>
    public string? Method { get; }

    /// <summary>The path (without the query, which may hold a refresh token).</summary>
    public string? Path { get; }

    /// <summary>The error texts ThreatQ returned ("field: message").</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>For a consume body rejected for one item: the index of that item in the body, when ThreatQ named it.</summary>
    public int? ItemIndex { get; init; }

    private static string Compose(string summary, int? status, string? method, string? path, IReadOnlyList<string>? errors)
    {
        var text = summary;
        if (method is not null && path is not null)
        {
            text += $" ({method} {path}{(status is int s ? " → HTTP " + s.ToString(CultureInfo.InvariantCulture) : string.Empty)})";
        }

        if (errors is { Count: > 0 })
        {
            text += " ThreatQ says: " + string.Join("; ", errors.Take(5)) + (errors.Count > 5 ? $" (and {errors.Count - 5} more)" : string.Empty);
        }

        return text;
    }
}
