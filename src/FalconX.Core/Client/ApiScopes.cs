using System;

namespace FalconX.Client;

/// <summary>
/// The API client scope each Falcon X route needs (the swagger's <c>security</c> entries), so that a 403 can name the
/// one that is missing. The real API's 403 says only "access denied, authorization failed", for a missing scope and for
/// an IP allow-list refusal alike.
/// </summary>
internal static class ApiScopes
{
    /// <summary>The scope and its name in the Falcon console for <paramref name="method"/> on <paramref name="path"/>, or null.</summary>
    public static (string Scope, string ConsoleName)? For(string? method, string? path)
    {
        if (path is null)
        {
            return null;
        }

        var read = string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase);
        if (path.IndexOf("/samples/entities/samples/v3", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return read ? ("samplestore:read", "Sample uploads: Read") : ("samplestore:write", "Sample uploads: Write");
        }

        if (path.IndexOf("/samples/queries/", StringComparison.OrdinalIgnoreCase) >= 0 || (read && (path.IndexOf("/falconx/", StringComparison.OrdinalIgnoreCase) >= 0 || path.IndexOf("/samples/", StringComparison.OrdinalIgnoreCase) >= 0)))
        {
            return ("falconx-sandbox:read", "Sandbox (Falcon Intelligence): Read");
        }

        if (path.IndexOf("/falconx/", StringComparison.OrdinalIgnoreCase) >= 0 || path.IndexOf("/samples/", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return ("falconx-sandbox:write", "Sandbox (Falcon Intelligence): Write");
        }

        return null;
    }

    /// <summary>What a 403 on an API call most likely means, naming the scope the route needs.</summary>
    public static string Advice(string? method, string? path) =>
        For(method, path) is (string scope, string console)
            ? $"Access denied: the API client most likely lacks the scope {scope} ('{console}' in the Falcon console, API clients and keys); add it, then connect again. If the client has it, the tenant's IP allow-list may not contain this machine's address."
            : "Access denied: the API client most likely lacks a scope this call needs ('Sandbox (Falcon Intelligence)' read/write), or the tenant's IP allow-list does not contain this machine's address.";
}
