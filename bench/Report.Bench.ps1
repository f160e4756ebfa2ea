#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Fetches 1,000 and 5,000 full reports by id from the emulator with Get-FalconXReport (first call of a session and again warm), and the same ids with the
    plain sequential Invoke-RestMethod loop a user would write, in the same run.
.DESCRIPTION
    The emulator (process, detonations finishing at once) is filled with 5,000 URL submissions. Each measurement runs
    in a fresh pwsh so that its peak working set (VmHWM on Linux, PeakWorkingSet64 elsewhere) is its own; it keeps every
    report in a variable, as a script would. Reported per run: wall time, GET report requests the emulator counted,
    reports received, peak memory, and the ratio of the loop's time to Get-FalconXReport's. The emulator's report size
    is printed beside the seed report's, so "seed-sized" can be checked. Record the figures in bench/RESULTS.md.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Root,
    [int[]] $Counts = @(1000, 5000)
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $Root 'tools/EmulatorHost.psm1') -Force
$pwshArgs = @([Environment]::ProcessPath, (Join-Path $PSHOME 'pwsh.dll'))
$max = ($Counts | Measure-Object -Maximum).Maximum

# The measured script, run in a child pwsh: prints one JSON line.
$child = @'
param($Mode, $Root, $BaseUrl, $ClientId, $Secret, $IdFile)
$ErrorActionPreference = 'Stop'
$ids = [IO.File]::ReadAllLines($IdFile)
if ($Mode -eq 'FalconX') {
    Import-Module (Join-Path $Root 'out/FalconX')
    $null = Connect-FalconX -BaseUrl $BaseUrl -ClientId $ClientId -ClientSecret (ConvertTo-SecureString $Secret -AsPlainText -Force) -WarningAction SilentlyContinue
}
$fetch = if ($Mode -eq 'FalconX') {
    { $ids | Get-FalconXReport }
} else {
    # What a user writes without the module: a token, then one request per id.
    {
        $token = (Invoke-RestMethod -Method Post -Uri "$BaseUrl/oauth2/token" -Body @{ client_id = $ClientId; client_secret = $Secret }).access_token
        $headers = @{ Authorization = "Bearer $token" }
        foreach ($id in $ids) {
            (Invoke-RestMethod -Uri "$BaseUrl/falconx/entities/reports/v1?ids=$id" -Headers $headers).resources[0]
        }
    }
}
# First call of the session (what a script sees), then the same again with everything loaded and compiled.
$clock = [Diagnostics.Stopwatch]::StartNew()
$reports = & $fetch
$clock.Stop()
$count = @($reports).Count
$reports = $null
[GC]::Collect()
$warm = [Diagnostics.Stopwatch]::StartNew()
$again = & $fetch
$warm.Stop()
$again = $null
$process = [Diagnostics.Process]::GetCurrentProcess()
$peak = if (Test-Path /proc/self/status) {
    [long](((Get-Content /proc/self/status | Where-Object { $_ -like 'VmHWM:*' }) -split '\s+')[1]) * 1024
} else { $process.PeakWorkingSet64 }
[pscustomobject]@{ Seconds = $clock.Elapsed.TotalSeconds; WarmSeconds = $warm.Elapsed.TotalSeconds; Reports = $count; PeakBytes = $peak } | ConvertTo-Json -Compress
'@
$childFile = Join-Path ([IO.Path]::GetTempPath()) "fx-report-bench-$PID.ps1"
$idFile = Join-Path ([IO.Path]::GetTempPath()) "fx-report-bench-$PID.txt"
Set-Content -Path $childFile -Value $child

$emulator = Start-FalconXEmulator -ArgumentList @('--submission-delay-ms', '0', '--quota-total', ($max + 100))
try {
    $base = $emulator.BaseUrl
    $token = (Invoke-RestMethod -Method Post -Uri "$base/oauth2/token" -Body @{ client_id = $emulator.ClientId; client_secret = $emulator.ClientSecret }).access_token

    Write-Host "Seeding $max URL submissions..."
    $http = [System.Net.Http.HttpClient]::new()
    $http.DefaultRequestHeaders.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $token)
    $all = [string[]]::new($max)
    for ($start = 0; $start -lt $max; $start += 16) {
        $indexes = $start..([Math]::Min($max, $start + 16) - 1)
        $tasks = foreach ($i in $indexes) {
            # Mixed verdicts, so reports have the sizes of real malicious and clean ones.
            $marker = @('falconx-malicious', 'falconx-suspicious', 'clean')[$i % 3]
            $body = '{"sandbox":[{"url":"https://bench-' + $i + '.example.invalid/' + $marker + '","environment_id":160}]}'
            $http.PostAsync("$base/falconx/entities/submissions/v1", [System.Net.Http.StringContent]::new($body, [Text.Encoding]::UTF8, 'application/json'))
        }
        [System.Threading.Tasks.Task]::WaitAll([System.Threading.Tasks.Task[]]$tasks)
        for ($k = 0; $k -lt $tasks.Count; $k++) {
            $all[$indexes[$k]] = ($tasks[$k].Result.Content.ReadAsStringAsync().Result | ConvertFrom-Json).resources[0].id
        }
    }
    $http.Dispose()

    $sample = (Invoke-WebRequest -Uri "$base/falconx/entities/reports/v1?ids=$($all[0])" -Headers @{ Authorization = "Bearer $token" }).Content
    $seed = Get-Item (Join-Path $Root 'tests/Fixtures/seed-report.json')
    Write-Host ("Report size: emulator {0:N0} bytes per report (malicious, as one answer); seed fixture {1:N0} bytes." -f $sample.Length, $seed.Length)

    # Warm the emulator's report path (JIT, pools) so that the first measured run does not pay for it alone.
    $warm = [System.Net.Http.HttpClient]::new()
    $warm.DefaultRequestHeaders.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $token)
    foreach ($w in 0..2) {
        $query = ($all[($w * 100)..($w * 100 + 99)] | ForEach-Object { "ids=$_" }) -join '&'
        $null = $warm.GetStringAsync("$base/falconx/entities/reports/v1?$query").Result
    }
    $warm.Dispose()

    $rows = foreach ($count in $Counts) {
        [IO.File]::WriteAllLines($idFile, $all[0..($count - 1)])
        $results = @{}
        foreach ($mode in 'FalconX', 'Loop') {
            $before = (Invoke-RestMethod -Uri "$base/_emulator/stats").byRoute.'GET /falconx/entities/reports/v1'
            if (-not $before) { $before = 0 }
            $json = & $pwshArgs[0] $pwshArgs[1] -NoProfile -NonInteractive -File $childFile $mode $Root $base $emulator.ClientId $emulator.ClientSecret $idFile
            if ($LASTEXITCODE -ne 0) { throw "The $mode run failed: $json" }
            $m = ($json | Select-Object -Last 1) | ConvertFrom-Json
            # Both calls of the child are counted: half is one call.
            $after = (Invoke-RestMethod -Uri "$base/_emulator/stats").byRoute.'GET /falconx/entities/reports/v1'
            $results[$mode] = [pscustomobject]@{
                Ids      = $count
                Method   = if ($mode -eq 'FalconX') { 'Get-FalconXReport' } else { 'Invoke-RestMethod loop' }
                Seconds  = [math]::Round($m.Seconds, 2)
                Warm     = [math]::Round($m.WarmSeconds, 2)
                Requests = ($after - $before) / 2
                Reports  = $m.Reports
                PeakMB   = [math]::Round($m.PeakBytes / 1MB, 0)
            }
        }
        $results.FalconX | Add-Member -NotePropertyName Speedup -NotePropertyValue ('{0:N1}x / {1:N1}x' -f ($results.Loop.Seconds / $results.FalconX.Seconds), ($results.Loop.Warm / $results.FalconX.Warm)) -PassThru
        $results.Loop | Add-Member -NotePropertyName Speedup -NotePropertyValue '1.0x' -PassThru
    }
    $rows | Format-Table -AutoSize | Out-String | Write-Host
    Write-Host ('Markdown rows (load average {0}):' -f ((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3) -join ' ')
    foreach ($r in $rows) {
        Write-Host ("| {0:N0} | {1} | {2} s | {3} s | {4} | {5} | {6} MB | {7} |" -f $r.Ids, $r.Method, $r.Seconds, $r.Warm, $r.Requests, $r.Reports, $r.PeakMB, $r.Speedup)
    }
} finally {
    $emulator | Stop-FalconXEmulator
    Remove-Item $childFile, $idFile -ErrorAction SilentlyContinue
}
