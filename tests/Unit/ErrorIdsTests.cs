using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using FalconX.Tests.Emulator;
using FalconX.Workflows;

namespace FalconX.Tests;

/// <summary>
/// Error ids live in one place (<see cref="ErrorIds"/>): each is spelt once, the user's list (docs/errors.md) is made
/// from it, and no cmdlet or Core file writes an id that is not in it or builds an ErrorRecord outside ErrorRecords.cs.
/// </summary>
public sealed class ErrorIdsTests
{
    private const string CatalogueFile = "src/FalconX.Core/Workflows/ErrorIds.cs";
    private const string BuilderFile = "src/FalconX.PowerShell/Commands/ErrorRecords.cs";
    private const string DocsFile = "docs/errors.md";
    private const string DocsMarker = "<!-- Made from src/FalconX.Core/Workflows/ErrorIds.cs: ErrorIdsTests fails when this part differs from it. -->";

    private static List<string> CatalogueValues() =>
        typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

    [Fact]
    public void Each_id_is_spelt_once_as_its_own_name()
    {
        var fields = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).ToList();

        Assert.True(fields.Count >= 80, $"only {fields.Count} ids: the catalogue is read wrongly");
        Assert.All(fields, f => Assert.Equal(f.Name, (string)f.GetRawConstantValue()!));
        Assert.Equal(fields.Count, fields.Select(f => (string)f.GetRawConstantValue()!).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Docs_errors_md_lists_every_id_as_the_catalogue_describes_it()
    {
        var expected = ErrorIdCatalogue.Markdown(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, CatalogueFile)));
        var docs = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, DocsFile)).Replace("\r\n", "\n", StringComparison.Ordinal);
        var at = docs.IndexOf(DocsMarker, StringComparison.Ordinal);

        Assert.True(at >= 0, $"{DocsFile} lacks the line {DocsMarker}");
        var actual = docs[(at + DocsMarker.Length)..].Trim('\n');
        Assert.True(actual == expected.Trim('\n'), $"{DocsFile} differs from {CatalogueFile}; after the marker line it should read:\n\n{expected}");
        foreach (var id in CatalogueValues())
        {
            Assert.Contains($"| `{id}` |", actual, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void No_cmdlet_or_core_file_writes_an_error_id_outside_the_catalogue()
    {
        var root = TestPaths.RepoRoot;
        var files = new[] { "src/FalconX.PowerShell", "src/FalconX.Core" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToList();
        Assert.Contains(files, f => f.EndsWith("SaveFalconXArtifactCommand.cs", StringComparison.Ordinal));

        var problems = files.SelectMany(f => ErrorIdCatalogue.Problems(Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllLines(f), CatalogueValues())).ToList();

        Assert.True(problems.Count == 0, "Error ids or ErrorRecords outside their one place (add the id to ErrorIds and build records with ErrorRecords):\n" + string.Join("\n", problems));
    }

    [Theory]
    [InlineData("src/FalconX.PowerShell/Commands/X.cs", "WriteItemError(ex, \"FalconXSomethingNew\", ErrorCategory.InvalidData, target);")]
    [InlineData("src/FalconX.PowerShell/Commands/X.cs", "WriteItemError(ex, \"FalconXSampleEmpty\", ErrorCategory.InvalidData, target);")]
    [InlineData("src/FalconX.PowerShell/Commands/X.cs", "ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.FalconXSampleEmpty, ErrorCategory.InvalidData, null));")]
    [InlineData("src/FalconX.Core/Workflows/X.cs", "public const string Gone = \"ThreatQSomethingGone\";")]
    [InlineData("src/FalconX.Core/Workflows/X.cs", "Refuse(\"NotAReport\", message);")]
    public void The_check_catches_an_id_or_a_record_outside_its_place(string file, string line)
    {
        Assert.NotEmpty(ErrorIdCatalogue.Problems(file, new[] { line }, CatalogueValues()));
    }

    [Theory]
    [InlineData("src/FalconX.PowerShell/Commands/X.cs", "WriteItemError(ex, ErrorIds.FalconXSampleEmpty, ErrorCategory.InvalidData, target);")]
    [InlineData("src/FalconX.PowerShell/Commands/X.cs", "[Cmdlet(VerbsCommon.Get, \"FalconXReport\", DefaultParameterSetName = ByFilterSet)]")]
    [InlineData("src/FalconX.PowerShell/Commands/X.cs", "[Alias(\"ThreatQId\")]")]
    [InlineData("src/FalconX.PowerShell/Commands/X.cs", "/// <see cref=\"FalconXApiException\"/> into ErrorRecords")]
    [InlineData(BuilderFile, "return new ErrorRecord(exception, errorId, category, target);")]
    public void The_check_leaves_catalogue_references_nouns_and_the_builder_alone(string file, string line)
    {
        Assert.Empty(ErrorIdCatalogue.Problems(file, new[] { line }, CatalogueValues()));
    }

    /// <summary>Reads the catalogue's source (summaries and section comments) and checks other sources against it.</summary>
    private static class ErrorIdCatalogue
    {
        private static readonly Regex Section = new(@"^\s*// (?<text>[^/].*)$");
        private static readonly Regex Entry = new(@"^\s*/// <summary>(?<summary>.*)</summary>\s*$");
        private static readonly Regex Constant = new(@"^\s*public const string (?<name>\w+) = ""(?<value>\w+)"";");
        private static readonly Regex Literal = new(@"(?<!\\)""(?<text>[A-Za-z]\w*)""");
        private static readonly Regex IdShape = new(@"^(FalconX|ThreatQ)[A-Z][A-Za-z]*$");
        private static readonly Regex NounLine = new(@"^\s*(\[(Cmdlet|Alias)\(|///)");

        /// <summary>The user's list: a heading and table per section of the catalogue, one row per id.</summary>
        public static string Markdown(string source)
        {
            var text = new StringBuilder();
            string? summary = null;
            foreach (var line in source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
            {
                if (Section.Match(line) is { Success: true } section)
                {
                    var words = section.Groups["text"].Value.Trim();
                    var colon = words.IndexOf(": ", StringComparison.Ordinal);
                    text.Append("\n## ").Append(colon < 0 ? words.TrimEnd('.') : words[..colon]).Append("\n\n");
                    if (colon >= 0)
                    {
                        var rest = words[(colon + 2)..];
                        text.Append(char.ToUpperInvariant(rest[0])).Append(rest[1..]).Append("\n\n");
                    }

                    text.Append("| Id | Written by | When |\n|---|---|---|\n");
                }
                else if (Entry.Match(line) is { Success: true } entry)
                {
                    summary = entry.Groups["summary"].Value;
                }
                else if (Constant.Match(line) is { Success: true } constant && summary is not null)
                {
                    var colon = summary.IndexOf(": ", StringComparison.Ordinal);
                    var who = colon < 0 ? string.Empty : summary[..colon];
                    var when = colon < 0 ? summary : summary[(colon + 2)..];
                    text.Append("| `").Append(constant.Groups["value"].Value).Append("` | ").Append(who).Append(" | ")
                        .Append(char.ToUpperInvariant(when[0])).Append(when[1..]).Append(" |\n");
                    summary = null;
                }
            }

            return text.ToString().Trim('\n') + "\n";
        }

        /// <summary>What is wrong in one source file: ErrorRecords built outside the builder, ids spelt outside the catalogue.</summary>
        public static IEnumerable<string> Problems(string file, string[] lines, IReadOnlyList<string> catalogue)
        {
            if (file == CatalogueFile)
            {
                yield break;
            }

            var known = new HashSet<string>(catalogue, StringComparer.Ordinal);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (file != BuilderFile && line.Contains("new ErrorRecord(", StringComparison.Ordinal))
                {
                    yield return $"{file}:{i + 1}: builds an ErrorRecord itself: {line.Trim()}";
                }

                if (NounLine.IsMatch(line))
                {
                    continue;
                }

                foreach (Match literal in Literal.Matches(line))
                {
                    var text = literal.Groups["text"].Value;
                    if (known.Contains(text))
                    {
                        yield return $"{file}:{i + 1}: spells the id \"{text}\" instead of ErrorIds.{text}";
                    }
                    else if (IdShape.IsMatch(text) && !IsCoreName(text))
                    {
                        yield return $"{file}:{i + 1}: \"{text}\" looks like an error id that is not in ErrorIds";
                    }
                }
            }
        }

        /// <summary>Literals that name a type of Core (a parameter set named after its input type), not an error.</summary>
        private static bool IsCoreName(string text) =>
            typeof(ErrorIds).Assembly.GetExportedTypes().Any(t => t.Name == text);
    }
}
