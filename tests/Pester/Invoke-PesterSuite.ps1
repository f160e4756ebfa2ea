<#
.SYNOPSIS
    Runs the Pester suite (or one shard of it) against the laid-out module and writes a JSON summary for build.ps1.
.DESCRIPTION
    Called by build.ps1 in a fresh pwsh; tests find the module through $env:FALCONX_MODULE_PATH. The run shares one
    emulator process of each kind between its files (tests/Pester/Common.psm1, Start-TestEmulator), stopped at the end.
    With -ShardCount N the test files are split into N shards of about equal expected time (ShardWeights.psd1,
    longest first) and only shard -Shard runs here; build.ps1 starts the shards side by side, each with its own
    emulators on free ports. The summary lists each failed test with its message, so build.ps1 can repeat them at the
    end of a run whose shards' output came one after the other.
#>
param(
    [Parameter(Mandatory)] [string] $PesterModule,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SummaryFile,
    [Parameter(Mandatory)] [string] $Path,
    [int] $Shard = 1,
    [int] $ShardCount = 1
)
$ErrorActionPreference = 'Stop'
if ($PSVersionTable.PSVersion.Major -ge 7) { $PSStyle.OutputRendering = 'PlainText' }
Import-Module $PesterModule -Force
Import-Module (Join-Path $PSScriptRoot 'Common.psm1') -Force
$env:FALCONX_MODULE_PATH = $ModulePath
$env:FALCONX_REPO_ROOT = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)

# The test files under -Path (files or folders), then this shard's share of them.
$files = @($Path -split ',' | Where-Object { $_ } | ForEach-Object {
        $item = if (Test-Path $_) { $_ } else { Join-Path $PSScriptRoot $_ }
        if (Test-Path $item -PathType Container) { Get-ChildItem $item -Recurse -Filter '*.Tests.ps1' | ForEach-Object FullName }
        else { (Resolve-Path $item).Path }
    } | Sort-Object -Unique)
if ($ShardCount -gt 1) {
    # Longest processing time first: each file, heaviest first, goes to the shard with the least expected time so far.
    # Weights are seconds measured at low load; a file not in the table counts as 3 s. Stale weights only unbalance.
    $weights = Import-PowerShellDataFile (Join-Path $PSScriptRoot 'ShardWeights.psd1')
    $load = [double[]]::new($ShardCount)
    $mine = [System.Collections.Generic.List[string]]::new()
    $ordered = $files | Sort-Object @{ Expression = { $w = $weights[(Split-Path $_ -Leaf)]; if ($null -eq $w) { 3 } else { $w } }; Descending = $true }, @{ Expression = { $_ } }
    foreach ($file in $ordered) {
        $w = $weights[(Split-Path $file -Leaf)]; if ($null -eq $w) { $w = 3 }
        $target = [array]::IndexOf($load, ($load | Measure-Object -Minimum).Minimum)
        $load[$target] += $w
        if ($target -eq $Shard - 1) { $mine.Add($file) }
    }
    $files = @($mine | Sort-Object)
}

$summary = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0; FailedTests = @() }
if ($files.Count -gt 0) {
    $config = New-PesterConfiguration
    $config.Run.Path = $files
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Normal'
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputPath = [IO.Path]::ChangeExtension($SummaryFile, '.xml')
    New-EmulatorPool
    try {
        $result = Invoke-Pester -Configuration $config
    } finally {
        Stop-EmulatorPool
    }
    $summary.Passed = $result.PassedCount
    $summary.Failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    $summary.Skipped = $result.SkippedCount
    # Seconds per file (and when it started): what ShardWeights.psd1 is refreshed from.
    @($result.Containers | ForEach-Object {
            [pscustomobject]@{ File = Split-Path $_.Item -Leaf; Seconds = [math]::Round($_.Duration.TotalSeconds, 1); Started = $_.ExecutedAt.ToUniversalTime().ToString('o'); Result = "$($_.Result)" }
        }) | ConvertTo-Json | Set-Content -Path ([IO.Path]::ChangeExtension($SummaryFile, '.files.json'))
    $summary.FailedTests = @(
        @($result.Failed) | ForEach-Object { '{0}: {1}' -f $_.ExpandedPath, (@($_.ErrorRecord)[0].Exception.Message -split "`n")[0] }
        @($result.FailedBlocks) | ForEach-Object { '{0} (setup): {1}' -f $_.ExpandedPath, (@($_.ErrorRecord)[0].Exception.Message -split "`n")[0] }
        @($result.FailedContainers) | ForEach-Object { '{0}: {1}' -f $_.Item, (@($_.ErrorRecord)[0].Exception.Message -split "`n")[0] }
    )
}
[pscustomobject]$summary | ConvertTo-Json | Set-Content -Path $SummaryFile
