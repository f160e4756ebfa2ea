#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Measures the emulator's memory while it receives a 256 MB sample: uploads must stream to disk, not into memory.
.DESCRIPTION
    Starts the built emulator (out/emulator) with tools/EmulatorHost.psm1, uploads a 256 MB application/octet-stream
    body (a sparse file, so the client side costs no memory either) and reports the emulator's peak working set
    before and after (VmHWM from /proc/<pid>/status on Linux, PeakWorkingSet64 elsewhere). Record the figures in
    bench/RESULTS.md with the date and machine.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Root,
    [long] $SizeBytes = 256MB
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $Root 'tools/EmulatorHost.psm1') -Force

function Get-PeakWorkingSetMB([System.Diagnostics.Process] $Process) {
    $status = "/proc/$($Process.Id)/status"
    if (Test-Path $status) {
        $line = Select-String -Path $status -Pattern '^VmHWM:\s+(\d+)\s+kB' | Select-Object -First 1
        return [math]::Round([long]$line.Matches[0].Groups[1].Value / 1024, 1)
    }
    $Process.Refresh()
    [math]::Round($Process.PeakWorkingSet64 / 1MB, 1)
}

$emulator = Start-FalconXEmulator
$sample = [System.IO.Path]::GetTempFileName()
$http = [System.Net.Http.HttpClient]::new()
$http.Timeout = [TimeSpan]::FromMinutes(10)
try {
    $token = Invoke-RestMethod -Method Post -Uri "$($emulator.BaseUrl)/oauth2/token" -Body @{
        client_id = $emulator.ClientId; client_secret = $emulator.ClientSecret }
    $before = Get-PeakWorkingSetMB $emulator.Process

    # A sparse file reads back as zeros without occupying memory or disk on the client side.
    $file = [System.IO.File]::Open($sample, 'Create', 'ReadWrite')
    $file.SetLength($SizeBytes)
    $file.Position = 0
    $content = [System.Net.Http.StreamContent]::new($file, 1MB)
    $content.Headers.ContentType = [System.Net.Http.Headers.MediaTypeHeaderValue]::new('application/octet-stream')
    $request = [System.Net.Http.HttpRequestMessage]::new('Post', "$($emulator.BaseUrl)/samples/entities/samples/v2?file_name=bench.bin")
    $request.Headers.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $token.access_token)
    $request.Content = $content
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $response = $http.Send($request)
    $clock.Stop()
    $body = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
    $file.Dispose()
    if ([int]$response.StatusCode -ne 200) { throw "The upload failed with $([int]$response.StatusCode): $body" }
    $after = Get-PeakWorkingSetMB $emulator.Process

    $sizeMB = [math]::Round($SizeBytes / 1MB)
    $seconds = [math]::Round($clock.Elapsed.TotalSeconds, 2)
    Write-Host "Emulator upload of $sizeMB MB (application/octet-stream): HTTP $([int]$response.StatusCode) in $seconds s"
    Write-Host "Emulator peak working set: $before MB before, $after MB after (growth $([math]::Round($after - $before, 1)) MB)"
    [pscustomobject]@{ UploadMB = $sizeMB; Seconds = $seconds; PeakBeforeMB = $before; PeakAfterMB = $after; GrowthMB = [math]::Round($after - $before, 1) }
} finally {
    $http.Dispose()
    Remove-Item $sample -ErrorAction SilentlyContinue
    $emulator | Stop-FalconXEmulator
}
