#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Measures the client under the emulator's faults, through the built module: token renewal, a 429 storm and 30% 5xx.
.DESCRIPTION
    Each scenario runs Get-FalconXQuota calls from 4 parallel runspaces sharing one connection and reports calls,
    failures, elapsed time and the emulator's counters (token requests, 401s, 429s, requests before Retry-After,
    injected faults). Record the figures in bench/RESULTS.md with the date and machine.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Root,
    [int] $Calls = 600
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $Root 'tools/EmulatorHost.psm1') -Force
Import-Module (Join-Path $Root 'out/FalconX') -Force

function Invoke-Scenario([string] $Name, [string[]] $EmulatorArguments, [hashtable] $Faults, [int] $Count) {
    $emulator = Start-FalconXEmulator -ArgumentList $EmulatorArguments
    try {
        $cred = [pscredential]::new($emulator.ClientId, (ConvertTo-SecureString $emulator.ClientSecret -AsPlainText -Force))
        $conn = Connect-FalconX -BaseUrl $emulator.BaseUrl -Credential $cred -RetryDelayMilliseconds 50 -MaxRetryCount 6 -WarningAction SilentlyContinue
        if ($Faults) {
            Invoke-RestMethod -Method Put -Uri "$($emulator.BaseUrl)/_emulator/faults" -ContentType 'application/json' -Body ($Faults | ConvertTo-Json) | Out-Null
        }
        $perWorker = [math]::Ceiling($Count / 4)
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $outcomes = 1..4 | ForEach-Object -ThrottleLimit 4 -Parallel {
            Import-Module (Join-Path $using:Root 'out/FalconX')
            foreach ($i in 1..$using:perWorker) {
                try { $null = Get-FalconXQuota -Connection $using:conn -ErrorAction Stop; 'ok' } catch { 'failed' }
            }
        }
        $clock.Stop()
        $stats = Invoke-RestMethod -Uri "$($emulator.BaseUrl)/_emulator/stats"
        $requests = Invoke-RestMethod -Uri "$($emulator.BaseUrl)/_emulator/requests"
        [pscustomobject]@{
            Scenario        = $Name
            Calls           = @($outcomes).Count
            Failed          = @($outcomes | Where-Object { $_ -eq 'failed' }).Count
            Seconds         = [math]::Round($clock.Elapsed.TotalSeconds, 1)
            CallsPerSecond  = [math]::Round(@($outcomes).Count / $clock.Elapsed.TotalSeconds, 1)
            TokenRequests   = $stats.tokenRequests
            Status401       = @($requests | Where-Object status -eq 401).Count
            RateLimited     = $stats.rateLimited
            EarlyRetries    = $stats.earlyAfterRetryAfter
            FaultsInjected  = $stats.faultsInjected
        }
        Disconnect-FalconX -Connection $conn
    } finally {
        $emulator | Stop-FalconXEmulator
    }
}

@(
    Invoke-Scenario 'token lifetime 3 s, 20 ms latency' @('--token-lifetime-sec', '3') @{ latencyMs = 20 } $Calls
    Invoke-Scenario '429 storm: 20 requests per 1 s window' @() @{ rateLimitPerMinute = 20; rateLimitWindowSec = 1 } ([math]::Min($Calls, 200))
    Invoke-Scenario '30% 5xx on GETs' @() @{ errorRate = 0.3; errorRoutes = @('GET *'); errorStatuses = @(500, 502, 503) } $Calls
) | Format-Table -AutoSize | Out-String -Width 200
