# Shared Pester helpers: the emulators a test file uses, their admin routes (/_emulator/*), waiting on a condition
# instead of sleeping, child pwsh processes and host-less runspaces. Import with:
#   Import-Module (Join-Path $PSScriptRoot 'Common.psm1') -Force
# Functions that talk to an emulator take its base URL or the object Start-TestEmulator (or Start-FalconXEmulator)
# returned. docs/testing.md explains the conventions.

Import-Module (Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'tools/EmulatorHost.psm1')

#region Emulators of a test file: one process per run, reset between files

# Invoke-PesterSuite.ps1 creates this pool before the run and stops what is in it afterwards; it lives in the global
# scope because every test file re-imports this module (-Force), which would forget module variables. Without the
# pool (Invoke-Pester run by hand on one file) each file starts and stops its own emulators, as before.
$script:PoolVariable = 'FalconXTestEmulatorPool'

function Get-EmulatorPool {
    $pool = Get-Variable -Name $script:PoolVariable -Scope Global -ValueOnly -ErrorAction SilentlyContinue
    if ($pool -is [hashtable]) { $pool } else { $null }
}

function New-EmulatorPool {
    <# .SYNOPSIS Makes the run-wide emulator pool (Invoke-PesterSuite.ps1 calls this before Invoke-Pester). #>
    Set-Variable -Name $script:PoolVariable -Scope Global -Value @{}
}

function Stop-EmulatorPool {
    <# .SYNOPSIS Stops every pooled emulator and forgets the pool (Invoke-PesterSuite.ps1 calls this at the end). #>
    $pool = Get-EmulatorPool
    if (-not $pool) { return }
    foreach ($instance in $pool.Values) { Stop-EmulatorInstance $instance }
    Remove-Variable -Name $script:PoolVariable -Scope Global -ErrorAction SilentlyContinue
}

function Stop-EmulatorInstance($Instance) {
    if ($Instance.PSObject.TypeNames -contains 'FalconX.ThreatQEmulatorInstance') { $Instance | Stop-ThreatQEmulator }
    else { $Instance | Stop-FalconXEmulator }
}

function Get-EmulatorBaseUrl($Emulator) {
    if ($Emulator -is [string]) { return $Emulator.TrimEnd('/') }
    if ($Emulator.PSObject.Properties['BaseUrl']) { return ([string]$Emulator.BaseUrl).TrimEnd('/') }
    throw "Pass the emulator's base URL or the object Start-TestEmulator or Start-FalconXEmulator returned."
}

# A pooled emulator is handed to the next file only once nothing of the previous file is still on the wire (a
# request held by latencyMs and abandoned by Ctrl+C ends when the emulator notices) and only if its clock was not
# moved (a reset keeps the clock, and later files compare its timestamps with their own); the wait is bounded, and
# an emulator that stays busy, was moved ahead or died is replaced by a fresh process.
function Get-PooledInstance([string] $Key, [scriptblock] $Start, [bool] $IsThreatQ) {
    $pool = Get-EmulatorPool
    $instance = $pool[$Key]
    if ($instance -and -not $instance.Process.HasExited -and -not $IsThreatQ) {
        $usable = $false
        $deadline = [DateTime]::UtcNow.AddSeconds(15)
        while (-not $usable -and [DateTime]::UtcNow -lt $deadline) {
            try {
                if ((Invoke-RestMethod -Uri "$(Get-EmulatorBaseUrl $instance)/_emulator/clock").offsetSec -gt 0) { break }
                $usable = (Get-EmulatorStats $instance).inFlight -eq 0
            } catch { break }
            if (-not $usable) { Start-Sleep -Milliseconds 20 }
        }
        if (-not $usable) { Stop-EmulatorInstance $instance; $instance = $null }
    }
    if (-not $instance -or $instance.Process.HasExited) {
        $instance = & $Start
        $pool[$Key] = $instance
    }
    $instance
}

function New-TestEmulatorHandle($Instance, [hashtable] $Faults, [bool] $Shared) {
    # A copy per file: the baseline faults belong to the file that asked, not to the pooled process.
    $handle = $Instance.PSObject.Copy()
    $handle | Add-Member -NotePropertyName Shared -NotePropertyValue $Shared -Force
    $handle | Add-Member -NotePropertyName Baseline -NotePropertyValue $Faults -Force
    $handle
}

function Start-TestEmulator {
    <#
    .SYNOPSIS
        The Falcon X emulator for a test file, reset, with -Faults applied as the file's baseline (Reset-TestEmulator
        goes back to it). Under the suite it is the run's pooled process (started once with --submission-delay-ms 0);
        hand it back with Stop-TestEmulator in AfterAll.
    .PARAMETER Faults
        Fault switches and run-time settings (PUT /_emulator/faults), e.g. @{ submissionDelayMs = 200; reportShape = '2023' }.
    .PARAMETER Name
        Another pooled process than the main one, for a file that needs two emulators at once.
    .PARAMETER ArgumentList
        Start options that are not run-time settings (e.g. --client-secret): the file gets a process of its own.
    .PARAMETER Private
        A process of its own, e.g. for a file that moves the emulator's clock (the clock survives a reset).
    #>
    param([hashtable] $Faults = @{}, [string] $Name = 'main', [string[]] $ArgumentList = @(), [switch] $Private)
    Get-TestEmulatorHandle "falconx/$Name" { Start-FalconXEmulator -ArgumentList (@('--submission-delay-ms', '0') + $ArgumentList) } $Faults ($Private -or $ArgumentList.Count -gt 0) $false
}

function Start-TestThreatQEmulator {
    <#
    .SYNOPSIS
        The ThreatQ emulator for a test file, as Start-TestEmulator gives the Falcon X one: pooled under the suite,
        reset (store, faults, counters) with -Faults as the baseline.
    #>
    param([hashtable] $Faults = @{}, [string] $Name = 'main', [string[]] $ArgumentList = @(), [switch] $Private)
    Get-TestEmulatorHandle "threatq/$Name" { Start-ThreatQEmulator -ArgumentList $ArgumentList } $Faults ($Private -or $ArgumentList.Count -gt 0) $true
}

function Get-TestEmulatorHandle([string] $Key, [scriptblock] $Start, [hashtable] $Faults, [bool] $Own, [bool] $IsThreatQ) {
    $shared = [bool](Get-EmulatorPool) -and -not $Own
    $instance = if ($shared) { Get-PooledInstance $Key $Start $IsThreatQ } else { & $Start }
    $handle = New-TestEmulatorHandle $instance $Faults $shared
    if ($shared) { Reset-TestEmulator $handle } elseif ($Faults.Count) { Set-EmulatorFaults $handle $Faults }
    $handle
}

function Stop-TestEmulator {
    <# .SYNOPSIS Hands back an emulator from Start-TestEmulator or Start-TestThreatQEmulator: stops it unless the run's pool keeps it. #>
    param([Parameter(ValueFromPipeline)] $Emulator)
    process {
        if (-not $Emulator) { return }
        if (-not $Emulator.Shared) { Stop-EmulatorInstance $Emulator }
    }
}

function Reset-TestEmulator {
    <#
    .SYNOPSIS
        Forgets everything the file did (POST /_emulator/reset: samples, submissions, counters, faults, canned answers;
        the ThreatQ store) and applies the file's baseline faults again. Tokens stay valid.
    #>
    param([Parameter(Mandatory)] $Emulator)
    Reset-EmulatorState $Emulator
    if ($Emulator.PSObject.Properties['Baseline'] -and $Emulator.Baseline -and $Emulator.Baseline.Count) {
        Set-EmulatorFaults $Emulator $Emulator.Baseline
    }
}

#endregion

#region Admin routes

function Get-EmulatorStats {
    <# .SYNOPSIS The emulator's counters (GET /_emulator/stats): requests, started, inFlight, submissions, byRoute... #>
    param([Parameter(Mandatory)] $Emulator)
    Invoke-RestMethod -Uri "$(Get-EmulatorBaseUrl $Emulator)/_emulator/stats"
}

function Get-EmulatorRequests {
    <# .SYNOPSIS The requests the emulator recorded (GET /_emulator/requests), one object each. #>
    param([Parameter(Mandatory)] $Emulator)
    Invoke-RestMethod -Uri "$(Get-EmulatorBaseUrl $Emulator)/_emulator/requests" | ForEach-Object { $_ }
}

function Set-EmulatorFaults {
    <# .SYNOPSIS Merges fault switches into the emulator's (PUT /_emulator/faults). #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [hashtable] $Faults)
    $null = Invoke-RestMethod -Method Put -Uri "$(Get-EmulatorBaseUrl $Emulator)/_emulator/faults" -ContentType 'application/json' -Body ($Faults | ConvertTo-Json -Depth 5)
}

function Reset-EmulatorState {
    <# .SYNOPSIS Forgets samples, submissions, counters, faults and canned answers (POST /_emulator/reset); tokens stay valid. #>
    param([Parameter(Mandatory)] $Emulator)
    $null = Invoke-RestMethod -Method Post -Uri "$(Get-EmulatorBaseUrl $Emulator)/_emulator/reset"
}

function Move-EmulatorClock {
    <#
    .SYNOPSIS
        Moves the emulator's clock forward (POST /_emulator/clock): its tokens expire, submissions finish and
        rate-limit windows pass at once, instead of the test sleeping.
    #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [double] $Seconds)
    Invoke-RestMethod -Method Post -Uri "$(Get-EmulatorBaseUrl $Emulator)/_emulator/clock" -ContentType 'application/json' -Body (@{ advanceSec = $Seconds } | ConvertTo-Json)
}

#endregion

#region Waiting on a condition

function Wait-Until {
    <#
    .SYNOPSIS
        Polls a condition until it returns something truthy or the timeout passes; returns the last result and
        throws with -Because when it never held. Polling a condition is not a fixed sleep: it returns as soon as the
        condition holds, and the timeout only bounds a failure.
    #>
    param(
        [Parameter(Mandatory)] [scriptblock] $Condition,
        [double] $TimeoutSec = 20,
        [int] $IntervalMs = 20,
        [string] $Because = 'the condition did not hold'
    )
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while ($true) {
        $result = & $Condition
        if ($result) { return $result }
        if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out after $TimeoutSec s: $Because." }
        Start-Sleep -Milliseconds $IntervalMs
    }
}

function Wait-EmulatorRequestInFlight {
    <#
    .SYNOPSIS
        Waits until at least -Count API requests are held by the emulator (e.g. by latencyMs), so that a following
        Stop()/Ctrl+C certainly lands while the request is on the wire.
    #>
    param([Parameter(Mandatory)] $Emulator, [int] $Count = 1, [double] $TimeoutSec = 30)
    $null = Wait-Until -TimeoutSec $TimeoutSec -Because "no request reached the emulator" -Condition {
        (Get-EmulatorStats $Emulator).inFlight -ge $Count
    }
}

#endregion

#region Child processes and runspaces

function Start-ChildPwsh {
    <#
    .SYNOPSIS
        Starts a fresh `pwsh -NoProfile -NonInteractive` (the PowerShell running the tests) with -Command or -File and
        its arguments, without waiting. -Environment sets variables for the child only ($null removes one), so the
        test's own environment is never changed and several children can run at once. Wait-ChildPwsh collects it.
    #>
    param(
        [string] $Command,
        [string] $File,
        [object[]] $ArgumentList = @(),
        [hashtable] $Environment = @{},
        [string] $WorkingDirectory
    )
    $psi = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
    $arguments = @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive')
    if ($File) { $arguments += @('-File', $File) + @($ArgumentList | ForEach-Object { [string]$_ }) }
    else { $arguments += @('-Command', $Command) }
    foreach ($a in $arguments) { $psi.ArgumentList.Add([string]$a) }
    foreach ($name in $Environment.Keys) {
        if ($null -eq $Environment[$name]) { $null = $psi.Environment.Remove($name) } else { $psi.Environment[$name] = [string]$Environment[$name] }
    }
    if ($WorkingDirectory) { $psi.WorkingDirectory = $WorkingDirectory }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.RedirectStandardInput = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    $process.StandardInput.Close()
    [pscustomobject]@{
        Process = $process
        Stdout  = $process.StandardOutput.ReadToEndAsync()
        Stderr  = $process.StandardError.ReadToEndAsync()
    }
}

function Wait-ChildPwsh {
    <#
    .SYNOPSIS
        Waits for a child from Start-ChildPwsh (at most -TimeoutSec, then kills it and says so) and returns its
        ExitCode and Output (standard output, then standard error).
    #>
    param([Parameter(Mandatory, ValueFromPipeline)] $Child, [double] $TimeoutSec = 300)
    process {
        if (-not $Child.Process.WaitForExit([int]($TimeoutSec * 1000))) {
            $Child.Process.Kill($true)
            $Child.Process.WaitForExit()
            throw "The child pwsh did not end within $TimeoutSec s and was stopped. Its output: $($Child.Stdout.Result)$($Child.Stderr.Result)"
        }
        $Child.Process.WaitForExit()
        [pscustomobject]@{
            ExitCode = $Child.Process.ExitCode
            Output   = $Child.Stdout.Result + $Child.Stderr.Result
        }
        $Child.Process.Dispose()
    }
}

function Invoke-ChildPwsh {
    <# .SYNOPSIS Start-ChildPwsh and Wait-ChildPwsh in one: runs a fresh pwsh and returns its ExitCode and Output. #>
    param([string] $Command, [string] $File, [object[]] $ArgumentList = @(), [hashtable] $Environment = @{}, [double] $TimeoutSec = 300)
    Start-ChildPwsh -Command $Command -File $File -ArgumentList $ArgumentList -Environment $Environment | Wait-ChildPwsh -TimeoutSec $TimeoutSec
}

function Invoke-WithoutHost {
    <#
    .SYNOPSIS
        Runs a script block in a fresh runspace that has no host, with the module under test imported, and returns its
        output. -WhatIf messages go straight to the host (no stream or redirection captures them), so running a
        -WhatIf call here keeps them out of the test output. Values come in through -ArgumentList ($args inside);
        the first error it writes is thrown.
    #>
    param([Parameter(Mandatory)] [scriptblock] $ScriptBlock, [object[]] $ArgumentList = @())
    $ps = [powershell]::Create()
    try {
        $null = $ps.AddScript("Import-Module '$env:FALCONX_MODULE_PATH'").AddStatement().AddScript($ScriptBlock.ToString())
        foreach ($argument in $ArgumentList) { $null = $ps.AddArgument($argument) }
        $output = $ps.Invoke()
        if ($ps.Streams.Error.Count -gt 0) { throw $ps.Streams.Error[0] }
        $output
    } finally {
        $ps.Dispose()
    }
}

#endregion

Export-ModuleMember -Function New-EmulatorPool, Stop-EmulatorPool, Start-TestEmulator, Start-TestThreatQEmulator, Stop-TestEmulator,
    Reset-TestEmulator, Get-EmulatorStats, Get-EmulatorRequests, Set-EmulatorFaults, Reset-EmulatorState,
    Move-EmulatorClock, Wait-Until, Wait-EmulatorRequestInFlight, Start-ChildPwsh, Wait-ChildPwsh, Invoke-ChildPwsh, Invoke-WithoutHost
