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

    An empty or unreadable file may still be being copied in: it is left alone (with a log line) until it has not
    changed for -SettleSec seconds. After that it is moved to the "failed" subfolder of -ProcessedPath (counted as a
    failure once), or without -ProcessedPath skipped with a log line on every run (not counted), so that one bad file
    never fails every run for ever. Files the sandbox can never take (empty, too large, unreadable) are handled alike
    when Submit-FalconXSample refuses them.

    The output files are reports-<time>.json and threatq-<collection>-<time>-<n>.json (one consume body per
    ThreatQ collection and batch, e.g. threatq-indicators-20261130T020000Z-1.json).

    Exit codes: 0 every sample has a report (or the inbox was empty); 1 at least one sample failed; 2 the run could
    not start (usage, module, credentials, connection, folders).
.EXAMPLE
    pwsh -NoProfile -NonInteractive -File ./Invoke-FalconXScheduledScan.ps1 -InboxPath /srv/quarantine -OutputPath /srv/falconx/out -ProcessedPath /srv/falconx/done
.EXAMPLE
    pwsh.exe -NoProfile -NonInteractive -File C:\FalconX\Invoke-FalconXScheduledScan.ps1 -InboxPath D:\Quarantine -OutputPath D:\FalconX\out -LogPath D:\FalconX\scan.log
#>
[CmdletBinding()]
param(
    # The folder whose files are detonated (not its subfolders). Required (checked by the script, so that a missing
    # value exits 2 like every other start-up problem instead of prompting or exiting 1).
    [string] $InboxPath,
    # Where reports-<time>.json and threatq-<collection>-<time>-<n>.json are written; created when missing. Required.
    [string] $OutputPath,
    # Where processed samples are moved (failed detonations to its "failed" subfolder); without it they stay.
    [string] $ProcessedPath,
    # A file the log lines are appended to as well (Task Scheduler keeps no console output); stdout always gets them.
    [string] $LogPath,
    [string] $EnvironmentId = 'win10_x64',
    [string] $SecretName = 'FalconXSandbox',
    [ValidateRange(1, 86400)] [int] $TimeoutSec = 1800,
    [ValidateRange(1, 3600)] [int] $PollIntervalSec = 30,
    # How long an empty or unreadable file must stay unchanged before it counts as bad rather than still being written.
    [ValidateRange(0, 604800)] [int] $SettleSec = 300,
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

# Refusals that will be the same on every run: such files are moved aside (or skipped), not retried for ever.
$permanentRefusals = 'FalconXSampleEmpty', 'FalconXSampleTooLarge', 'FalconXSampleUnreadable', 'FalconXSampleUnusable'

# Why a file cannot be submitted as it is (empty, unreadable), or $null when it can.
function Get-FileProblem([IO.FileInfo] $File) {
    if ($File.Length -eq 0) { return 'empty (0 bytes)' }
    try { [IO.File]::OpenRead($File.FullName).Dispose(); $null }
    catch {
        $reason = if ($_.Exception.InnerException) { $_.Exception.InnerException } else { $_.Exception }
        'unreadable ({0})' -f $reason.Message
    }
}

try {
    if (-not $InboxPath -or -not $OutputPath) {
        throw 'usage: Invoke-FalconXScheduledScan.ps1 -InboxPath <folder> -OutputPath <folder> [-ProcessedPath <folder>] [-LogPath <file>] (Get-Help for the rest)'
    }
    $module = Import-Module $ModulePath -PassThru | Where-Object Name -eq 'FalconX' | Select-Object -First 1
    if ($module) { Write-Log "FalconX $($module.Version) from $($module.ModuleBase)" }
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

    # Empty or unreadable files: wait for them to settle, then move them aside (or skip them) instead of failing.
    $ready = [System.Collections.Generic.List[IO.FileInfo]]::new()
    foreach ($file in $files) {
        $problem = Get-FileProblem $file
        if (-not $problem) { $ready.Add($file); continue }
        $age = [DateTime]::UtcNow - $file.LastWriteTimeUtc
        if ($age.TotalSeconds -lt $SettleSec) {
            Write-Log ('sample {0} skipped: {1}, changed {2:0} s ago; looked at again next run' -f $file.Name, $problem, $age.TotalSeconds)
        } elseif ($ProcessedPath) {
            $exitCode = 1
            Move-Sample $file (Join-Path $ProcessedPath 'failed')
            Write-Log ('sample {0} failed: {1} for {2:0} s; moved to {3}' -f $file.Name, $problem, $age.TotalSeconds, (Join-Path $ProcessedPath 'failed'))
        } else {
            Write-Log ('sample {0} skipped: {1} for {2:0} s; add -ProcessedPath to move such files aside' -f $file.Name, $problem, $age.TotalSeconds)
        }
    }
    $files = @($ready)
    if ($files.Count -eq 0) { exit $exitCode }

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
        } elseif ($ProcessedPath -and $errorId -in $permanentRefusals -and $submission -is [string] -and (Test-Path -LiteralPath $submission -PathType Leaf)) {
            $done.Add((Get-Item -LiteralPath $submission).FullName) | Out-Null
            Move-Sample (Get-Item -LiteralPath $submission) (Join-Path $ProcessedPath 'failed')
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
            # The collection in the name says which ThreatQ endpoint takes the body: /api/<collection>/consume.
            Set-Content -LiteralPath (Join-Path $OutputPath "threatq-$($_.Collection)-$stamp-$n.json") -Value $_.Body -Encoding utf8
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
