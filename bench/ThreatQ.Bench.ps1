<#
.SYNOPSIS
    Measures ConvertTo-ThreatQEntity through the PowerShell pipeline: reports per second and peak memory.
.DESCRIPTION
    Makes -Count seed-sized reports from tests/Fixtures/seed-report.json by varying the report id, the sample's
    SHA-256 and the first MalQuery resource's hashes (the second MalQuery resource stays shared, so merging has
    work to do), then converts them in several ways, each in a fresh pwsh so that one run's memory does not
    count against another's. Per scenario it prints the median of -Runs timed runs (steady state), the rate of
    the first conversion in the fresh session (the JIT compiling as it goes), the entities or bodies written, the
    working set before converting (inputs in memory) and the peak working set while converting. On Linux the peak is reset just before converting (/proc/self/clear_refs), elsewhere it is the
    peak of the whole process, inputs included.

    build.ps1 -Task Bench runs it; record the figures in bench/RESULTS.md.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Root,
    [int] $Count = 10000,
    [int] $Runs = 5,
    # Internal: the one scenario a child process runs.
    [string] $Scenario
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$scenarios = [ordered]@{
    JsonText       = 'JSON text (one report per string), default mapping, merged'
    JsonTextAll    = 'JSON text, -Include All -MinimumThreatLevel NoSpecificThreat, merged'
    ReportObjects  = 'FalconXReport objects (already parsed), default mapping, merged'
    PSCustomObject = 'ConvertFrom-Json objects, default mapping, merged'
    ConsumePayload = 'JSON text, -AsConsumePayload (bodies of 500)'
    Stream         = 'JSON text, -Stream (no merging across reports)'
}

if (-not $Scenario) {
    $pwsh = @([Environment]::ProcessPath, (Join-Path $PSHOME 'pwsh.dll'))
    if (-not (Test-Path $pwsh[1])) { $pwsh = @([Environment]::ProcessPath) }
    $cpu = (Get-Content /proc/cpuinfo -ErrorAction SilentlyContinue | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
    Write-Host ("ConvertTo-ThreatQEntity benchmark: {0:N0} reports, median of {1} runs, PowerShell {2}, .NET {3}, {4} cores {5}" -f
        $Count, $Runs, $PSVersionTable.PSVersion, [Environment]::Version, [Environment]::ProcessorCount, $cpu)
    $results = foreach ($name in $scenarios.Keys) {
        $argsList = @('-NoProfile', '-NonInteractive', '-File', $PSCommandPath, '-Root', $Root, '-Count', $Count, '-Runs', $Runs, '-Scenario', $name)
        $output = if ($pwsh.Count -eq 2) { & $pwsh[0] $pwsh[1] @argsList } else { & $pwsh[0] @argsList }
        if ($LASTEXITCODE -ne 0) { throw "Scenario $name failed (exit code $LASTEXITCODE): $output" }
        $output | Where-Object { $_ -like '{*' } | Select-Object -Last 1 | ConvertFrom-Json
    }
    Write-Host ''
    Write-Host '| Scenario | Reports/s | Seconds | CPU seconds | First run, reports/s | Written | Working set before (MB) | Peak while converting (MB) |'
    Write-Host '|---|---:|---:|---:|---:|---:|---:|---:|'
    foreach ($r in $results) {
        Write-Host ('| {0} | {1:N0} | {2:N2} | {3:N2} | {4:N0} | {5:N0} {6} | {7:N0} | {8:N0} |' -f $scenarios[$r.Scenario], $r.ReportsPerSecond, $r.Seconds, $r.CpuSeconds, $r.ColdReportsPerSecond, $r.Written, $r.WrittenKind, $r.BaselineMB, $r.PeakMB)
    }
    Write-Host ("Load average at the end: {0}" -f ((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3) -join ' ')
    return
}

Import-Module (Join-Path $Root 'out/FalconX') -Force

# The seed report as one compact JSON object: the template every generated report is made from.
$seedResponse = Get-Content (Join-Path $Root 'tests/Fixtures/seed-report.json') -Raw
$template = (($seedResponse | ConvertFrom-Json -Depth 50).resources[0] | ConvertTo-Json -Depth 50 -Compress)
$template = $template -replace '"created_timestamp":"[^"]*"', '"created_timestamp":"2020-09-17T15:25:12Z"'

function New-Reports([int] $Number) {
    $reports = [string[]]::new($Number)
    for ($i = 0; $i -lt $Number; $i++) {
        $reports[$i] = $template.
            Replace('9026dc9993a940c1b5e0a2a320de2307', $i.ToString('x32')).
            Replace('4e87a0794bf73d06ac1ce4a37e33eb832ff4c89fb9e4266490c7cef9229d27a7', $i.ToString('x64')).
            Replace('009609f749677e0dfd71efd4cadfa91c41738bc304f34b235514be3e9731ab93', 'f' + $i.ToString('x63')).
            Replace('43f72c02249131f3890915d983f8d5ddd080080f', 'f' + $i.ToString('x39')).
            Replace('7a1a988de1c9d8fc6ef69be1d032e1c4', 'f' + $i.ToString('x31'))
    }
    , $reports
}

function ConvertTo-Input([string[]] $Json) {
    switch ($Scenario) {
        'ReportObjects' { , [object[]]@($Json | ForEach-Object { [FalconX.Models.ReportParser]::ParseReport($_) }) }
        'PSCustomObject' { , [object[]]@($Json | ForEach-Object { $_ | ConvertFrom-Json }) }
        default { , $Json }
    }
}

function Invoke-Conversion($Inputs) {
    switch ($Scenario) {
        'JsonTextAll' { $Inputs | ConvertTo-ThreatQEntity -Include All -MinimumThreatLevel NoSpecificThreat }
        'ConsumePayload' { $Inputs | ConvertTo-ThreatQEntity -AsConsumePayload }
        'Stream' { $Inputs | ConvertTo-ThreatQEntity -Stream }
        default { $Inputs | ConvertTo-ThreatQEntity }
    }
}

$inputs = ConvertTo-Input (New-Reports $Count)
[GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
$process = [Diagnostics.Process]::GetCurrentProcess()
$process.Refresh()
$baseline = $process.WorkingSet64
$peakIsForConversion = $false
if (Test-Path /proc/self/clear_refs) {
    try { [IO.File]::WriteAllText('/proc/self/clear_refs', '5'); $peakIsForConversion = $true } catch { $peakIsForConversion = $false }
}

# Run 0 is the first use in a fresh session (the JIT compiles as it goes); runs 1..N are the steady state.
$times = [Collections.Generic.List[double]]::new()
$cpuTimes = [Collections.Generic.List[double]]::new()
$written = 0
$coldSeconds = 0
for ($run = 0; $run -le $Runs; $run++) {
    $process.Refresh()
    $cpuBefore = $process.TotalProcessorTime
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $output = Invoke-Conversion $inputs
    $watch.Stop()
    $process.Refresh()
    if ($run -eq 0) {
        $coldSeconds = $watch.Elapsed.TotalSeconds
    } else {
        $times.Add($watch.Elapsed.TotalSeconds)
        $cpuTimes.Add(($process.TotalProcessorTime - $cpuBefore).TotalSeconds)
    }
    $written = @($output).Count
    $output = $null
}

$process.Refresh()
$peak = $process.PeakWorkingSet64
$median = ($times | Sort-Object)[[int][Math]::Floor($times.Count / 2)]
$cpuMedian = ($cpuTimes | Sort-Object)[[int][Math]::Floor($cpuTimes.Count / 2)]
[pscustomobject]@{
    Scenario            = $Scenario
    Reports             = $Count
    Seconds             = [Math]::Round($median, 3)
    ReportsPerSecond    = [Math]::Round($Count / $median)
    ColdReportsPerSecond = [Math]::Round($Count / $coldSeconds)
    CpuSeconds          = [Math]::Round($cpuMedian, 3)
    Written             = $written
    WrittenKind         = $(if ($Scenario -eq 'ConsumePayload') { 'bodies' } else { 'entities' })
    BaselineMB          = [Math]::Round($baseline / 1MB)
    PeakMB              = [Math]::Round($peak / 1MB)
    PeakIsForConversion = $peakIsForConversion
} | ConvertTo-Json -Compress
