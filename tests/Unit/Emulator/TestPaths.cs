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

    /// <summary>The API contract kept inside the repository (tests/Contract), derived from the public swagger.</summary>
    public static string Contract(string name) => Path.Combine(RepoRoot, "tests", "Contract", name);
}
