using System.Management.Automation;
using FalconX.Models;
using FalconX.Workflows;

namespace FalconX.PowerShell.Commands;

/// <summary>Lists the sandbox environments the module knows by name.</summary>
[Cmdlet(VerbsCommon.Get, "FalconXEnvironment")]
[OutputType(typeof(SandboxEnvironment))]
public sealed class GetFalconXEnvironmentCommand : FalconXCmdlet
{
    /// <summary>Names, descriptions or ids to look up; wildcards allowed on names.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "EnvironmentId")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(EnvironmentIdCompleter))]
    public string[]? Name { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (Name is null || Name.Length == 0)
        {
            WriteObject(SandboxEnvironment.All, enumerateCollection: true);
            return;
        }

        foreach (var name in Name)
        {
            var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase);
            var found = false;
            foreach (var environment in SandboxEnvironment.All)
            {
                if (pattern.IsMatch(environment.Name) || pattern.IsMatch(environment.Description) ||
                    pattern.IsMatch(environment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                {
                    WriteObject(environment);
                    found = true;
                }
            }

            if (!found && !WildcardPattern.ContainsWildcardCharacters(name))
            {
                WriteItemError(
                    new ItemNotFoundException($"No sandbox environment is named '{name}'. Run Get-FalconXEnvironment without arguments to list them; a number the API knows but this module does not can still be passed to -EnvironmentId."),
                    ErrorIds.EnvironmentNotFound,
                    ErrorCategory.ObjectNotFound,
                    name);
            }
        }
    }
}
