#Requires -Modules ScheduledTasks
<#
.SYNOPSIS
    Registers Invoke-FalconXScheduledScan.ps1 as a Windows Task Scheduler job that runs every N minutes, whether or
    not anyone is logged on.
.DESCRIPTION
    Run once, elevated, on the Windows machine that holds the quarantine folder. The task runs
    pwsh.exe -NoProfile -NonInteractive -File Invoke-FalconXScheduledScan.ps1 as -UserName, never two at a time, and
    keeps the job's log in -LogPath (Task Scheduler keeps no console output; its history shows the exit code:
    0 all reports, 1 a sample failed, 2 the run failed).

    Credentials are not stored in the task. Give the task's account its own copy, once, signed in as that account:
        [Environment]::SetEnvironmentVariable('FALCON_CLIENT_ID', '<client id>', 'User')
        [Environment]::SetEnvironmentVariable('FALCON_CLIENT_SECRET', '<secret>', 'User')
        [Environment]::SetEnvironmentVariable('FALCON_CLOUD', 'EU1', 'User')
    or store a PSCredential with SecretManagement (Set-Secret -Name FalconXSandbox -Secret (Get-Credential)) in a
    vault the account can open without a prompt.
.EXAMPLE
    .\Register-FalconXScheduledScan.ps1 -UserName 'CONTOSO\svc-falconx' -InboxPath D:\Quarantine -OutputPath D:\FalconX\out -ProcessedPath D:\FalconX\done
.EXAMPLE
    .\Register-FalconXScheduledScan.ps1 -UserName 'CONTOSO\svc-falconx' -InboxPath D:\Quarantine -OutputPath D:\FalconX\out -WhatIf
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)] [string] $UserName,
    [Parameter(Mandatory)] [string] $InboxPath,
    [Parameter(Mandatory)] [string] $OutputPath,
    [string] $ProcessedPath,
    [string] $LogPath = (Join-Path $OutputPath 'falconx-scan.log'),
    [string] $ScriptPath = (Join-Path $PSScriptRoot 'Invoke-FalconXScheduledScan.ps1'),
    [string] $TaskName = 'FalconX scheduled scan',
    [ValidateRange(5, 1440)] [int] $EveryMinutes = 15,
    [string] $PwshPath = (Join-Path $PSHOME 'pwsh.exe')
)
$ErrorActionPreference = 'Stop'

$arguments = @('-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', "`"$ScriptPath`"",
    '-InboxPath', "`"$InboxPath`"", '-OutputPath', "`"$OutputPath`"", '-LogPath', "`"$LogPath`"")
if ($ProcessedPath) { $arguments += '-ProcessedPath', "`"$ProcessedPath`"" }

$action = New-ScheduledTaskAction -Execute $PwshPath -Argument ($arguments -join ' ') -WorkingDirectory (Split-Path $ScriptPath)
$trigger = New-ScheduledTaskTrigger -Once -At (Get-Date).Date -RepetitionInterval (New-TimeSpan -Minutes $EveryMinutes)
# IgnoreNew: a run still waiting for detonations is not joined by a second one; the time limit is a backstop
# behind the job's own -TimeoutSec.
$settings = New-ScheduledTaskSettingsSet -MultipleInstances IgnoreNew -ExecutionTimeLimit (New-TimeSpan -Hours 1) `
    -StartWhenAvailable -RunOnlyIfNetworkAvailable
if ($PSCmdlet.ShouldProcess($TaskName, "Register a task running '$PwshPath $($arguments -join ' ')' every $EveryMinutes minutes as $UserName")) {
    $credential = Get-Credential -UserName $UserName -Message "Windows password of $UserName, to run the task when nobody is logged on"
    Register-ScheduledTask -TaskName $TaskName -Action $action -Trigger $trigger -Settings $settings `
        -User $credential.UserName -Password $credential.GetNetworkCredential().Password -RunLevel Limited -Force
}
