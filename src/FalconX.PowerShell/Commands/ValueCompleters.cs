using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using FalconX.Client;
using FalconX.Models;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Tab completion from a fixed list of values, each with a tooltip that says what it does, so an interactive user
/// sees the meaning in the completion menu instead of looking it up. ValidateSet alone would complete the bare words.
/// </summary>
public abstract class DescribedValueCompleter : IArgumentCompleter
{
    /// <summary>The values in the order they are offered, each with its tooltip.</summary>
    protected abstract IEnumerable<(string Value, string Description)> Values { get; }

    /// <summary>The values alone, for <see cref="ValidateCompletionValuesAttribute"/>.</summary>
    internal IEnumerable<string> ValueNames => Values.Select(v => v.Value);

    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
        foreach (var (value, description) in Values)
        {
            if (value.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            {
                yield return new CompletionResult(value, value, CompletionResultType.ParameterValue, description);
            }
        }
    }
}

/// <summary>
/// Accepts only the values a <see cref="DescribedValueCompleter"/> offers (ignoring case), like ValidateSet. It exists
/// because PowerShell completes a ValidateSet parameter from the set itself and never asks the parameter's own
/// completer, so the tooltips would be lost.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateCompletionValuesAttribute : ValidateEnumeratedArgumentsAttribute
{
    private readonly string[] _accepted;

    /// <summary>Accepts the values of <paramref name="completerType"/> and <paramref name="alsoAccepted"/>.</summary>
    /// <param name="completerType">A <see cref="DescribedValueCompleter"/> type.</param>
    /// <param name="alsoAccepted">Values that bind but are not offered (kept for pipeline input).</param>
    public ValidateCompletionValuesAttribute(Type completerType, params string[] alsoAccepted)
    {
        CompleterType = completerType ?? throw new ArgumentNullException(nameof(completerType));
        AlsoAccepted = alsoAccepted ?? Array.Empty<string>();
        var completer = (DescribedValueCompleter)Activator.CreateInstance(completerType)!;
        _accepted = completer.ValueNames.Concat(AlsoAccepted).ToArray();
    }

    /// <summary>The completer whose values are accepted.</summary>
    public Type CompleterType { get; }

    /// <summary>Values accepted besides the completer's.</summary>
    public IReadOnlyList<string> AlsoAccepted { get; }

    /// <inheritdoc />
    protected override void ValidateElement(object element)
    {
        var value = element is PSObject wrapped ? wrapped.BaseObject : element;
        var text = Convert.ToString(value, CultureInfo.InvariantCulture);
        if (string.IsNullOrEmpty(text) || !_accepted.Contains(text, StringComparer.OrdinalIgnoreCase))
        {
            throw new ValidationMetadataException(
                $"'{text}' is not one of {string.Join(", ", _accepted)}. Press Tab after the parameter name to see each with what it does.");
        }
    }
}

/// <summary>Completes -ActionScript of Submit-FalconXSample.</summary>
public sealed class ActionScriptCompleter : DescribedValueCompleter
{
    /// <inheritdoc />
    protected override IEnumerable<(string Value, string Description)> Values => new[]
    {
        ("default", "The standard interaction: start the sample and click through its dialogs."),
        ("default_maxantievasion", "The standard interaction with the most anti-evasion measures, for samples that detect sandboxes."),
        ("default_randomfiles", "The standard interaction on a system seeded with random user files, so it looks in use."),
        ("default_randomtheme", "The standard interaction with a random desktop theme, so the system looks in use."),
        ("default_openie", "The standard interaction, opening Internet Explorer first (for samples that need a browser)."),
    };
}

/// <summary>Completes -NetworkSetting of Submit-FalconXSample.</summary>
public sealed class NetworkSettingCompleter : DescribedValueCompleter
{
    /// <inheritdoc />
    protected override IEnumerable<(string Value, string Description)> Values => new[]
    {
        ("default", "Full internet access from the sandbox."),
        ("tor", "Traffic leaves through Tor, hiding the sandbox's address from the sample's servers."),
        ("simulated", "A simulated internet: the sandbox answers network requests itself and nothing leaves it."),
        ("offline", "No network at all."),
    };
}

/// <summary>Completes -Cloud of ConvertTo-ThreatQEntity (CrowdStrike's spelling) with the console host its links use.</summary>
public sealed class ConsoleCloudCompleter : DescribedValueCompleter
{
    /// <inheritdoc />
    protected override IEnumerable<(string Value, string Description)> Values =>
        FalconXReport.ConsoleHosts.Select(pair => (pair.Key, $"Report links point to https://{pair.Value}/"));
}

/// <summary>Completes -Kind of Save-FalconXArtifact with what each kind saves and the file it writes.</summary>
public sealed class ArtifactKindCompleter : DescribedValueCompleter
{
    private static readonly (string Value, string Description)[] Groups =
    {
        ("Ioc", "All eight IOC packs: strict and broad, each as CSV, JSON, STIX and MAEC (the default)."),
        ("IocStrict", "The four strict IOC packs: only what the sample itself proves."),
        ("IocBroad", "The four broad IOC packs: everything the detonation observed."),
        ("All", "Every artifact of the report: IOC packs, PCAP, screenshots, memory strings and memory dumps."),
    };

    private static readonly Dictionary<string, string> KindDescriptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["IocStrictCsv"] = "Strict IOC pack as CSV",
        ["IocStrictJson"] = "Strict IOC pack as JSON",
        ["IocStrictStix"] = "Strict IOC pack as STIX 2.1",
        ["IocStrictMaec"] = "Strict IOC pack as MAEC",
        ["IocBroadCsv"] = "Broad IOC pack as CSV",
        ["IocBroadJson"] = "Broad IOC pack as JSON",
        ["IocBroadStix"] = "Broad IOC pack as STIX 2.1",
        ["IocBroadMaec"] = "Broad IOC pack as MAEC",
        ["Pcap"] = "The network capture of the detonation",
        ["Screenshot"] = "The screenshots taken during the detonation",
        ["MemoryStrings"] = "The strings found in the sample's memory",
        ["MemoryDumps"] = "The archive of all memory dumps, when the report has one",
        ["MemoryDump"] = "The binary of each dumped memory region",
        ["MemoryDumpHexDump"] = "The hex view of each dumped memory region",
        ["MemoryDumpStrings"] = "The strings of each dumped memory region",
    };

    /// <inheritdoc />
    protected override IEnumerable<(string Value, string Description)> Values
    {
        get
        {
            foreach (var group in Groups)
            {
                yield return group;
            }

            foreach (var kind in KindDescriptions)
            {
                // A stand-in id, since the file-name rules would escape the angle brackets of "<reportId>".
                var sample = ArtifactFiles.DefaultName("REPORTID", ArtifactFiles.ParseKind(kind.Key), number: 1);
                yield return (kind.Key, sample is null ? kind.Value + "." : $"{kind.Value}: {sample.Replace("REPORTID", "<reportId>")}");
            }
        }
    }
}

/// <summary>
/// Tab completion of -EnvironmentId (and Get-FalconXEnvironment -Name): typing a number completes ids, typing letters
/// completes names (also matched against the descriptions, so "ubu" and "Linux" both find ubuntu24_x64). The tooltip
/// shows the other form and the description, so either way the user sees what the environment is.
/// </summary>
public sealed class EnvironmentIdCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
        var numeric = word.Length > 0 && word.All(char.IsDigit);
        // Current environments first: they are the ones to pick; deprecated ones still work and come last.
        var ordered = SandboxEnvironment.All.OrderBy(e => e.Status == "Current" ? 0 : 1);
        foreach (var environment in ordered)
        {
            var id = environment.Id.ToString(CultureInfo.InvariantCulture);
            var deprecated = environment.Status == "Current" ? string.Empty : " (deprecated)";
            if (numeric)
            {
                if (id.StartsWith(word, StringComparison.Ordinal))
                {
                    yield return new CompletionResult(id, $"{id} {environment.Name}", CompletionResultType.ParameterValue, $"{environment.Name}: {environment.Description}{deprecated}");
                }
            }
            else if (environment.Name.StartsWith(word, StringComparison.OrdinalIgnoreCase)
                || environment.Description.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                yield return new CompletionResult(environment.Name, environment.Name, CompletionResultType.ParameterValue, $"{id}: {environment.Description}{deprecated}");
            }
        }
    }
}

/// <summary>Completes ThreatQ's built-in indicator types (PEERS.md §1.2).</summary>
public sealed class ThreatQTypeCompleter : IArgumentCompleter
{
    private static readonly string[] Types = { "SHA-256", "SHA-1", "MD5", "SHA-384", "SHA-512", "FQDN", "IP Address", "IPv6 Address", "URL", "URL Path", "Email Address", "Filename", "File Path", "Mutex", "Registry Key", "CVE", "String" };

    /// <inheritdoc />
    public System.Collections.Generic.IEnumerable<System.Management.Automation.CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, System.Management.Automation.Language.CommandAst commandAst, System.Collections.IDictionary fakeBoundParameters) =>
        ThreatQStatusCompleter.Complete(Types, wordToComplete);
}

/// <summary>Completes ThreatQ's indicator statuses (PEERS.md §1.2).</summary>
public sealed class ThreatQStatusCompleter : IArgumentCompleter
{
    private static readonly string[] Statuses = { "Active", "Expired", "Indirect", "Review", "Whitelisted" };

    /// <inheritdoc />
    public System.Collections.Generic.IEnumerable<System.Management.Automation.CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, System.Management.Automation.Language.CommandAst commandAst, System.Collections.IDictionary fakeBoundParameters) =>
        Complete(Statuses, wordToComplete);

    internal static System.Collections.Generic.IEnumerable<System.Management.Automation.CompletionResult> Complete(string[] values, string word)
    {
        var typed = (word ?? string.Empty).Trim('\'', '"');
        foreach (var value in values)
        {
            if (value.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            {
                var text = value.IndexOf(' ') >= 0 ? "'" + value + "'" : value;
                yield return new System.Management.Automation.CompletionResult(text, value, System.Management.Automation.CompletionResultType.ParameterValue, value);
            }
        }
    }
}
