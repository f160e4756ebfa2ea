using System;
using System.Collections.Generic;
using System.Linq;

namespace Emulator.Hosting;

/// <summary>The route patterns fault switches take: "METHOD /path" with '*' matching any run of characters, any case.</summary>
public static class RoutePatterns
{
    /// <summary>Whether any of <paramref name="patterns"/> matches "<paramref name="method"/> <paramref name="path"/>".</summary>
    public static bool AnyMatches(IEnumerable<string> patterns, string method, string path)
    {
        var key = method + " " + path;
        return patterns.Any(pattern => Matches(pattern, key));
    }

    /// <summary>A tiny glob: '*' matches any run of characters, comparison ignores case.</summary>
    public static bool Matches(string pattern, string text)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(text);
        var parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return string.Equals(pattern, text, StringComparison.OrdinalIgnoreCase);
        }

        var position = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (i == 0)
            {
                if (!text.StartsWith(part, StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                position = part.Length;
                continue;
            }

            if (i == parts.Length - 1)
            {
                return text.Length - position >= part.Length && text.EndsWith(part, StringComparison.OrdinalIgnoreCase);
            }

            var found = text.IndexOf(part, position, StringComparison.OrdinalIgnoreCase);
            if (found < 0)
            {
                return false;
            }

            position = found + part.Length;
        }

        return true;
    }
}
