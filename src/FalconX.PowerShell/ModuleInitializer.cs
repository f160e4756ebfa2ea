using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;
using FalconX.Hosting;

namespace FalconX.PowerShell;

/// <summary>
/// Runs when the module is imported. On Windows PowerShell 5.1 (.NET Framework) it installs an AssemblyResolve
/// handler that answers requests for the module's own dependencies (System.Memory, System.Text.Json, Polly,
/// Microsoft.Bcl.* …) by name and any version from the module's folder (see <see cref="BundledAssemblyResolver"/>).
/// On PowerShell 7 it does nothing.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    private static readonly object Gate = new();
    private static bool _installed;
    private static BundledAssemblyResolver? _resolver;

    /// <inheritdoc />
    public void OnImport()
    {
        if (!BundledAssemblyResolver.AppliesTo(RuntimeInformation.FrameworkDescription))
        {
            return;
        }

        lock (Gate)
        {
            if (_installed)
            {
                return;
            }

            var folder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location);
            if (string.IsNullOrEmpty(folder))
            {
                return;
            }

            _resolver = new BundledAssemblyResolver(folder!);
            AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
            _installed = true;
        }
    }

    private static Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
    {
        var path = _resolver?.Resolve(args.Name);
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        // Already loaded (by an earlier request for another version): hand out that one, never a second copy.
        var simpleName = new AssemblyName(args.Name).Name;
        var loaded = AppDomain.CurrentDomain.GetAssemblies()
            .FirstOrDefault(a => string.Equals(a.GetName().Name, simpleName, StringComparison.OrdinalIgnoreCase));
        return loaded ?? Assembly.LoadFrom(path);
    }
}
