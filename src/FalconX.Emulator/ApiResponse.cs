using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FalconX.Emulator;

/// <summary>
/// A complete answer, built before anything is written, so the fault injector can cut it short, truncate it or drop
/// the connection half way through exactly as a failing network would.
/// </summary>
internal sealed class ApiResponse
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public ApiResponse(int status, string contentType, byte[] body, bool isJson)
    {
        Status = status;
        ContentType = contentType;
        Body = body;
        IsJson = isJson;
    }

    public int Status { get; }

    public string ContentType { get; }

    public byte[] Body { get; }

    public bool IsJson { get; }

    /// <summary>When set, the body is streamed from this file (samples can be 256 MB) instead of <see cref="Body"/>.</summary>
    public string? BodyFile { get; init; }

    /// <summary>Extra headers (Content-Disposition, Content-Encoding, X-Ratelimit-Retryafter, ...).</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Closes the connection after the answer (used when the request body was refused unread).</summary>
    public bool CloseConnection { get; set; }

    /// <summary>Set by the handler when the request changed state (so tests can see a dropped answer still had its effect).</summary>
    public string? TokenIdOverride { get; set; }

    public static ApiResponse Json(int status, JsonNode body) =>
        new(status, "application/json", Encoding.UTF8.GetBytes(body.ToJsonString(Compact)), isJson: true);

    public static ApiResponse File(string contentType, string path) => new(200, contentType, [], isJson: false) { BodyFile = path };

    public static ApiResponse Bytes(int status, string contentType, byte[] body) => new(status, contentType, body, isJson: false);

    public ApiResponse With(string header, string value)
    {
        Headers[header] = value;
        return this;
    }
}

/// <summary>The Falcon API envelope: <c>{meta:{query_time, powered_by, trace_id, ...}, resources, errors}</c>.</summary>
internal static class Envelope
{
    public const string PoweredByFalconX = "falconx-api";
    public const string PoweredByGateway = "crowdstrike-api-gateway";
    public const string PoweredBySamples = "samplestore-api";

    public static JsonObject Meta(ApiRequest request, string? poweredBy, JsonObject? quota = null, JsonObject? pagination = null)
    {
        var meta = new JsonObject { ["query_time"] = Math.Round(request.Elapsed.TotalSeconds, 9) };
        if (pagination is not null)
        {
            meta["pagination"] = pagination;
        }

        if (poweredBy is not null)
        {
            meta["powered_by"] = poweredBy;
        }

        meta["trace_id"] = request.TraceId;
        if (quota is not null)
        {
            meta["quota"] = quota;
        }

        return meta;
    }

    /// <summary>An envelope with resources (may be null, as some real answers are) and errors.</summary>
    public static ApiResponse Ok(ApiRequest request, int status, JsonObject meta, JsonArray? resources, JsonArray? errors = null)
    {
        var body = new JsonObject { ["meta"] = meta };
        body["resources"] = resources;
        body["errors"] = errors ?? new JsonArray();
        return ApiResponse.Json(status, body);
    }

    /// <summary>An msa.ReplyMetaOnly answer: meta and an empty error list.</summary>
    public static ApiResponse MetaOnly(int status, JsonObject meta) =>
        ApiResponse.Json(status, new JsonObject { ["meta"] = meta, ["errors"] = new JsonArray() });

    /// <summary>An error envelope: <c>{meta, errors:[{code, message}]}</c>, plus empty resources where the real route has them.</summary>
    public static ApiResponse Error(ApiRequest request, int status, string message, string? poweredBy = PoweredByGateway, JsonObject? quota = null, bool withResources = false)
    {
        var body = new JsonObject { ["meta"] = Meta(request, poweredBy, quota) };
        if (withResources)
        {
            body["resources"] = new JsonArray();
        }

        body["errors"] = new JsonArray(ErrorItem(status, message));
        return ApiResponse.Json(status, body);
    }

    public static JsonObject ErrorItem(int code, string message) => new() { ["code"] = code, ["message"] = message };

    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)v).ToArray());

    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
