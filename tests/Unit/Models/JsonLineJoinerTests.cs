using FalconX.Models;

namespace FalconX.Tests.Models;

public sealed class JsonLineJoinerTests
{
    [Fact]
    public void Joins_a_pretty_printed_file_fed_line_by_line()
    {
        var lines = SeedFixtures.Read("seed-report.json").Replace("\r\n", "\n", System.StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        var joiner = new JsonLineJoiner();

        Assert.True(joiner.TryStart(lines[0]));
        string? whole = null;
        for (var i = 1; i < lines.Length; i++)
        {
            Assert.Null(whole);
            whole = joiner.Add(lines[i]);
        }

        Assert.NotNull(whole);
        Assert.False(joiner.IsCollecting);
        Assert.Single(ReportParser.ParseReports(whole!));
    }

    [Fact]
    public void Brackets_and_quotes_inside_strings_do_not_count()
    {
        var joiner = new JsonLineJoiner();

        Assert.True(joiner.TryStart("{\"a\": \"} ] \\\" {\","));
        Assert.Null(joiner.Add("  \"b\": [1, 2"));
        Assert.Equal("{\"a\": \"} ] \\\" {\",\n  \"b\": [1, 2\n]}", joiner.Add("]}"));
    }

    [Theory]
    [InlineData("\"id\": 1,")]
    [InlineData("{\"id\": 1}")]
    [InlineData("}")]
    [InlineData("{\"unterminated")]
    [InlineData("")]
    public void Does_not_start_on_lines_that_are_not_an_open_object_or_list(string line)
    {
        Assert.False(new JsonLineJoiner().TryStart(line));
    }

    [Fact]
    public void Stops_when_the_brackets_cannot_balance_and_drains_what_it_has()
    {
        var joiner = new JsonLineJoiner();
        Assert.True(joiner.TryStart("{"));
        Assert.Equal("{\n}}", joiner.Add("}}"));

        Assert.True(joiner.TryStart("["));
        Assert.Null(joiner.Add("1,"));
        Assert.Equal("[\n1,", joiner.Drain());
        Assert.Null(joiner.Drain());
    }
}
