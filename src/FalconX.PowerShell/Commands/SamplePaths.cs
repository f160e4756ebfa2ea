using System;
using System.Collections.Generic;
using System.Management.Automation;
using FalconX.Workflows;

namespace FalconX.PowerShell.Commands;

/// <summary>Turns -Path (wildcards) or -LiteralPath values into file system paths, with an error record for each one that is not a file path or matches nothing.</summary>
internal static class SamplePaths
{
    /// <summary>The resolved paths, in order; problems go to <paramref name="writeError"/> and the rest goes on.</summary>
    public static IEnumerable<string> Resolve(PSCmdlet cmdlet, string[]? paths, bool literal, Action<ErrorRecord> writeError)
    {
        foreach (var given in paths ?? Array.Empty<string>())
        {
            var resolved = literal ? ResolveLiteral(cmdlet, given, writeError) : ResolvePattern(cmdlet, given, writeError);
            foreach (var file in resolved)
            {
                yield return file;
            }
        }
    }

    private static string[] ResolveLiteral(PSCmdlet cmdlet, string literal, Action<ErrorRecord> writeError)
    {
        try
        {
            return new[] { cmdlet.GetUnresolvedProviderPathFromPSPath(literal) };
        }
        catch (Exception ex) when (IsNotFileSystem(ex))
        {
            writeError(NotAFileSystemPath($"'{literal}' is not a file system path: {ex.Message}", literal));
            return Array.Empty<string>();
        }
    }

    private static IReadOnlyList<string> ResolvePattern(PSCmdlet cmdlet, string pattern, Action<ErrorRecord> writeError)
    {
        System.Collections.ObjectModel.Collection<string> resolved;
        ProviderInfo? provider;
        try
        {
            resolved = cmdlet.GetResolvedProviderPathFromPSPath(pattern, out provider);
        }
        catch (ItemNotFoundException)
        {
            writeError(ErrorRecords.Create(new ItemNotFoundException($"The file '{pattern}' does not exist. Nothing was sent for it."), ErrorIds.FalconXSampleNotFound, ErrorCategory.ObjectNotFound, pattern));
            return Array.Empty<string>();
        }
        catch (Exception ex) when (IsNotFileSystem(ex))
        {
            writeError(NotAFileSystemPath($"'{pattern}' is not a file system path: {ex.Message}", pattern));
            return Array.Empty<string>();
        }

        if (provider is not null && !string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
        {
            writeError(NotAFileSystemPath($"'{pattern}' is on the {provider.Name} provider; only files can be submitted.", pattern));
            return Array.Empty<string>();
        }

        if (resolved.Count == 0)
        {
            writeError(ErrorRecords.Create(new ItemNotFoundException($"No file matches '{pattern}'. Nothing was sent for it."), ErrorIds.FalconXSampleNotFound, ErrorCategory.ObjectNotFound, pattern));
        }

        return resolved;
    }

    private static bool IsNotFileSystem(Exception ex) =>
        ex is NotSupportedException or ProviderNotFoundException or DriveNotFoundException or PSArgumentException;

    private static ErrorRecord NotAFileSystemPath(string message, string target) =>
        ErrorRecords.Create(new ArgumentException(message), ErrorIds.FalconXNotAFileSystemPath, ErrorCategory.InvalidArgument, target);
}
