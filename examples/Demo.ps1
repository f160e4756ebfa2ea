<#
.SYNOPSIS
    A guided tour of FalconX against the local emulator. build.ps1 -Task Demo starts the emulator and runs this.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $BaseUrl,
    [Parameter(Mandatory)] [string] $ClientId,
    # The emulator's well-known demo secret (documented in the README); never a real one.
    [Parameter(Mandatory)] [string] $ClientSecretPlain
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

Write-Host "`n# 1. The sandbox environments FalconX knows (use a name or an id with -EnvironmentId)" -ForegroundColor Cyan
Get-FalconXEnvironment | Format-Table -AutoSize | Out-Host

Write-Host "`nThe demo fills in as the cmdlets land (connect, submit, wait, report, ThreatQ)." -ForegroundColor DarkGray
