<#
.SYNOPSIS
    Runs the Pester suite against the laid-out module and writes a JSON summary for build.ps1.
    Called by build.ps1 in a fresh pwsh; tests find the module through $env:FALCONX_MODULE_PATH.
#>
param(
    [Parameter(Mandatory)] [string] $PesterModule,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SummaryFile,
    [Parameter(Mandatory)] [string] $Path
)
$ErrorActionPreference = 'Stop'
if ($PSVersionTable.PSVersion.Major -ge 7) { $PSStyle.OutputRendering = 'PlainText' }
Import-Module $PesterModule -Force
$env:FALCONX_MODULE_PATH = $ModulePath
$env:FALCONX_REPO_ROOT = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
$config = New-PesterConfiguration
$config.Run.Path = @($Path -split ',' | ForEach-Object {
        if (Test-Path $_) { $_ } else { Join-Path $PSScriptRoot $_ }
    })
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$config.TestResult.Enabled = $true
$config.TestResult.OutputPath = Join-Path (Split-Path $SummaryFile) 'pester.xml'
$result = Invoke-Pester -Configuration $config
[pscustomobject]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount
} | ConvertTo-Json | Set-Content -Path $SummaryFile
