<#
.SYNOPSIS
    Derives tests/Contract/pwsh-7.4-assemblies.json: the assembly versions the module's minimum PowerShell 7 ships.
.DESCRIPTION
    PowerShell 7.4 (the oldest supported PowerShell 7) runs on .NET 8. Its trusted platform assemblies win over a
    module's own copies, so a module dll that needs a newer version of one of them (say System.Text.Json 9) loads
    on a newer pwsh but fails on 7.4. The Module Pester test resolves every shipped dll's references against this
    table instead of against the (newer) host it runs in. Run by hand with the .NET 8 reference pack
    (Microsoft.NETCore.App.Ref 8.0.x, restored by any net8.0 project): the build and the tests never run it.
.EXAMPLE
    ./tools/Export-PlatformAssemblies.ps1 -ReferencePackDir ~/.nuget/packages/microsoft.netcore.app.ref/8.0.31/ref/net8.0
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ReferencePackDir,
    [string] $OutputFile = (Join-Path $PSScriptRoot '../tests/Contract/pwsh-7.4-assemblies.json')
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$assemblies = [ordered]@{}
foreach ($dll in Get-ChildItem $ReferencePackDir -Filter *.dll | Sort-Object Name) {
    $name = [Reflection.AssemblyName]::GetAssemblyName($dll.FullName)
    $assemblies[$name.Name] = $name.Version.ToString()
}
# Supplied by PowerShell itself rather than by .NET.
$assemblies['System.Management.Automation'] = '7.4.0.0'
[ordered]@{
    note       = 'Machine-derived by tools/Export-PlatformAssemblies.ps1: assembly versions PowerShell 7.4 (.NET 8) supplies. Do not edit by hand.'
    powershell = '7.4'
    runtime    = 'Microsoft.NETCore.App.Ref ' + (Split-Path (Split-Path (Split-Path $ReferencePackDir)) -Leaf)
    assemblies = $assemblies
} | ConvertTo-Json | Set-Content -Path $OutputFile -Encoding utf8NoBOM
Write-Host "Wrote $OutputFile ($($assemblies.Count) assemblies)."
