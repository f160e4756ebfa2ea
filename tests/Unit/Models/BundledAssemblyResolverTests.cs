using System.IO;
using FalconX.Hosting;

namespace FalconX.Tests.Models;

/// <summary>What the Windows PowerShell 5.1 assembly handler answers, and what it leaves to the runtime.</summary>
public sealed class BundledAssemblyResolverTests
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "FalconX-module");

    private static BundledAssemblyResolver Resolver() => new(Folder, new[]
    {
        "FalconX.Core.dll", "FalconX.PowerShell.dll", "System.Memory.dll", "System.Runtime.CompilerServices.Unsafe.dll",
        "Microsoft.Bcl.AsyncInterfaces.dll", "Microsoft.Bcl.TimeProvider.dll", "System.Text.Json.dll", "Polly.Core.dll",
        "FalconX.Format.ps1xml", "FalconX.psd1",
    });

    [Theory]
    [InlineData("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "System.Memory.dll")]
    [InlineData("System.Memory, Version=4.0.5.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "System.Memory.dll")]
    [InlineData("System.Runtime.CompilerServices.Unsafe, Version=6.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a", "System.Runtime.CompilerServices.Unsafe.dll")]
    [InlineData("Microsoft.Bcl.AsyncInterfaces, Version=1.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "Microsoft.Bcl.AsyncInterfaces.dll")]
    [InlineData("system.text.json, Version=8.0.0.5", "System.Text.Json.dll")]
    [InlineData("Polly.Core", "Polly.Core.dll")]
    public void Answers_the_modules_own_dependencies_by_name_whatever_the_version(string request, string file)
    {
        Assert.Equal(Path.Combine(Folder, file), Resolver().Resolve(request));
    }

    [Theory]
    [InlineData("System.Text.Json.resources, Version=8.0.0.0, Culture=de-DE, PublicKeyToken=cc7b13ffcd2ddd51")]
    [InlineData("System.Memory, Version=4.0.1.2, Culture=fr, PublicKeyToken=cc7b13ffcd2ddd51")]
    [InlineData("Newtonsoft.Json, Version=13.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed")]
    [InlineData("FalconX.Format")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("not, a valid = name ,,")]
    public void Leaves_everything_else_to_the_runtime(string? request)
    {
        Assert.Null(Resolver().Resolve(request));
    }

    [Theory]
    [InlineData(".NET Framework 4.8.9232.0", true)]
    [InlineData(".NET Framework 4.7.2", true)]
    [InlineData(".NET 10.0.0", false)]
    [InlineData(".NET Core 3.1.32", false)]
    [InlineData(null, false)]
    public void Is_installed_only_on_dotnet_framework(string? description, bool expected)
    {
        Assert.Equal(expected, BundledAssemblyResolver.AppliesTo(description));
    }

    [Fact]
    public void Reads_the_folder_it_is_given()
    {
        var folder = Directory.CreateTempSubdirectory("fx-resolver").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(folder, "System.Buffers.dll"), new byte[] { 0x4D, 0x5A });
            var resolver = new BundledAssemblyResolver(folder);

            Assert.Equal(Path.Combine(folder, "System.Buffers.dll"), resolver.Resolve("System.Buffers, Version=4.0.3.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"));
            Assert.Null(resolver.Resolve("System.Memory"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
