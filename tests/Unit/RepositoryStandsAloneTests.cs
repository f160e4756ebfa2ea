using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using FalconX.Tests.Emulator;

namespace FalconX.Tests;

/// <summary>
/// A plain clone has nothing beside it: no build, test, tool, bench or example file may name a path outside the
/// repository (a sibling shared/ folder, an absolute home or work path, or a relative path that climbs above the root).
/// </summary>
public sealed class RepositoryStandsAloneTests
{
    [Fact]
    public void No_build_test_tool_bench_or_example_file_refers_outside_the_repository()
    {
        var root = TestPaths.RepoRoot;
        var files = OutsideReferences.FilesToCheck(root).ToList();
        Assert.Contains(files, f => f.EndsWith("build.ps1", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("SwaggerConformanceTests.cs", StringComparison.Ordinal));

        var problems = files.SelectMany(f => OutsideReferences.Find(root, f, File.ReadAllLines(f))).ToList();

        Assert.True(problems.Count == 0, "Files refer to paths outside the repository (keep what they need inside it, e.g. tests/Contract):\n" + string.Join("\n", problems));
    }

    [Theory]
    [InlineData("tests/Unit/Emulator/TestPaths.cs", "var p = Path.Combine(root, \"..\", \"shared\", \"api\");")]
    [InlineData("tests/Unit/X.cs", "File.ReadAllText(\"../shared/api/falconx-swagger-2023.json\");")]
    [InlineData("bench/X.Bench.ps1", "$swagger = Get-Content /work/shared/api/x.json")]
    [InlineData("build.ps1", "Copy-Item (Join-Path $PSScriptRoot '../seed') $Out")]
    [InlineData("tests/Pester/X.Tests.ps1", "$fixture = Join-Path $PSScriptRoot '../../../elsewhere/file.json'")]
    [InlineData("tests/Unit/FalconX.Tests.csproj", "<ProjectReference Include=\"..\\..\\..\\other\\Other.csproj\" />")]
    [InlineData("tools/X.ps1", "$home = '/home/someone/FalconX'")]
    public void The_check_catches_paths_outside_the_repository(string file, string line)
    {
        var root = Path.Combine(Path.GetTempPath(), "repo");

        Assert.NotEmpty(OutsideReferences.Find(root, Path.Combine(root, file), [line]));
    }

    [Theory]
    [InlineData("tests/Unit/FalconX.Tests.csproj", "<ProjectReference Include=\"..\\..\\src\\FalconX.Core\\FalconX.Core.csproj\" />")]
    [InlineData("tests/Pester/X.Tests.ps1", "$root = Join-Path $PSScriptRoot '../..'")]
    [InlineData("tests/Pester/X.Tests.ps1", "Save-FalconXArtifact -Name '../../../up.txt' -Path $Target")]
    [InlineData("bench/X.Bench.ps1", "$tmp = Join-Path $PSScriptRoot 'tmp'")]
    public void The_check_leaves_paths_inside_the_repository_and_attack_inputs_alone(string file, string line)
    {
        var root = Path.Combine(Path.GetTempPath(), "repo");

        Assert.Empty(OutsideReferences.Find(root, Path.Combine(root, file), [line]));
    }
}

/// <summary>Finds references to paths outside a repository in its build, test, tool, bench and example files.</summary>
internal static class OutsideReferences
{
    private static readonly string[] SkippedFolders = ["bin", "obj", "out", ".git", "TestResults", "node_modules"];

    // Data and prose, not steps: the contract and fixtures are inputs, docs describe where facts come from.
    private static readonly string[] SkippedTopFolders = ["docs", "tests/Contract", "tests/Fixtures", "bench/tmp"];

    private static readonly string[] CheckedExtensions =
        [".ps1", ".psm1", ".psd1", ".cs", ".csproj", ".props", ".targets", ".sln", ".json", ".sh", ".yml", ".yaml", ".config", ".xml", ".ps1xml"];

    // A sibling shared/ folder, or an absolute path on a developer's machine.
    private static readonly Regex Absolute = new(
        @"(\.\.[\\/""', ]+shared\b)|(""\.\."",\s*""shared"")|(\bshared[\\/]api\b)|((?<![\w.$])/(work|home|root|Users)/)|(\b[A-Za-z]:\\Users\\)",
        RegexOptions.Compiled);

    // A relative path anchored at the file's own location (project items, $PSScriptRoot, the build output folder).
    private static readonly Regex Anchored = new(@"Include=|\$PSScriptRoot|AppContext\.BaseDirectory|RepoRoot|\$Root\b", RegexOptions.Compiled);
    private static readonly Regex Climb = new(@"(?:\.\.[\\/])+\.\.(?=[\\/'""]|$)|(?:\.\.[\\/])+", RegexOptions.Compiled);

    public static IEnumerable<string> FilesToCheck(string root)
    {
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(directory))
            {
                var relative = Relative(root, sub);
                if (!SkippedFolders.Contains(Path.GetFileName(sub)) && !SkippedTopFolders.Contains(relative))
                {
                    pending.Push(sub);
                }
            }

            foreach (var file in Directory.EnumerateFiles(directory))
            {
                var extension = Path.GetExtension(file);
                var inCi = Relative(root, directory) == ".ci";
                // This file names such paths on purpose, as examples the check must catch.
                var isThisCheck = Path.GetFileName(file) == "RepositoryStandsAloneTests.cs";
                if ((CheckedExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase) || inCi) && !isThisCheck)
                {
                    yield return file;
                }
            }
        }
    }

    public static IEnumerable<string> Find(string root, string file, IReadOnlyList<string> lines)
    {
        var relative = Relative(root, file);
        var depth = relative.Count(c => c == '/');   // folders between the root and the file
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (Absolute.IsMatch(line))
            {
                yield return $"{relative}:{i + 1}: {line.Trim()}";
                continue;
            }

            if (!Anchored.IsMatch(line))
            {
                continue;
            }

            foreach (Match climb in Climb.Matches(line))
            {
                var levels = Regex.Count(climb.Value, @"\.\.");
                if (levels > depth)
                {
                    yield return $"{relative}:{i + 1}: climbs {levels} levels from a file {depth} deep: {line.Trim()}";
                    break;
                }
            }
        }
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
