#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Unattended detonation job for Windows Task Scheduler, a systemd timer or cron.
.DESCRIPTION
    Submits every file in -InboxPath to the Falcon X Sandbox (files already detonated in the same environment reuse
    their report and spend no quota), waits for the reports, writes one log line per sample, saves the reports and
    their ThreatQ consume payloads as JSON in -OutputPath, and exits with a non-zero code when anything failed, so
    the scheduler marks the run as failed.

    Credentials, in this order:
      1. a SecretManagement secret named by -SecretName (a PSCredential: user name = client id, password = secret),
         when Microsoft.PowerShell.SecretManagement is installed;
      2. the environment variables FALCON_CLIENT_ID, FALCON_CLIENT_SECRET (and FALCON_CLOUD or FALCON_BASE_URL).
    Nothing is ever prompted for; the secret never reaches the log.
.EXAMPLE
    pwsh -NoProfile -NonInteractive -File ./Invoke-FalconXScheduledScan.ps1 -InboxPath /srv/quarantine -OutputPath /srv/falconx
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $InboxPath,
    [Parameter(Mandatory)] [string] $OutputPath,
    [string] $EnvironmentId = 'win10_x64',
    [string] $SecretName = 'FalconXSandbox',
    [int] $TimeoutSec = 1800,
    [int] $PollIntervalSec = 30,
    # Where to import FalconX from; by default the installed module.
    [string] $ModulePath = 'FalconX'
)
$ErrorActionPreference = 'Stop'
$exitCode = 0
function Write-Log([string] $Message) {
    # One plain line per event, with a UTC timestamp: easy to grep in journald or a Task Scheduler history.
    [Console]::Out.WriteLine(('{0:yyyy-MM-ddTHH:mm:ssZ} {1}' -f [DateTime]::UtcNow, $Message))
}

try {
    Import-Module $ModulePath
    $null = New-Item -ItemType Directory -Force -Path $OutputPath

    $connectArgs = @{}
    if (Get-Module -ListAvailable Microsoft.PowerShell.SecretManagement) {
        $secret = Microsoft.PowerShell.SecretManagement\Get-Secret -Name $SecretName -ErrorAction SilentlyContinue
        if ($secret -is [pscredential]) { $connectArgs.Credential = $secret }
    }
    $connection = Connect-FalconX @connectArgs   # no parameters: FALCON_CLIENT_ID / FALCON_CLIENT_SECRET
    Write-Log "connected to $($connection.BaseUrl) as $($connection.ClientId)"

    $files = @(Get-ChildItem -LiteralPath $InboxPath -File)
    Write-Log "$($files.Count) file(s) in $InboxPath"
    if ($files.Count -eq 0) { exit 0 }

    $reports = [System.Collections.Generic.List[object]]::new()
    $files | Submit-FalconXSample -EnvironmentId $EnvironmentId -Wait -TimeoutSec $TimeoutSec `
        -PollIntervalSec $PollIntervalSec -ErrorVariable failures -ErrorAction SilentlyContinue |
        ForEach-Object {
            $reports.Add($_)
            Write-Log ("sample {0} sha256={1} verdict={2} score={3} report={4}" -f
                $_.SubmitName, $_.Sha256, $_.Verdict, $_.ThreatScore, $_.ReportId)
        }
    foreach ($failure in $failures) {
        $exitCode = 1
        Write-Log ("error {0}: {1}" -f $failure.FullyQualifiedErrorId.Split(',')[0], $failure.Exception.Message)
    }

    if ($reports.Count -gt 0) {
        $stamp = [DateTime]::UtcNow.ToString('yyyyMMddTHHmmssZ')
        $reports | ConvertTo-Json -Depth 12 | Set-Content -Path (Join-Path $OutputPath "reports-$stamp.json")
        $n = 0
        $reports | ConvertTo-ThreatQEntity -AsConsumePayload | ForEach-Object {
            $n++
            $_ | Set-Content -Path (Join-Path $OutputPath "threatq-$stamp-$n.json")
        }
        Write-Log "wrote $($reports.Count) report(s) and $n ThreatQ payload(s) to $OutputPath"
    }
} catch {
    Write-Log ("failed: {0}" -f $_.Exception.Message)
    $exitCode = 2
} finally {
    if (Get-Command Disconnect-FalconX -ErrorAction SilentlyContinue) { Disconnect-FalconX -ErrorAction SilentlyContinue }
}
exit $exitCode
