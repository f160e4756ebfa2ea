using System.Text.RegularExpressions;

namespace FalconX;

/// <summary>
/// The shapes of the identifiers the API uses. Models and the client both check them, so they live beside neither.
/// </summary>
public static class FalconXIds
{
    private static readonly Regex ReportIdPattern = new("^[0-9a-fA-F]{32}_[0-9a-fA-F]{32}$", RegexOptions.CultureInvariant);
    private static readonly Regex Sha256Pattern = new("^[0-9a-fA-F]{64}$", RegexOptions.CultureInvariant);

    /// <summary>True for a report or submission id: <c>&lt;32 hex&gt;_&lt;32 hex&gt;</c>.</summary>
    public static bool IsReportId(string? id) => id is not null && ReportIdPattern.IsMatch(id.Trim());

    /// <summary>True for 64 hexadecimal characters.</summary>
    public static bool IsSha256(string? sha256) => sha256 is not null && Sha256Pattern.IsMatch(sha256.Trim());
}
