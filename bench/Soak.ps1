#!/usr/bin/env pwsh
<#
.SYNOPSIS
    The soak: the CI's SOC day (tests/Pester/SocDay.Tests.ps1) at full size and with the faults as the issue gives them.
.DESCRIPTION
    2,000 files (10 of which the sandbox rejects) go through Submit-FalconXSample -Wait | ConvertTo-ThreatQEntity in
    -Parallel pipelines sharing one connection, while the emulator expires tokens every 10 s, allows 15 requests per
    1 s window (429 with Retry-After beyond that), fails 20% of GETs with 500/502/503, drops 5% of connections on every
    route and adds 200 ms to every answer. Prints the figures to record in bench/RESULTS.md (## Soak) and writes them
    to out/soak-result.json. Exits 1 when an invariant breaks: a duplicate submission, a lost report, an error other than
    the rejections, a request before a Retry-After, or a run that did not end within -BoundSec.
    Not part of CI: `dotnet pwsh ./build.ps1 -Task Soak` runs it (about 10 minutes on 2 cores).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Root,
    [int] $Files = 2000,
    [int] $Rejected = 10,
    [int] $Parallel = 6,
    [int] $TokenLifetimeSec = 10,
    [int] $RateLimitPerWindow = 15,
    [int] $RateLimitWindowSec = 1,
    [int] $LatencyMs = 200,
    [int] $BoundSec = 1500
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $Root 'out/FalconX') -Force
Import-Module (Join-Path $Root 'tools/EmulatorHost.psm1') -Force
Import-Module (Join-Path $Root 'tools/SocDay.psm1') -Force

$work = Join-Path ([IO.Path]::GetTempPath()) ('falconx-soak-' + [guid]::NewGuid().ToString('N'))
$emulator = Start-FalconXEmulator
try {
    Write-Host "==> Soak: $Files files ($Rejected rejected), $Parallel pipelines, tokens $TokenLifetimeSec s, $RateLimitPerWindow requests / $RateLimitWindowSec s, 20% GET 5xx, 5% drops, $LatencyMs ms latency"
    $day = Invoke-FalconXSocDay -Emulator $emulator -ModulePath (Join-Path $Root 'out/FalconX') -WorkDir $work -Files $Files -Rejected $Rejected `
        -TokenLifetimeSec $TokenLifetimeSec -RateLimitPerWindow $RateLimitPerWindow -RateLimitWindowSec $RateLimitWindowSec `
        -GetErrorRate 0.2 -DropConnectionRate 0.05 -LatencyMs $LatencyMs -SubmissionDelayMs 50 -Parallel $Parallel `
        -PollIntervalSec 2 -MaxRetryCount 10 -RetryDelayMilliseconds 100 -BoundSec $BoundSec

    $rejections = @($day.Errors | Where-Object { $_.FullyQualifiedErrorId -like 'FalconXDetonationFailed,*' })
    $other = @($day.Errors | Where-Object { $_.FullyQualifiedErrorId -notlike 'FalconXDetonationFailed,*' })
    $lost = @($day.GoodHashes | Where-Object { $day.SampleHashIndicators -notcontains $_ })
    $rejectedNamed = @($day.RejectedFiles | Where-Object { $f = $_; @($rejections | Where-Object { $_.Exception.Message.Contains("'$f'") }).Count -eq 1 })
    $figures = [ordered]@{
        date                   = (Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm') + ' UTC'
        machine                = "$([Environment]::OSVersion.VersionString), $([Environment]::ProcessorCount) CPUs, PowerShell $($PSVersionTable.PSVersion), $([Runtime.InteropServices.RuntimeInformation]::FrameworkDescription)"
        files                  = $day.Files
        rejectedFiles          = $day.Rejected
        pipelines              = $day.Parallel
        wallTimeSec            = $day.ElapsedSec
        endedOnItsOwn          = -not $day.TimedOut
        requests               = $day.Stats.requests
        faultsInjected         = $day.Stats.faultsInjected
        serverErrorsInjected   = [int]$day.Stats.faultsByKind.error
        connectionsDropped     = [int]$day.Stats.faultsByKind.dropped
        rateLimited429         = $day.Stats.rateLimited
        requestsBeforeRetryAfter = $day.Stats.earlyAfterRetryAfter
        submissions            = $day.Stats.submissions
        duplicateSubmissions   = $day.Stats.duplicateSubmissions
        quotaUsed              = $day.QuotaUsed
        reportsConverted       = $day.Reports.Count
        lostReports            = $lost.Count
        rejectionErrors        = $rejections.Count
        rejectionsNamingFile   = $rejectedNamed.Count
        otherErrors            = $other.Count
        tokensIssued           = $day.TokensIssued
        tokenRequests          = $day.TokenRequests
        tokensExpected         = [math]::Round($day.ElapsedSec / $TokenLifetimeSec, 1)
        unauthorized401        = $day.Unauthorized
        entities               = $day.Entities.Count
    }
    $figures.GetEnumerator() | ForEach-Object { '{0,-26} {1}' -f $_.Key, $_.Value } | Write-Host
    $other | Select-Object -First 10 | ForEach-Object { Write-Host "    other error: $($_.FullyQualifiedErrorId): $($_.Exception.Message)" }
    $null = New-Item -ItemType Directory -Force -Path (Join-Path $Root 'out')
    $figures | ConvertTo-Json | Set-Content -Path (Join-Path $Root 'out/soak-result.json')
    Write-Host 'Record these figures in bench/RESULTS.md under ## Soak (also in out/soak-result.json).'

    $broken = @()
    if ($day.TimedOut) { $broken += "the run did not end within $BoundSec s" }
    if ($figures.duplicateSubmissions -ne 0) { $broken += "$($figures.duplicateSubmissions) duplicate submissions" }
    if ($figures.submissions -ne $Files) { $broken += "$($figures.submissions) submissions for $Files files" }
    if ($figures.lostReports -ne 0) { $broken += "$($figures.lostReports) reports lost" }
    if ($figures.rejectionsNamingFile -ne $Rejected) { $broken += "$($figures.rejectionsNamingFile) of $Rejected rejected files had one error naming them" }
    if ($figures.otherErrors -ne 0) { $broken += "$($figures.otherErrors) unexpected errors" }
    if ($figures.requestsBeforeRetryAfter -ne 0) { $broken += "$($figures.requestsBeforeRetryAfter) requests before Retry-After" }
    if ($broken) { Write-Host "SOAK FAILED: $($broken -join '; ')"; exit 1 }
    Write-Host 'Soak passed: every invariant held.'
} finally {
    $emulator | Stop-FalconXEmulator
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
