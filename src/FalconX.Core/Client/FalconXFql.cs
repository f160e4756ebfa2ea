using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace FalconX.Client;

/// <summary>Helpers to write FQL filters for the query endpoints without quoting mistakes.</summary>
public static class FalconXFql
{
    /// <summary>A value in single quotes, with quotes and backslashes inside escaped: <c>'it\'s'</c>.</summary>
    public static string Quote(string value)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        return "'" + value.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
    }

    /// <summary>
    /// The filter for the reports (or submissions) of one sample, optionally in one environment:
    /// <c>sandbox.sha256:'&lt;h&gt;'+sandbox.environment_id:160</c>.
    /// </summary>
    public static string Sha256(string sha256, int? environmentId = null) => Sha256(new[] { sha256 }, environmentId);

    /// <summary>The filter for the reports of any of several samples: <c>sandbox.sha256:['a','b']</c>, optionally with the environment.</summary>
    public static string Sha256(IEnumerable<string> sha256, int? environmentId = null)
    {
        var hashes = (sha256 ?? throw new ArgumentNullException(nameof(sha256))).Select(h => FalconXClient.NormalizeSha256(h)).ToList();
        if (hashes.Count == 0)
        {
            throw new ArgumentException("At least one SHA-256 is needed.", nameof(sha256));
        }

        var filter = hashes.Count == 1
            ? "sandbox.sha256:" + Quote(hashes[0])
            : "sandbox.sha256:[" + string.Join(",", hashes.Select(Quote)) + "]";
        return environmentId is int env ? filter + "+sandbox.environment_id:" + env.ToString(CultureInfo.InvariantCulture) : filter;
    }
}
