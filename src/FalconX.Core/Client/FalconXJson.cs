using System.Text.Json;
using System.Text.Json.Serialization;

namespace FalconX.Client;

/// <summary>The JSON conventions of the Falcon API: snake_case names, nulls left out of requests, lenient numbers.</summary>
internal static class FalconXJson
{
    /// <summary>Options for request bodies and for reading resources into models.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}
