using FalconX.Models;

namespace FalconX.Tests;

public sealed class SandboxEnvironmentTests
{
    [Theory]
    [InlineData("win10_x64", 160, true)]
    [InlineData("WIN7_X86", 100, true)]
    [InlineData("Windows 11 64 bit", 140, true)]
    [InlineData("160", 160, true)]
    [InlineData("999", 999, false)]
    public void Resolves_names_descriptions_and_numbers(string text, int expectedId, bool expectedKnown)
    {
        Assert.True(SandboxEnvironment.TryResolve(text, out var id, out var known));
        Assert.Equal(expectedId, id);
        Assert.Equal(expectedKnown, known);
    }

    [Theory]
    [InlineData("")]
    [InlineData("windows")]
    [InlineData("0")]
    [InlineData("-5")]
    public void Refuses_unknown_names_and_non_positive_numbers(string text)
    {
        Assert.False(SandboxEnvironment.TryResolve(text, out _, out _));
    }
}
