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

    /// <summary>
    /// The shared API contract lives beside the clone (&lt;repo&gt;/../shared/api); a git worktree sits one level
    /// deeper, so the nearest ancestor holding shared/api wins.
    /// </summary>
    public static string SharedApi(string name)
    {
        for (var directory = new DirectoryInfo(RepoRoot).Parent; directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "api", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"shared/api/{name} was not found beside the repository ({RepoRoot}/../shared/api); check out the shared folder next to the clone.");
    }
}
