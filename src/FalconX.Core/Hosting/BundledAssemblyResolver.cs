using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace FalconX.Hosting;

/// <summary>
/// Decides which assembly requests the module answers from its own folder on Windows PowerShell 5.1 (.NET
/// Framework). There, System.Text.Json and Polly ask for System.Memory, System.Runtime.CompilerServices.Unsafe,
/// Microsoft.Bcl.* and the like by versions other than the ones in the module folder, and powershell.exe has no
/// binding redirects for modules, so the load fails. The standard remedy is an AssemblyResolve handler that answers
/// such requests by simple name, any version, with the file the module ships. PowerShell 7 (.NET) resolves these
/// itself, so the handler is installed only on .NET Framework (<see cref="AppliesTo"/>).
/// </summary>
/// <remarks>
/// Only assemblies whose file is in the folder are answered; resource (satellite) requests, other cultures and names
/// the folder does not hold are left to the runtime (null), so the handler never takes over anything else.
/// </remarks>
public sealed class BundledAssemblyResolver
{
    private readonly Dictionary<string, string> _bySimpleName;

    /// <summary>Creates a resolver over the .dll files of <paramref name="folder"/>.</summary>
    public BundledAssemblyResolver(string folder)
        : this(folder, Directory.Exists(folder) ? Directory.GetFiles(folder, "*.dll").Select(Path.GetFileName) : Array.Empty<string>())
    {
    }

    /// <summary>Creates a resolver for a folder known to hold <paramref name="fileNames"/> (for tests, or a known layout).</summary>
    public BundledAssemblyResolver(string folder, IEnumerable<string?> fileNames)
    {
        Folder = folder ?? throw new ArgumentNullException(nameof(folder));
        _bySimpleName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in fileNames ?? throw new ArgumentNullException(nameof(fileNames)))
        {
            if (file is not null && file.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            {
                _bySimpleName[file.Substring(0, file.Length - 4)] = Path.Combine(folder, file);
            }
        }
    }

    /// <summary>The module folder.</summary>
    public string Folder { get; }

    /// <summary>True on .NET Framework (Windows PowerShell 5.1), the only runtime that needs the handler.</summary>
    /// <param name="frameworkDescription">RuntimeInformation.FrameworkDescription, e.g. ".NET Framework 4.8.9232.0" or ".NET 10.0.0".</param>
    public static bool AppliesTo(string? frameworkDescription) =>
        frameworkDescription is not null && frameworkDescription.TrimStart().StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The path of the module's file for an assembly request (a full or simple assembly name), whatever version it
    /// asks for; null when the module does not ship it or the request is for resources or another culture.
    /// </summary>
    public string? Resolve(string? requestedName)
    {
        if (string.IsNullOrWhiteSpace(requestedName))
        {
            return null;
        }

        AssemblyName name;
        try
        {
            name = new AssemblyName(requestedName);
        }
        catch (Exception ex) when (ex is ArgumentException or FileLoadException)
        {
            return null;
        }

        if (string.IsNullOrEmpty(name.Name) || name.Name!.EndsWith(".resources", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var culture = name.CultureName;
        if (!string.IsNullOrEmpty(culture) && !string.Equals(culture, "neutral", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return _bySimpleName.TryGetValue(name.Name, out var path) ? path : null;
    }
}
