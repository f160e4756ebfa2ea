using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Emulator.Hosting;

namespace FalconX.Emulator;

/// <summary>
/// Answers set by a test for shapes the real API (or something in front of it) can produce but the emulator's own
/// routes never do: JSON of the wrong types, 200 with <c>errors[]</c>, empty resources, a redirect to another host,
/// an HTML page with status 200. A canned answer replaces the route's answer after the bearer check, so the route
/// has no side effect, and each one is used <c>count</c> times (0 = until cleared).
/// </summary>
internal sealed class CannedAnswers
{
    private readonly object _gate = new();
    private readonly List<CannedAnswer> _answers = new();

    /// <summary>Parses one canned answer (or an array of them) and queues it behind those already set.</summary>
    /// <exception cref="ArgumentException">A field is missing or of the wrong type; nothing was added.</exception>
    public void Add(JsonNode document)
    {
        var items = document switch
        {
            JsonArray array => array.Select(n => n as JsonObject ?? throw new ArgumentException("Each canned answer must be a JSON object.")).ToList(),
            JsonObject one => new List<JsonObject> { one },
            _ => throw new ArgumentException("Send a canned answer as a JSON object (or an array of them)."),
        };
        var parsed = items.Select(Parse).ToList();
        lock (_gate)
        {
            _answers.AddRange(parsed);
        }
    }

    /// <summary>The first canned answer for this request, if any; its count goes down by one.</summary>
    public bool TryTake(string method, string path, out CannedAnswer answer)
    {
        var key = method + " " + path;
        lock (_gate)
        {
            for (var i = 0; i < _answers.Count; i++)
            {
                var candidate = _answers[i];
                if (!RoutePatterns.Matches(candidate.Route, key))
                {
                    continue;
                }

                if (candidate.Remaining > 0)
                {
                    candidate.Remaining--;
                    if (candidate.Remaining == 0)
                    {
                        _answers.RemoveAt(i);
                    }
                }

                candidate.Used++;
                answer = candidate;
                return true;
            }
        }

        answer = null!;
        return false;
    }

    public void Clear()
    {
        lock (_gate)
        {
            _answers.Clear();
        }
    }

    /// <summary>The queued answers as served by <c>GET /_emulator/canned</c>.</summary>
    public JsonArray ToJson()
    {
        lock (_gate)
        {
            return new JsonArray(_answers.Select(a => (JsonNode)new JsonObject
            {
                ["route"] = a.Route,
                ["status"] = a.Status,
                ["contentType"] = a.ContentType,
                ["remaining"] = a.Remaining,
                ["used"] = a.Used,
            }).ToArray());
        }
    }

    private static CannedAnswer Parse(JsonObject item)
    {
        try
        {
            var route = item["route"]?.GetValue<string>();
            if (string.IsNullOrWhiteSpace(route) || !route.Contains(' ', StringComparison.Ordinal))
            {
                throw new ArgumentException("A canned answer needs \"route\": \"METHOD /path\" (with * wildcards), e.g. \"GET /falconx/entities/reports/v1\".");
            }

            var status = item["status"]?.GetValue<int>() ?? 200;
            if (status is < 100 or > 599)
            {
                throw new ArgumentException("\"status\" must be an HTTP status between 100 and 599.");
            }

            var count = item["count"]?.GetValue<int>() ?? 1;
            if (count < 0)
            {
                throw new ArgumentException("\"count\" must be 0 (every matching request until cleared) or more.");
            }

            // The body is taken as written when it is a string, and serialized when it is JSON, so a test can send
            // either exact bytes (truncated or malformed JSON, HTML) or a convenient object.
            var bodyNode = item["body"];
            var body = bodyNode is null ? string.Empty
                : bodyNode.GetValueKind() == JsonValueKind.String ? bodyNode.GetValue<string>()
                : bodyNode.ToJsonString();
            var contentType = item["contentType"]?.GetValue<string>() ?? (bodyNode is null || bodyNode.GetValueKind() == JsonValueKind.String ? "text/plain" : "application/json");

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (item["headers"] is JsonNode headerNode)
            {
                if (headerNode is not JsonObject headerObject)
                {
                    throw new ArgumentException("\"headers\" must be an object of header names and string values.");
                }

                foreach (var (name, value) in headerObject)
                {
                    headers[name] = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value?.ToJsonString() ?? string.Empty;
                }
            }

            return new CannedAnswer(route.Trim(), status, contentType, Encoding.UTF8.GetBytes(body), headers, count);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or JsonException)
        {
            throw new ArgumentException("A canned answer field has the wrong type: " + ex.Message);
        }
    }
}

/// <summary>One canned answer; <see cref="Remaining"/> 0 means it is used until cleared.</summary>
internal sealed class CannedAnswer(string route, int status, string contentType, byte[] body, IReadOnlyDictionary<string, string> headers, int remaining)
{
    public string Route { get; } = route;

    public int Status { get; } = status;

    public string ContentType { get; } = contentType;

    public byte[] Body { get; } = body;

    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    public int Remaining { get; set; } = remaining;

    public int Used { get; set; }

    public ApiResponse ToResponse()
    {
        var response = ApiResponse.Bytes(Status, ContentType, Body);
        foreach (var (name, value) in Headers)
        {
            response.With(name, value);
        }

        return response;
    }
}
