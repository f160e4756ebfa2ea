#!/usr/bin/env pwsh
<#
.SYNOPSIS
    The one entry point for building, testing, running and packaging FalconX.
.DESCRIPTION
    Run it with the pinned PowerShell tool:  dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
    Tasks:
      Build     lays the module out in out/FalconX (psd1, dlls, format file, MAML help), the emulator in out/emulator
                and the ThreatQ emulator in out/threatq-emulator
      Test      Build, then the xunit suite and the Pester suite (against out/FalconX, in a fresh pwsh); ends with 'N passed, N failed'
      Demo      Build, start the emulator, run examples/Demo.ps1 against it, stop the emulator
      Emulator  Build, start the emulator in the foreground (Ctrl+C stops it) for trying the module by hand
      Bench     Build, run bench/*.Bench.ps1 and print their figures (record them in bench/RESULTS.md)
      Soak      Build, run the long reliability run (bench/Soak.ps1), not part of CI
      Package   Build, then make out/packages/FalconX.<version>.nupkg for Install-PSResource / Install-Module
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Emulator', 'Bench', 'Soak', 'Package')]
    [string] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    # Pester tests to run (paths or names under tests/Pester); default all.
    [string[]] $PesterPath,
    # Skip the xunit suite (quicker Pester iterations).
    [switch] $SkipUnit,
    # Skip the Pester suite.
    [switch] $SkipPester
)
$ErrorActionPreference = 'Stop'
if ($PSVersionTable.PSVersion.Major -ge 7) { $PSStyle.OutputRendering = 'PlainText' }
Set-StrictMode -Version Latest
$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'FalconX'
$Dotnet = [Environment]::ProcessPath   # the 'dotnet' host running this pwsh
$Pwsh = @($Dotnet, (Join-Path $PSHOME 'pwsh.dll'))
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

function Invoke-Native([string] $What, [scriptblock] $Command) {
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)." }
}

function Invoke-FreshPwsh([string[]] $Arguments) {
    & $Pwsh[0] $Pwsh[1] -NoProfile -NonInteractive @Arguments
}

function Merge-FormatFile([string] $SourceDir, [string] $Destination) {
    $merged = [xml]'<?xml version="1.0" encoding="utf-8"?><Configuration><ViewDefinitions/></Configuration>'
    $target = $merged.Configuration.SelectSingleNode('ViewDefinitions')
    foreach ($file in Get-ChildItem $SourceDir -Filter *.ps1xml | Sort-Object Name) {
        $doc = [xml](Get-Content $file.FullName -Raw)
        foreach ($view in $doc.SelectNodes('/Configuration/ViewDefinitions/View')) {
            $null = $target.AppendChild($merged.ImportNode($view, $true))
        }
    }
    $merged.Save($Destination)
}

function Invoke-Build {
    Write-Host "==> Build ($Configuration)"
    Invoke-Native 'dotnet build' { & $Dotnet build (Join-Path $Root 'FalconXPs.sln') -c $Configuration --nologo -v quiet -clp:ErrorsOnly }
    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    $null = New-Item -ItemType Directory -Force -Path $ModuleOut, (Join-Path $ModuleOut 'en-US')
    $bin = Join-Path $Root "src/FalconX.PowerShell/bin/$Configuration/netstandard2.0"
    # The host supplies System.Management.Automation; shipping a copy breaks loading.
    Get-ChildItem $bin -Filter *.dll | Where-Object Name -ne 'System.Management.Automation.dll' |
        Copy-Item -Destination $ModuleOut
    Copy-Item (Join-Path $Root 'FalconX.psd1') $ModuleOut
    Merge-FormatFile (Join-Path $Root 'src/FalconX.PowerShell/Formats') (Join-Path $ModuleOut 'FalconX.Format.ps1xml')
    Copy-Item (Join-Path $Root 'src/FalconX.PowerShell/Types/FalconX.Types.ps1xml') $ModuleOut
    Get-ChildItem (Join-Path $Root 'src/FalconX.PowerShell/en-US') -Filter *.txt | Copy-Item -Destination (Join-Path $ModuleOut 'en-US')
    $helpXml = Join-Path $ModuleOut 'en-US/FalconX.PowerShell.dll-Help.xml'
    Invoke-Native 'help generation' {
        Invoke-FreshPwsh @('-File', (Join-Path $Root 'tools/New-MamlHelp.ps1'), '-ModulePath', $ModuleOut,
            '-SourcePath', (Join-Path $Root 'src/FalconX.PowerShell/Help'), '-OutputFile', $helpXml)
    }
    $emulatorOut = Join-Path $Out 'emulator'
    if (Test-Path $emulatorOut) { Remove-Item $emulatorOut -Recurse -Force }
    Copy-Item (Join-Path $Root "src/FalconX.Emulator/bin/$Configuration/net10.0") $emulatorOut -Recurse
    $threatQOut = Join-Path $Out 'threatq-emulator'
    if (Test-Path $threatQOut) { Remove-Item $threatQOut -Recurse -Force }
    Copy-Item (Join-Path $Root "src/ThreatQ.Emulator/bin/$Configuration/net10.0") $threatQOut -Recurse
    Write-Host "    module:   $ModuleOut"
    Write-Host "    emulator: $emulatorOut"
    Write-Host "    threatq:  $threatQOut"
}

function Get-PesterModulePath {
    $path = Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages/pester/5.7.1/tools/Pester.psd1'
    if ($env:NUGET_PACKAGES) { $path = Join-Path $env:NUGET_PACKAGES 'pester/5.7.1/tools/Pester.psd1' }
    if (-not (Test-Path $path)) {
        Write-Host '==> Restoring Pester 5.7.1 from NuGet'
        Invoke-Native 'Pester restore' { & $Dotnet restore (Join-Path $Root 'tests/Pester/Pester.Restore.csproj') --nologo -v quiet }
    }
    if (-not (Test-Path $path)) { throw "Pester was restored but not found at $path." }
    $path
}

function Invoke-Test {
    Invoke-Build
    $results = Join-Path $Out 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $results
    $passed = 0; $failed = 0; $skipped = 0

    if (-not $SkipUnit) {
        Write-Host '==> xunit (tests/Unit)'
        & $Dotnet test (Join-Path $Root 'tests/Unit/FalconX.Tests.csproj') -c $Configuration --no-build --nologo `
            --logger 'trx;LogFileName=unit.trx' --logger 'console;verbosity=minimal' --results-directory $results
        $trx = Join-Path $results 'unit.trx'
        if (Test-Path $trx) {
            $counters = ([xml](Get-Content $trx -Raw)).TestRun.ResultSummary.Counters
            $passed += [int]$counters.passed
            $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
            $skipped += [int]$counters.notExecuted
        } else {
            Write-Host 'xunit produced no results file: counting the suite as one failure.'
            $failed += 1
        }
    }

    if (-not $SkipPester) {
        Write-Host '==> Pester (tests/Pester, fresh pwsh)'
        $pester = Get-PesterModulePath
        $summary = Join-Path $results 'pester.json'
        $paths = if ($PesterPath) { $PesterPath } else { @(Join-Path $Root 'tests/Pester') }
        Invoke-FreshPwsh @('-File', (Join-Path $Root 'tests/Pester/Invoke-PesterSuite.ps1'),
            '-PesterModule', $pester, '-ModulePath', $ModuleOut, '-SummaryFile', $summary, '-Path', ($paths -join ','))
        if (Test-Path $summary) {
            $p = Get-Content $summary -Raw | ConvertFrom-Json
            $passed += $p.Passed; $failed += $p.Failed; $skipped += $p.Skipped
        } else {
            Write-Host 'Pester produced no summary: counting the suite as one failure.'
            $failed += 1
        }
    }

    $line = "$passed passed, $failed failed"
    if ($skipped) { $line += ", $skipped skipped" }
    Write-Host $line
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    Import-Module (Join-Path $Root 'tools/EmulatorHost.psm1') -Force
    Write-Host '==> Starting the emulator'
    $emulator = Start-FalconXEmulator -ArgumentList @('--submission-delay-ms', '3000')
    $threatq = $null
    try {
        Write-Host "    listening on $($emulator.BaseUrl)"
        Write-Host '==> Starting the ThreatQ emulator'
        $threatq = Start-ThreatQEmulator
        Write-Host "    listening on $($threatq.BaseUrl)"
        Invoke-FreshPwsh @('-File', (Join-Path $Root 'examples/Demo.ps1'), '-ModulePath', $ModuleOut,
            '-BaseUrl', $emulator.BaseUrl, '-ClientId', $emulator.ClientId, '-ClientSecretPlain', $emulator.ClientSecret,
            '-ThreatQUrl', $threatq.BaseUrl, '-ThreatQClientId', $threatq.ClientId, '-ThreatQEmail', $threatq.Email,
            '-ThreatQPasswordPlain', $threatq.Password)
        if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
    } finally {
        Write-Host '==> Stopping the emulators'
        $emulator | Stop-FalconXEmulator
        if ($threatq) { $threatq | Stop-ThreatQEmulator }
    }
}

function Invoke-Emulator {
    Invoke-Build
    Write-Host '==> Emulator in the foreground; Ctrl+C stops it. See README "Trying it by hand".'
    & $Dotnet (Join-Path $Out 'emulator/FalconX.Emulator.dll') --port 5080
}

function Invoke-Bench {
    Invoke-Build
    $scripts = @(Get-ChildItem (Join-Path $Root 'bench') -Filter *.Bench.ps1 | Sort-Object Name)
    if (-not $scripts) { Write-Host 'Bench: no benchmark scripts yet (bench/*.Bench.ps1); nothing measured.'; return }
    foreach ($script in $scripts) {
        Write-Host "==> $($script.Name)"
        Invoke-Native $script.Name { Invoke-FreshPwsh @('-File', $script.FullName, '-Root', $Root) }
    }
    Write-Host 'Record the figures above in bench/RESULTS.md with the date and machine.'
}

function Invoke-Soak {
    Invoke-Build
    $soak = Join-Path $Root 'bench/Soak.ps1'
    if (-not (Test-Path $soak)) { Write-Host 'Soak: bench/Soak.ps1 does not exist yet; nothing run.'; return }
    Invoke-Native 'Soak' { Invoke-FreshPwsh @('-File', $soak, '-Root', $Root) }
}

function Invoke-Package {
    Invoke-Build
    $packages = Join-Path $Out 'packages'
    $null = New-Item -ItemType Directory -Force -Path $packages
    Invoke-Native 'Package' { Invoke-FreshPwsh @('-File', (Join-Path $Root 'tools/New-ModulePackage.ps1'), '-ModulePath', $ModuleOut, '-Destination', $packages) }
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Emulator' { Invoke-Emulator }
    'Bench' { Invoke-Bench }
    'Soak' { Invoke-Soak }
    'Package' { Invoke-Package }
}
