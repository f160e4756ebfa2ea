using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FalconX.Models;

namespace FalconX.Client;

/// <summary>
/// Turns an HTTP answer into an <see cref="ApiResponse"/> or a <see cref="FalconXApiException"/>. Non-JSON bodies
/// (a proxy's HTML page, a truncated document) become a clear error that quotes the status and the first line.
/// </summary>
internal static class EnvelopeParser
{
    private static readonly Regex TitlePattern = new("<title[^>]*>(?<t>.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);
    private static readonly Regex TagPattern = new("<[^>]+>", RegexOptions.CultureInvariant);

    public static IReadOnlyDictionary<string, string> ReadHeaders(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers.Concat(response.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            var first = header.Value.FirstOrDefault();
            if (first is not null && !headers.ContainsKey(header.Key))
            {
                headers[header.Key] = first;
            }
        }

        return headers;
    }

    public static ApiRateLimit ReadRateLimit(IReadOnlyDictionary<string, string> headers, DateTimeOffset now)
    {
        DateTimeOffset? retryAfter = null;
        if (headers.TryGetValue("X-Ratelimit-Retryafter", out var epochText) &&
            double.TryParse(epochText, NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch))
        {
            // The swagger says milliseconds, every SDK and the live API use seconds; a value too large for seconds is milliseconds.
            retryAfter = epoch > 100_000_000_000
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)epoch)
                : DateTimeOffset.FromUnixTimeMilliseconds((long)(epoch * 1000));
        }
        else if (headers.TryGetValue("Retry-After", out var standard))
        {
            if (int.TryParse(standard, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
            {
                retryAfter = now.AddSeconds(seconds);
            }
            else if (DateTimeOffset.TryParse(standard, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                retryAfter = at;
            }
        }

        return new ApiRateLimit
        {
            Limit = ReadInt(headers, "X-Ratelimit-Limit"),
            Remaining = ReadInt(headers, "X-Ratelimit-Remaining"),
            RetryAfter = retryAfter,
        };
    }

    /// <summary>Parses a buffered answer. Returns the response for 2xx JSON (or an empty 2xx body); otherwise sets <paramref name="failure"/>.</summary>
    public static ApiResponse? Parse(
        int status,
        string? mediaType,
        byte[] body,
        IReadOnlyDictionary<string, string> headers,
        string method,
        string path,
        DateTimeOffset receivedAt,
        out FalconXApiException? failure)
    {
        failure = null;
        var headerTrace = headers.TryGetValue("X-Cs-Traceid", out var t) ? t : null;
        var rateLimit = ReadRateLimit(headers, receivedAt);
        var region = headers.TryGetValue("X-Cs-Region", out var r) ? r : null;
        var success = status >= 200 && status < 300;

        JsonDocument? document = null;
        string? parseProblem = null;
        if (body.Length > 0 && !IsWhitespace(body))
        {
            if (LooksLikeJson(mediaType, body))
            {
                try
                {
                    document = JsonDocument.Parse(body);
                }
                catch (JsonException ex)
                {
                    parseProblem = $"the JSON answer is malformed or cut short ({ex.Message.Split('\n')[0].Trim()})";
                }
            }
            else
            {
                parseProblem = $"the answer is not JSON ({mediaType ?? "no content type"}): \"{FirstLine(body)}\"";
            }
        }

        using (document)
        {
            var root = document?.RootElement.Clone() ?? default;
            var meta = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("meta", out var metaElement)
                ? ReadMeta(metaElement, receivedAt)
                : ApiMeta.Empty;
            var errors = root.ValueKind == JsonValueKind.Object ? ReadErrors(root) : Array.Empty<FalconXApiError>();
            var traceId = meta.TraceId ?? headerTrace;

            if (success && parseProblem is null)
            {
                return new ApiResponse
                {
                    StatusCode = status,
                    Meta = meta,
                    Resources = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("resources", out var resources) ? resources : default,
                    Root = root,
                    Errors = errors,
                    TraceId = traceId,
                    RateLimit = rateLimit,
                    Region = region,
                    Headers = headers,
                };
            }

            if (success)
            {
                failure = new FalconXApiException(FalconXErrorKind.InvalidResponse, $"The API answered {status} but {parseProblem}.", status, method, path, errors, traceId);
            }
            else
            {
                failure = ForStatus(status, method, path, errors, traceId, meta, parseProblem, headers.TryGetValue("Location", out var location) ? location : null, rateLimit.RetryAfter is not null);
            }

            failure.RetryAfter = rateLimit.RetryAfter;
            failure.Quota = meta.Quota;
            failure.Region = region;
            failure.RedirectLocation = status is >= 300 and < 400 && headers.TryGetValue("Location", out var redirect) ? redirect : null;
            return null;
        }
    }

    private static FalconXApiException ForStatus(int status, string method, string path, IReadOnlyList<FalconXApiError> errors, string? traceId, ApiMeta meta, string? parseProblem, string? location, bool hasRetryAfter)
    {
        var suffix = parseProblem is null ? string.Empty : $" ({parseProblem})";
        switch (status)
        {
            case 401:
                return new FalconXApiException(FalconXErrorKind.Authentication, "The API refused the token even after a fresh one was requested. Run Connect-FalconX again; if it persists, check the API client in the Falcon console." + suffix, status, method, path, errors, traceId);
            case 403:
                return new FalconXApiException(FalconXErrorKind.Authentication, ApiScopes.Advice(method, path) + suffix, status, method, path, errors, traceId);
            case 404:
                return new FalconXApiException(FalconXErrorKind.NotFound, "Not found." + suffix, status, method, path, errors, traceId);
            case 407:
                return new FalconXApiException(FalconXErrorKind.ProxyAuthentication, ProxyAuthenticationAdvice + suffix, status, method, path, errors, traceId);
            case 429:
                // A 429 in the falconx envelope (meta.quota) without X-Ratelimit-Retryafter is the submission quota, whatever
                // the message says: the gateway's rate limit always names the moment to retry, the monthly quota does not.
                if (IsQuotaProblem(meta, errors) || (meta.Quota is not null && !hasRetryAfter))
                {
                    return new FalconXApiException(FalconXErrorKind.QuotaExhausted, QuotaText(meta.Quota) + suffix, status, method, path, errors, traceId);
                }

                return new FalconXApiException(FalconXErrorKind.RateLimit, "Rate limited by the API." + suffix, status, method, path, errors, traceId);
            case >= 500:
                return new FalconXApiException(FalconXErrorKind.Server, "The API failed" + (parseProblem is null ? "." : $": {parseProblem}."), status, method, path, errors, traceId);
            case >= 400:
                return new FalconXApiException(FalconXErrorKind.InvalidRequest, "The API rejected the request." + suffix, status, method, path, errors, traceId);
            case >= 300:
                // Following would send the bearer token (or, for /oauth2/token, the secret) wherever the answer points.
                var target = RedirectTarget(location);
                return new FalconXApiException(
                    FalconXErrorKind.InvalidResponse,
                    $"The API answered with a redirect{(target is null ? string.Empty : " to " + target)}, which FalconX does not follow: the token and secret go to the base URL only. Check -BaseUrl or -Cloud; a proxy or gateway in between may be redirecting." + suffix,
                    status,
                    method,
                    path,
                    errors,
                    traceId);
            default:
                return new FalconXApiException(FalconXErrorKind.InvalidResponse, "Unexpected answer." + suffix, status, method, path, errors, traceId);
        }
    }

    /// <summary>What to do when a proxy answers 407; shared with the transport path (a CONNECT refused with 407).</summary>
    internal const string ProxyAuthenticationAdvice =
        "The proxy between this machine and the API asks for credentials. Give them with Connect-FalconX -ProxyCredential (Get-Credential), or -ProxyUseDefaultCredentials for a proxy that signs in with the Windows account.";

    /// <summary>The redirect target without its query (which could carry anything), or null when there is none.</summary>
    private static string? RedirectTarget(string? location)
    {
        if (string.IsNullOrWhiteSpace(location))
        {
            return null;
        }

        return Uri.TryCreate(location!.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.GetLeftPart(UriPartial.Path)
            : location.Trim().Split('?')[0];
    }

    internal static bool IsQuotaProblem(ApiMeta meta, IReadOnlyList<FalconXApiError> errors) =>
        (meta.Quota is not null && meta.Quota.IsExhausted) ||
        errors.Any(e => e.Message.IndexOf("quota", StringComparison.OrdinalIgnoreCase) >= 0);

    private static string QuotaText(FalconXQuota? quota) => quota is null
        ? "The sandbox submission quota is used up; it resets at the start of the next period."
        : $"The sandbox submission quota is used up ({quota.Used} of {quota.Total} used); it resets at the start of the next period.";

    private static ApiMeta ReadMeta(JsonElement meta, DateTimeOffset receivedAt)
    {
        if (meta.ValueKind != JsonValueKind.Object)
        {
            return ApiMeta.Empty;
        }

        ApiPagination? pagination = null;
        if (meta.TryGetProperty("pagination", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            pagination = new ApiPagination
            {
                Offset = (int)(ReadNumber(p, "offset") ?? 0),
                Limit = (int)(ReadNumber(p, "limit") ?? 0),
                Total = (long)(ReadNumber(p, "total") ?? 0),
                After = ReadString(p, "after") ?? ReadString(p, "next_token"),
            };
        }

        FalconXQuota? quota = null;
        if (meta.TryGetProperty("quota", out var q) && q.ValueKind == JsonValueKind.Object)
        {
            quota = new FalconXQuota(
                (int)(ReadNumber(q, "total") ?? 0),
                (int)(ReadNumber(q, "used") ?? 0),
                (int)(ReadNumber(q, "in_progress") ?? 0),
                receivedAt);
        }

        int? affected = null;
        if (meta.TryGetProperty("writes", out var w) && w.ValueKind == JsonValueKind.Object)
        {
            affected = (int?)ReadNumber(w, "resources_affected");
        }

        return new ApiMeta
        {
            QueryTime = ReadNumber(meta, "query_time"),
            TraceId = ReadString(meta, "trace_id"),
            PoweredBy = ReadString(meta, "powered_by"),
            Pagination = pagination,
            Quota = quota,
            ResourcesAffected = affected,
        };
    }

    private static IReadOnlyList<FalconXApiError> ReadErrors(JsonElement root)
    {
        if (!root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array)
        {
            return Array.Empty<FalconXApiError>();
        }

        var list = new List<FalconXApiError>();
        foreach (var error in errors.EnumerateArray())
        {
            if (error.ValueKind == JsonValueKind.Object)
            {
                list.Add(new FalconXApiError((int)(ReadNumber(error, "code") ?? 0), ReadString(error, "message") ?? string.Empty, ReadString(error, "id")));
            }
            else if (error.ValueKind == JsonValueKind.String)
            {
                list.Add(new FalconXApiError(0, error.GetString() ?? string.Empty));
            }
        }

        return list;
    }

    private static double? ReadNumber(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        return null;
    }

    private static string? ReadString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? ReadInt(IReadOnlyDictionary<string, string> headers, string name) =>
        headers.TryGetValue(name, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static bool LooksLikeJson(string? mediaType, byte[] body)
    {
        if (mediaType is not null && mediaType.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return true;
        }

        var first = body.FirstOrDefault(b => b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != 0xEF && b != 0xBB && b != 0xBF);
        return (mediaType is null || mediaType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase)) && (first == '{' || first == '[');
    }

    private static bool IsWhitespace(byte[] body) => body.All(b => b == ' ' || b == '\t' || b == '\r' || b == '\n');

    /// <summary>The title of an HTML page, else the first non-empty line, shortened; enough to recognise a proxy's page.</summary>
    internal static string FirstLine(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 8192));
        var title = TitlePattern.Match(text);
        string line;
        if (title.Success)
        {
            line = title.Groups["t"].Value;
        }
        else
        {
            line = text.Split('\n').Select(l => TagPattern.Replace(l, " ").Trim()).FirstOrDefault(l => l.Length > 0) ?? string.Empty;
        }

        line = Regex.Replace(line, "\\s+", " ").Trim();
        return line.Length > 160 ? line.Substring(0, 157) + "..." : line;
    }
}
