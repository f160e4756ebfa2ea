using System;
using System.IO;

namespace FalconX.Tests.Emulator;

/// <summary>Finds files relative to the repository, wherever the test assembly runs from.</summary>
internal static class TestPaths
{
    public static string RepoRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FalconXPs.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("FalconXPs.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Fixture(string name) => Path.Combine(RepoRoot, "tests", "Fixtures", name);

    /// <summary>The shared API contract lives beside the clone: &lt;repo&gt;/../shared/api.</summary>
    public static string SharedApi(string name) => Path.Combine(RepoRoot, "..", "shared", "api", name);
}
