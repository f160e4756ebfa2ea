#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Measures Send-ThreatQEntity writing 10,000 entities to the ThreatQ emulator through the built module.
.DESCRIPTION
    2,000 synthetic reports (each: a Report, the sample's SHA-256 and three MalQuery hashes) are converted with
    ConvertTo-ThreatQEntity (not timed) and written with Send-ThreatQEntity, then written again (the re-run, which
    must create nothing). Prints requests used, wall time and entities/s for both. Record the figures in
    bench/RESULTS.md with the date and machine.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Root,
    [int] $Reports = 2000
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $Root 'tools/EmulatorHost.psm1') -Force
Import-Module (Join-Path $Root 'out/FalconX') -Force

function Hex([string] $Text, [int] $Length) {
    [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes($Text))).ToLowerInvariant().Substring(0, $Length)
}

$json = foreach ($i in 1..$Reports) {
    $sample = Hex "sample$i" 64
    @{
        id                = 'ace79a13936f4ec8ad4de36606814bfc_' + (Hex "report$i" 32)
        created_timestamp = '2026-11-30T10:00:00Z'
        origin            = 'apigateway'
        verdict           = 'malicious'
        sandbox           = @(@{ sha256 = $sample; verdict = 'malicious'; file_type = 'PE32 executable'; submission_type = 'file'; environment_id = 160 })
        malquery          = @(@{ verdict = 'unknown'; input = $sample; type = 'sha256'; resources = @(@{ sha256 = (Hex "mq$i" 64); sha1 = (Hex "mq1$i" 40); md5 = (Hex "mq5$i" 32) }) })
    } | ConvertTo-Json -Depth 6 -Compress
}
$entities = @($json | ConvertTo-ThreatQEntity)

$tq = Start-ThreatQEmulator
try {
    $cred = [pscredential]::new($tq.Email, (ConvertTo-SecureString $tq.Password -AsPlainText -Force))
    $conn = Connect-ThreatQ -Uri $tq.BaseUrl -Credential $cred -ClientId $tq.ClientId -WarningAction SilentlyContinue
    foreach ($run in 'first write', 're-run (no change)') {
        $before = Invoke-RestMethod -Uri "$($tq.BaseUrl)/_emulator/stats"
        $clientBefore = $conn.RequestCount
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $written = @($entities | Send-ThreatQEntity -PassThru)
        $clock.Stop()
        $after = Invoke-RestMethod -Uri "$($tq.BaseUrl)/_emulator/stats"
        [pscustomobject]@{
            Run          = $run
            Entities     = $entities.Count
            Written      = $written.Count
            Requests     = $after.requests - $before.requests
            ClientCalls  = $conn.RequestCount - $clientBefore
            Created      = $after.created - $before.created
            WallSeconds  = [math]::Round($clock.Elapsed.TotalSeconds, 2)
            EntitiesPerS = [math]::Round($entities.Count / $clock.Elapsed.TotalSeconds)
        }
    }
}
finally {
    Get-ThreatQConnection | Disconnect-ThreatQ
    $tq | Stop-ThreatQEmulator
}
