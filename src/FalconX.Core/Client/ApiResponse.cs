using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using FalconX.Models;

namespace FalconX.Client;

/// <summary><c>meta.pagination</c>: offset/limit/total, plus the cursor some endpoints use.</summary>
internal sealed class ApiPagination
{
    public int Offset { get; init; }

    public int Limit { get; init; }

    public long Total { get; init; }

    /// <summary>The <c>after</c> or <c>next_token</c> cursor, when the endpoint pages that way.</summary>
    public string? After { get; init; }
}

/// <summary>Rate-limit headers of one answer.</summary>
internal sealed class ApiRateLimit
{
    public int? Limit { get; init; }

    public int? Remaining { get; init; }

    /// <summary><c>X-Ratelimit-Retryafter</c> (epoch seconds) or <c>Retry-After</c>, as a point in time.</summary>
    public DateTimeOffset? RetryAfter { get; init; }
}

/// <summary>The standard envelope's <c>meta</c>.</summary>
internal sealed class ApiMeta
{
    public static ApiMeta Empty { get; } = new();

    public double? QueryTime { get; init; }

    public string? TraceId { get; init; }

    public string? PoweredBy { get; init; }

    public ApiPagination? Pagination { get; init; }

    public FalconXQuota? Quota { get; init; }

    /// <summary>Number of objects a write changed (<c>meta.writes.resources_affected</c>).</summary>
    public int? ResourcesAffected { get; init; }
}

/// <summary>
/// A successful (2xx) JSON answer: the parsed envelope. <see cref="Resources"/> is a detached <see cref="JsonElement"/>
/// (safe to keep after the response is gone); endpoint methods turn it into models with <see cref="GetResources{T}"/>.
/// </summary>
internal sealed class ApiResponse
{
    public int StatusCode { get; init; }

    public ApiMeta Meta { get; init; } = ApiMeta.Empty;

    /// <summary><c>resources</c>; <see cref="JsonValueKind.Undefined"/> when absent, Null when null.</summary>
    public JsonElement Resources { get; init; }

    /// <summary>The whole body (e.g. the token answer, which is not an envelope). Undefined for an empty body.</summary>
    public JsonElement Root { get; init; }

    /// <summary><c>errors[]</c>; may be non-empty on a 2xx (partial success, e.g. some ids not found).</summary>
    public IReadOnlyList<FalconXApiError> Errors { get; init; } = Array.Empty<FalconXApiError>();

    /// <summary><c>meta.trace_id</c>, else the <c>X-Cs-Traceid</c> header.</summary>
    public string? TraceId { get; init; }

    public ApiRateLimit RateLimit { get; init; } = new();

    /// <summary><c>X-Cs-Region</c> (only on the token answer).</summary>
    public string? Region { get; init; }

    /// <summary>Response headers (first value of each), case-insensitive.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Reads each element of <c>resources</c> as <typeparamref name="T"/> (snake_case names); empty when absent or null.</summary>
    public IReadOnlyList<T> GetResources<T>()
    {
        if (Resources.ValueKind != JsonValueKind.Array)
        {
            return Array.Empty<T>();
        }

        var list = new List<T>(Resources.GetArrayLength());
        foreach (var element in Resources.EnumerateArray())
        {
            var item = element.Deserialize<T>(FalconXJson.Options);
            if (item is not null)
            {
                list.Add(item);
            }
        }

        return list;
    }

    /// <summary>The string elements of <c>resources</c> (ids from a query endpoint).</summary>
    public IReadOnlyList<string> GetResourceStrings() =>
        Resources.ValueKind != JsonValueKind.Array
            ? Array.Empty<string>()
            : Resources.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();
}

/// <summary>
/// A successful answer whose body is read as a stream (artifact and sample downloads). gzip/deflate content encoding
/// is undone by the handler. Dispose it to release the connection.
/// </summary>
internal sealed class ApiStreamResponse : IDisposable
{
    private readonly HttpResponseMessage _response;

    internal ApiStreamResponse(HttpResponseMessage response, Stream content, IReadOnlyDictionary<string, string> headers, string? traceId)
    {
        _response = response;
        Content = content;
        Headers = headers;
        TraceId = traceId;
        StatusCode = (int)response.StatusCode;
        ContentType = response.Content.Headers.ContentType?.MediaType;
        ContentLength = response.Content.Headers.ContentLength;
        var disposition = response.Content.Headers.ContentDisposition;
        FileName = (disposition?.FileNameStar ?? disposition?.FileName)?.Trim('"');
    }

    public int StatusCode { get; }

    /// <summary>The media type, e.g. application/json or application/octet-stream.</summary>
    public string? ContentType { get; }

    /// <summary>The length in bytes when the server sent one (absent for compressed answers).</summary>
    public long? ContentLength { get; }

    /// <summary>The file name from Content-Disposition, when given.</summary>
    public string? FileName { get; }

    /// <summary>The body, already decompressed.</summary>
    public Stream Content { get; }

    public IReadOnlyDictionary<string, string> Headers { get; }

    public string? TraceId { get; }

    public void Dispose()
    {
        Content.Dispose();
        _response.Dispose();
    }
}
