using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace ThreatQ.Emulator;

/// <summary>An answer an API handler produced: JSON, bytes or a file, plus extra headers.</summary>
internal sealed class TqResponse
{
    public int Status { get; init; } = 200;

    public JsonNode? Json { get; init; }

    public byte[]? Bytes { get; init; }

    public string? FilePath { get; init; }

    public string ContentType { get; init; } = "application/json";

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static TqResponse Ok(JsonNode json, int status = 200) => new() { Status = status, Json = json };

    public static TqResponse Error(int status, params string[] messages) => new() { Status = status, Json = TqJson.Errors(messages) };
}
