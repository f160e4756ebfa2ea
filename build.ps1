#!/usr/bin/env pwsh
<#
.SYNOPSIS
    The one entry point for building, testing, running and packaging FalconX.
.DESCRIPTION
    Run it with the pinned PowerShell tool:  dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
    Tasks:
      Build     lays the module out in out/FalconX (psd1, dlls, format file, MAML help), the emulator in out/emulator
                and the ThreatQ emulator in out/threatq-emulator
      Test      Build, then the xunit suite and the Pester suite (against out/FalconX, in fresh pwsh processes) side by side;
                ends with 'N passed, N failed'. -PesterPath, -SkipUnit, -SkipPester, -UnitFilter pick tests; -Repeat N
                runs them N times in a row (docs/testing.md)
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
    [switch] $SkipPester,
    # Pester runs in this many processes side by side (shards of about equal time), next to xunit.
    [ValidateRange(1, 8)]
    [int] $PesterShards = 2,
    # Run the tests this many times in a row (after one build); ends with how many runs passed and the summed counts.
    [ValidateRange(1, 1000)]
    [int] $Repeat = 1,
    # Only the xunit tests matching this filter (dotnet test --filter syntax, e.g. FullyQualifiedName~Oauth).
    [string] $UnitFilter
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

function Invoke-WithoutDynamicPgo([scriptblock] $Script) {
    # The .NET processes that build and test start with the runtime's dynamic PGO off (DOTNET_TieredPGO=0): it runs hot
    # methods in an instrumented tier before optimising them, which pays off in a process that runs for hours, not in a
    # compiler or a test host that runs for a minute. Measured 2026-12-01, 2 cores (bench/RESULTS.md): a fresh build of
    # the solution 69-73 s of CPU with it, 47-51 s without; the tests with the build up to date 219-251 s, 180-193 s
    # without.
    # It changes how code is optimised, never what it does. A DOTNET_TieredPGO the user set is kept; the module and the
    # benchmarks run with the runtime's defaults.
    $saved = $env:DOTNET_TieredPGO
    if ($null -eq $saved) { $env:DOTNET_TieredPGO = '0' }
    try { & $Script } finally { $env:DOTNET_TieredPGO = $saved }
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
    Invoke-WithoutDynamicPgo { Invoke-BuildSteps }
}

function Invoke-BuildSteps {
    # The compiler server compiles every project in one warm process (a fresh clone's build: 46-58 s of CPU instead of
    # 69-76, bench/RESULTS.md), even where the environment turns it off (UseSharedCompilation=false); it is stopped
    # once the build is done, so no compiler process outlives the build.
    try {
        Invoke-Native 'dotnet build' { & $Dotnet build (Join-Path $Root 'FalconXPs.sln') -c $Configuration --nologo -v quiet -clp:ErrorsOnly -p:UseSharedCompilation=true }
    } finally {
        $null = & $Dotnet build-server shutdown --vbcscompiler 2>&1
    }
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

function Start-TestProcess([string] $Name, [string] $LogPrefix, [string[]] $Arguments) {
    # A test process whose output goes to its own files, so that processes running side by side never mix lines.
    $stdout = "$LogPrefix.log"
    $stderr = "$LogPrefix.err.log"
    $quoted = foreach ($a in $Arguments) { if ($a -match '[\s"]') { '"' + $a.Replace('"', '\"') + '"' } else { $a } }
    $process = Invoke-WithoutDynamicPgo {
        Start-Process -FilePath $Dotnet -ArgumentList $quoted -NoNewWindow -PassThru -RedirectStandardOutput $stdout -RedirectStandardError $stderr
    }
    $null = $process.Handle   # keeps the exit code readable on Windows
    [pscustomobject]@{ Name = $Name; Process = $process; Stdout = $stdout; Stderr = $stderr; Clock = [Diagnostics.Stopwatch]::StartNew() }
}

function Receive-TestProcess($Job) {
    # Waits for the process, then prints its whole output as one block.
    $Job.Process.WaitForExit()
    $Job.Clock.Stop()
    Write-Host ("==> {0}: finished in {1:0.0} s" -f $Job.Name, $Job.Clock.Elapsed.TotalSeconds)
    foreach ($file in $Job.Stdout, $Job.Stderr) {
        if ((Test-Path $file) -and (Get-Item $file).Length -gt 0) { Get-Content $file | Write-Host }
    }
}

function Invoke-Test {
    Invoke-Build
    $results = Join-Path $Out 'test-results'
    $runs = [Math]::Max(1, $Repeat)
    $total = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
    $failedRuns = 0
    for ($run = 1; $run -le $runs; $run++) {
        if (Test-Path $results) { Remove-Item $results -Recurse -Force }
        $null = New-Item -ItemType Directory -Path $results
        if ($runs -gt 1) { Write-Host "==> Run $run of $runs" }
        $counts = Invoke-TestRun $results
        $total.Passed += $counts.Passed; $total.Failed += $counts.Failed; $total.Skipped += $counts.Skipped
        if ($counts.Failed -gt 0 -or $counts.Passed -eq 0) { $failedRuns++ }
        if ($runs -gt 1) { Write-Host ("    run {0} of {1}: {2} passed, {3} failed" -f $run, $runs, $counts.Passed, $counts.Failed) }
    }
    if ($runs -gt 1) { Write-Host ("{0} of {1} runs passed" -f ($runs - $failedRuns), $runs) }
    $line = "$($total.Passed) passed, $($total.Failed) failed"
    if ($total.Skipped) { $line += ", $($total.Skipped) skipped" }
    Write-Host $line
    if ($total.Failed -gt 0 -or $total.Passed -eq 0) { exit 1 }
}

function Invoke-TestRun([string] $results) {
    # xunit and the Pester shards run side by side, each in its own process with its own output files (and its own
    # emulators on free ports); each one's output is printed as one block when it ends, and every failure is listed
    # again at the end.
    $passed = 0; $failed = 0; $skipped = 0
    $failures = [System.Collections.Generic.List[string]]::new()
    $jobs = [System.Collections.Generic.List[object]]::new()
    if (-not $SkipUnit) {
        $unitArgs = @('test', (Join-Path $Root 'tests/Unit/FalconX.Tests.csproj'), '-c', $Configuration, '--no-build', '--nologo',
            '--logger', 'trx;LogFileName=unit.trx', '--logger', 'console;verbosity=minimal', '--results-directory', $results)
        if ($UnitFilter) { $unitArgs += @('--filter', $UnitFilter) }
        $jobs.Add((Start-TestProcess 'xunit (tests/Unit)' (Join-Path $results 'unit') $unitArgs))
    }
    $shards = 0
    if (-not $SkipPester) {
        $pester = Get-PesterModulePath
        $paths = if ($PesterPath) { $PesterPath } else { @(Join-Path $Root 'tests/Pester') }
        # No more shards than files (a shard without files would only start a process).
        $files = @($paths -split ',' | Where-Object { $_ } | ForEach-Object {
                $item = if (Test-Path $_) { $_ } else { Join-Path $Root "tests/Pester/$_" }
                if (Test-Path $item -PathType Container) { Get-ChildItem $item -Recurse -Filter '*.Tests.ps1' } else { $item }
            })
        $shards = [Math]::Max(1, [Math]::Min($PesterShards, $files.Count))
        for ($shard = 1; $shard -le $shards; $shard++) {
            $name = if ($shards -gt 1) { "Pester shard $shard of $shards (tests/Pester)" } else { 'Pester (tests/Pester)' }
            $jobs.Add((Start-TestProcess $name (Join-Path $results "pester-$shard") @($Pwsh[1], '-NoProfile', '-NonInteractive',
                        '-File', (Join-Path $Root 'tests/Pester/Invoke-PesterSuite.ps1'), '-PesterModule', $pester, '-ModulePath', $ModuleOut,
                        '-SummaryFile', (Join-Path $results "pester-$shard.json"), '-Path', ($paths -join ','),
                        '-Shard', $shard, '-ShardCount', $shards)))
        }
    }
    Write-Host ("==> Running {0} side by side; each one's output follows when it ends" -f (($jobs.Name) -join ', '))
    # Print in the order they finish, so a quick failure shows up at once.
    $pending = [System.Collections.Generic.List[object]]::new($jobs)
    while ($pending.Count -gt 0) {
        $done = $pending | Where-Object { $_.Process.HasExited } | Select-Object -First 1
        if (-not $done) { $null = $pending[0].Process.WaitForExit(200); continue }
        Receive-TestProcess $done
        $null = $pending.Remove($done)
    }

    if (-not $SkipUnit) {
        $trx = Join-Path $results 'unit.trx'
        if (Test-Path $trx) {
            $run = ([xml](Get-Content $trx -Raw)).TestRun
            $counters = $run.ResultSummary.Counters
            $passed += [int]$counters.passed
            $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
            $skipped += [int]$counters.notExecuted
            foreach ($r in @($run.Results.UnitTestResult | Where-Object { $_ -and $_.outcome -ne 'Passed' -and $_.outcome -ne 'NotExecuted' })) {
                $message = "$($r.Output.ErrorInfo.Message)".Trim() -split "`n" | Select-Object -First 1
                $failures.Add("xunit: $($r.testName): $message")
            }
        } else {
            $failures.Add('xunit produced no results file: counted as one failure.')
            $failed += 1
        }
    }
    for ($shard = 1; $shard -le $shards; $shard++) {
        $summary = Join-Path $results "pester-$shard.json"
        if (Test-Path $summary) {
            $p = Get-Content $summary -Raw | ConvertFrom-Json
            $passed += $p.Passed; $failed += $p.Failed; $skipped += $p.Skipped
            foreach ($f in @($p.FailedTests)) { if ($f) { $failures.Add("Pester: $f") } }
        } else {
            $failures.Add("Pester shard $shard produced no summary: counted as one failure.")
            $failed += 1
        }
    }
    if ($failures.Count) {
        Write-Host '==> Failures'
        $failures | ForEach-Object { Write-Host "  $_" }
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed; Skipped = $skipped }
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
        if ($script.Name -eq 'Import.Bench.ps1') {
            Write-Host "==> $($script.Name) -Precompiled (the same import on a ReadyToRun copy of this pwsh, as installed pwsh builds are)"
            Invoke-Native "$($script.Name) -Precompiled" { Invoke-FreshPwsh @('-File', $script.FullName, '-Root', $Root, '-Precompiled') }
        }
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
