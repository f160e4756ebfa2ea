using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using FalconX.Models;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Lets an <c>int</c> -EnvironmentId parameter take a name (win10_x64), a description ("Windows 10 64 bit") or a
/// number. Unknown numbers pass through, so environments added to the API after this release work at once; the
/// cmdlet warns about them (see <see cref="EnvironmentIdArgument.WarnIfUnknown"/>). An unknown name is a binding error
/// that lists the known names, before any request.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class EnvironmentIdTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc />
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        switch (value)
        {
            case null:
                return null;
            case int number:
                return number;
            case long or short or byte or uint or ushort:
                return Convert.ToInt32(value, CultureInfo.InvariantCulture);
            case SandboxEnvironment environment:
                return environment.Id;
            case IList list when list.Count == 1:
                return Transform(engineIntrinsics, list[0]);
        }

        var text = Convert.ToString(value, CultureInfo.InvariantCulture);
        if (SandboxEnvironment.TryResolve(text, out var id, out _))
        {
            return id;
        }

        throw new ArgumentTransformationMetadataException(
            $"'{text}' is not a sandbox environment. Use a name such as {string.Join(", ", SandboxEnvironment.All.Where(e => e.Status == "Current").Select(e => e.Name))}, or a number such as 160 (Get-FalconXEnvironment lists them all).");
    }
}

/// <summary>Helpers for cmdlets with an -EnvironmentId parameter.</summary>
internal static class EnvironmentIdArgument
{
    /// <summary>Warns once per cmdlet run about an id this version does not know (it is still sent: the API decides).</summary>
    public static void WarnIfUnknown(Cmdlet cmdlet, int environmentId, ISet<int> warned)
    {
        if (SandboxEnvironment.FromId(environmentId) is null && warned.Add(environmentId))
        {
            cmdlet.WriteWarning($"Environment id {environmentId} is not one this version of FalconX knows; it is sent as given and the API decides. Get-FalconXEnvironment lists the known ones.");
        }
    }

    /// <summary>
    /// The id to send for <paramref name="environmentId"/>: a deprecated environment becomes the one the API runs it in
    /// (so the report lookup and the submission agree), with one warning per id per cmdlet run.
    /// </summary>
    public static int MapDeprecated(Cmdlet cmdlet, int environmentId, ISet<int> warned)
    {
        var effective = SandboxEnvironment.Effective(environmentId);
        if (effective != environmentId && warned.Add(environmentId))
        {
            cmdlet.WriteWarning($"Environment {Describe(environmentId)} is deprecated: the API runs such submissions in {Describe(effective)}, so FalconX submits to {effective} and looks for earlier reports there. Use -EnvironmentId {SandboxEnvironment.FromId(effective)?.Name ?? effective.ToString(CultureInfo.InvariantCulture)} to stop this warning.");
        }

        return effective;
    }

    /// <summary>"160 (win10_x64)" or "999".</summary>
    public static string Describe(int environmentId) =>
        SandboxEnvironment.FromId(environmentId) is SandboxEnvironment known
            ? $"{environmentId} ({known.Name})"
            : environmentId.ToString(CultureInfo.InvariantCulture);
}
