using System;
using System.IO;

namespace FalconX.Tests.Models;

/// <summary>The seed guide's sample responses (tests/Fixtures), found from the test binaries' folder upwards.</summary>
internal static class SeedFixtures
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "Fixtures");
            if (File.Exists(Path.Combine(candidate, "seed-report.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/Fixtures/seed-report.json was not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The GetReports response of the guide (an envelope with one report).</summary>
    internal static string ReportResponse => Read("seed-report.json");

    /// <summary>The one report of that response, as its own JSON object.</summary>
    internal static string Report
    {
        get
        {
            using var document = System.Text.Json.JsonDocument.Parse(ReportResponse);
            return document.RootElement.GetProperty("resources")[0].GetRawText();
        }
    }

    internal static string Read(string name) => File.ReadAllText(Path.Combine(Folder.Value, name));
}
