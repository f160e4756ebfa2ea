using System;

namespace FalconX.Emulator;

/// <summary>The API client scope each route needs, from the swagger's <c>security</c> entries.</summary>
internal static class Scopes
{
    public const string SandboxRead = "falconx-sandbox:read";
    public const string SandboxWrite = "falconx-sandbox:write";
    public const string SampleStoreRead = "samplestore:read";
    public const string SampleStoreWrite = "samplestore:write";

    /// <summary>The scope <paramref name="method"/> on <paramref name="path"/> needs, or null when none is modelled.</summary>
    public static string? For(string method, string path)
    {
        var read = string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase);
        if (path.StartsWith("/samples/entities/samples/v3", StringComparison.OrdinalIgnoreCase))
        {
            return read ? SampleStoreRead : SampleStoreWrite;
        }

        if (path.StartsWith("/samples/queries/", StringComparison.OrdinalIgnoreCase))
        {
            return SandboxRead;
        }

        if (path.StartsWith("/falconx/", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/samples/", StringComparison.OrdinalIgnoreCase))
        {
            return read ? SandboxRead : SandboxWrite;
        }

        return null;
    }
}
