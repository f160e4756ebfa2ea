using System;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FalconX.Client;

/// <summary>
/// What the pipeline tells the log about calls: one verbose line per answer (status, time, rate limit left, trace id),
/// request and response bodies at debug level with every token, secret and password masked, and deprecation warnings.
/// Token endpoints never have their bodies logged.
/// </summary>
internal sealed class ApiCallLog
{
    private const int DebugBodyLimit = 4096;

    private static readonly Regex SecretFields = new(
        "\"(access_token|refresh_token|id_token|client_secret|token|password|document_password)\"\\s*:\\s*\"(?:[^\"\\\\]|\\\\.)*\"",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private readonly FalconXClientOptions _options;

    public ApiCallLog(FalconXClientOptions options) => _options = options;

    /// <summary>Replaces the values of token, secret and password fields in JSON text.</summary>
    public static string Mask(string text) => SecretFields.Replace(text, m => "\"" + m.Groups[1].Value + "\":\"***\"");

    public void Write(FalconXLogLevel level, string message) => FalconXLog.Write(_options, new FalconXLogEntry(level, message));

    /// <summary>The body of the first attempt of a call (debug level; never for the token endpoints).</summary>
    public void RequestBody(CallState state)
    {
        var request = state.Request;
        if (!request.IsOAuthEndpoint && request.DebugBody is not null && state.Attempts == 1)
        {
            Write(FalconXLogLevel.Debug, $"{state.Label} request body: {Shorten(Mask(request.DebugBody))}");
        }
    }

    /// <summary>The start of a buffered answer's body (debug level; never for the token endpoints).</summary>
    public void ResponseBody(CallState state, byte[] body)
    {
        if (!state.Request.IsOAuthEndpoint && body.Length > 0)
        {
            Write(FalconXLogLevel.Debug, $"{state.Label} response body: {Shorten(Mask(Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, DebugBodyLimit * 2))))}");
        }
    }

    /// <summary>Warns when the API marks the endpoint deprecated (<c>X-Api-Deprecation</c> or <c>Deprecation</c>).</summary>
    public void Deprecation(ApiRequest request, string notice) =>
        Write(FalconXLogLevel.Warning, $"The API marks {request.Method.Method} /{request.Path} as deprecated ({notice}); a newer FalconX may use its successor.");

    /// <summary>One verbose line per answer, with the structured fields a logger can read.</summary>
    public void Answer(CallState state, int status, TimeSpan duration, int? remaining, string? traceId, string? streamType)
    {
        var text = new StringBuilder(state.Label).Append(" → ").Append(status.ToString(CultureInfo.InvariantCulture));
        text.Append(" in ").Append(((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)).Append(" ms");
        if (streamType is not null)
        {
            text.Append(" (").Append(streamType).Append(", streamed)");
        }

        if (remaining is int r)
        {
            text.Append("; rate limit remaining ").Append(r.ToString(CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(traceId))
        {
            text.Append("; trace id ").Append(traceId);
        }

        var entry = new FalconXLogEntry(FalconXLogLevel.Verbose, text.ToString())
        {
            Method = state.Request.Method.Method,
            Path = "/" + state.Request.PathAndQuery,
            StatusCode = status,
            Duration = duration,
            RateLimitRemaining = remaining,
            TraceId = traceId,
        };
        FalconXLog.Write(_options, entry);
    }

    private static string Shorten(string text) => text.Length <= DebugBodyLimit ? text : text.Substring(0, DebugBodyLimit) + $"... ({text.Length - DebugBodyLimit} more characters)";
}
