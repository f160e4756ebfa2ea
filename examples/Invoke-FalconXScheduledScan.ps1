#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Unattended detonation job for Windows Task Scheduler, a systemd timer or cron.
.DESCRIPTION
    Submits every file in -InboxPath to the Falcon X Sandbox (a file already detonated in the same environment reuses
    its report and spends no quota), waits for the reports, writes one log line per sample, saves the reports and
    their ThreatQ consume bodies as JSON in -OutputPath, and exits with a code the scheduler can act on.

    Credentials, in this order (nothing is ever prompted for, and the secret never reaches the log):
      1. the SecretManagement secret named by -SecretName, when Microsoft.PowerShell.SecretManagement is installed:
         a PSCredential (user name = client id, password = secret), or a SecureString secret with the client id in
         FALCON_CLIENT_ID;
      2. the environment variables FALCON_CLIENT_ID and FALCON_CLIENT_SECRET (with FALCON_CLOUD, or FALCON_BASE_URL).

    With -ProcessedPath, samples with a report are moved there and samples whose detonation failed are moved to its
    "failed" subfolder, so the next run does not submit them again; samples that hit a transient problem (timeout,
    network, quota) stay in the inbox and are retried.

    Exit codes: 0 every sample has a report (or the inbox was empty); 1 at least one sample failed; 2 the run could
    not start (module, credentials, connection, folders).
.EXAMPLE
    pwsh -NoProfile -NonInteractive -File ./Invoke-FalconXScheduledScan.ps1 -InboxPath /srv/quarantine -OutputPath /srv/falconx/out -ProcessedPath /srv/falconx/done
.EXAMPLE
    pwsh.exe -NoProfile -NonInteractive -File C:\FalconX\Invoke-FalconXScheduledScan.ps1 -InboxPath D:\Quarantine -OutputPath D:\FalconX\out -LogPath D:\FalconX\scan.log
#>
[CmdletBinding()]
param(
    # The folder whose files are detonated (not its subfolders).
    [Parameter(Mandatory)] [string] $InboxPath,
    # Where reports-<time>.json and threatq-<time>-<n>.json are written; created when missing.
    [Parameter(Mandatory)] [string] $OutputPath,
    # Where processed samples are moved (failed detonations to its "failed" subfolder); without it they stay.
    [string] $ProcessedPath,
    # A file the log lines are appended to as well (Task Scheduler keeps no console output); stdout always gets them.
    [string] $LogPath,
    [string] $EnvironmentId = 'win10_x64',
    [string] $SecretName = 'FalconXSandbox',
    [ValidateRange(1, 86400)] [int] $TimeoutSec = 1800,
    [ValidateRange(1, 3600)] [int] $PollIntervalSec = 30,
    # Where to import FalconX from; by default the installed module.
    [string] $ModulePath = 'FalconX'
)
$ErrorActionPreference = 'Stop'
$exitCode = 0

function Write-Log([string] $Message) {
    # One plain line per event with a UTC timestamp: easy to grep in journald, a log file or a Task Scheduler history.
    $line = '{0:yyyy-MM-ddTHH:mm:ssZ} {1}' -f [DateTime]::UtcNow, $Message
    [Console]::Out.WriteLine($line)
    if ($LogPath) { Add-Content -LiteralPath $LogPath -Value $line -Encoding utf8 }
}

function Get-SampleName($Target) {
    # Error targets are paths (refused files) or submissions (failed or timed-out detonations).
    if ($Target.PSObject.Properties['LocalFile'] -and $Target.LocalFile) { return Split-Path -Leaf $Target.LocalFile }
    if ($Target.PSObject.Properties['DisplayName']) { return $Target.DisplayName }
    if ($Target -is [string]) { return Split-Path -Leaf $Target }
    "$Target"
}

function Move-Sample([IO.FileInfo] $File, [string] $Folder) {
    $null = New-Item -ItemType Directory -Force -Path $Folder
    $target = Join-Path $Folder $File.Name
    if (Test-Path -LiteralPath $target) {
        $target = Join-Path $Folder ('{0}.{1:yyyyMMddTHHmmss}{2}' -f $File.BaseName, [DateTime]::UtcNow, $File.Extension)
    }
    Move-Item -LiteralPath $File.FullName -Destination $target
}

try {
    Import-Module $ModulePath
    if (-not (Test-Path -LiteralPath $InboxPath -PathType Container)) { throw "The inbox folder '$InboxPath' does not exist." }
    $null = New-Item -ItemType Directory -Force -Path $OutputPath

    $connectArgs = @{}
    $source = 'the FALCON_CLIENT_ID and FALCON_CLIENT_SECRET environment variables'
    if (Get-Module -ListAvailable Microsoft.PowerShell.SecretManagement) {
        $secret = try { Microsoft.PowerShell.SecretManagement\Get-Secret -Name $SecretName -ErrorAction Stop } catch { $null }
        if ($secret -is [pscredential]) {
            $connectArgs.Credential = $secret
            $source = "the SecretManagement secret '$SecretName'"
        } elseif ($secret -is [securestring] -and $env:FALCON_CLIENT_ID) {
            $connectArgs.ClientId = $env:FALCON_CLIENT_ID
            $connectArgs.ClientSecret = $secret
            $source = "the SecretManagement secret '$SecretName' and FALCON_CLIENT_ID"
        }
    }
    $connection = Connect-FalconX @connectArgs -WarningAction SilentlyContinue
    Write-Log "connected to $($connection.BaseUrl) as client $($connection.ClientId) with $source"

    $files = @(Get-ChildItem -LiteralPath $InboxPath -File)
    Write-Log "$($files.Count) file(s) in $InboxPath"
    if ($files.Count -eq 0) { exit 0 }

    # The hash ties each report back to its file: a reused report may carry the name of an earlier submission.
    $filesByHash = @{}
    foreach ($file in $files) {
        $hash = (Get-FileHash -LiteralPath $file.FullName -Algorithm SHA256).Hash.ToLowerInvariant()
        if (-not $filesByHash.ContainsKey($hash)) { $filesByHash[$hash] = [System.Collections.Generic.List[IO.FileInfo]]::new() }
        $filesByHash[$hash].Add($file)
    }

    $reports = [System.Collections.Generic.List[object]]::new()
    $done = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::OrdinalIgnoreCase)
    $files | Submit-FalconXSample -EnvironmentId $EnvironmentId -Wait -TimeoutSec $TimeoutSec `
        -PollIntervalSec $PollIntervalSec -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue |
        ForEach-Object {
            $report = $_
            $reports.Add($report)
            $key = "$($report.Sha256)".ToLowerInvariant()
            $matched = if ($filesByHash.ContainsKey($key)) { $filesByHash[$key] } else { @() }
            foreach ($file in $matched) {
                if (-not $done.Add($file.FullName)) { continue }
                Write-Log ('sample {0} verdict={1} score={2} sha256={3} report={4}' -f
                    $file.Name, ($report.Verdict -replace ' ', '_'), $report.ThreatScore, $report.Sha256, $report.ReportId)
                if ($ProcessedPath) { Move-Sample $file $ProcessedPath }
            }
        }

    foreach ($failure in $failures) {
        $exitCode = 1
        $errorId = $failure.FullyQualifiedErrorId.Split(',')[0]
        Write-Log ('sample {0} failed {1}: {2}' -f (Get-SampleName $failure.TargetObject), $errorId, ($failure.Exception.Message -replace '\s+', ' '))
        # A detonation the sandbox rejected fails the same way next time: move it aside instead of spending quota again.
        $submission = $failure.TargetObject
        if ($ProcessedPath -and $errorId -eq 'FalconXDetonationFailed' -and $submission.LocalFile -and (Test-Path -LiteralPath $submission.LocalFile)) {
            $done.Add($submission.LocalFile) | Out-Null
            Move-Sample (Get-Item -LiteralPath $submission.LocalFile) (Join-Path $ProcessedPath 'failed')
        }
    }
    foreach ($file in $files) {
        if (-not $done.Contains($file.FullName) -and -not ($failures | Where-Object { (Get-SampleName $_.TargetObject) -eq $file.Name })) {
            $exitCode = 1
            Write-Log "sample $($file.Name) failed: no report and no error (stays in the inbox for the next run)"
        }
    }

    if ($reports.Count -gt 0) {
        $stamp = [DateTime]::UtcNow.ToString('yyyyMMddTHHmmssZ')
        $reports | ConvertTo-Json -Depth 12 | Set-Content -LiteralPath (Join-Path $OutputPath "reports-$stamp.json") -Encoding utf8
        $n = 0
        $reports | ConvertTo-ThreatQEntity -AsConsumePayload | ForEach-Object {
            $n++
            Set-Content -LiteralPath (Join-Path $OutputPath "threatq-$stamp-$n.json") -Value $_.Body -Encoding utf8
        }
        Write-Log "wrote $($reports.Count) report(s) and $n ThreatQ consume body(ies) to $OutputPath"
    }
    $quota = $connection.Quota
    if ($quota) { Write-Log "quota: $($quota.Remaining) of $($quota.Total) submissions left this month" }
} catch {
    Write-Log ('failed: {0}' -f ($_.Exception.Message -replace '\s+', ' '))
    $exitCode = 2
} finally {
    if (Get-Command Disconnect-FalconX -ErrorAction SilentlyContinue) { Disconnect-FalconX -ErrorAction SilentlyContinue }
}
exit $exitCode
