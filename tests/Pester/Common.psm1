# Shared Pester helpers for talking to the emulator's admin routes (/_emulator/*) and for waiting on a condition
# instead of sleeping. Import with:  Import-Module (Join-Path $PSScriptRoot 'Common.psm1') -Force
# Every function takes the emulator's base URL (or an object with a BaseUrl, as Start-FalconXEmulator returns).
# Test files that still define their own Set-Faults/Get-Stats keep working: a function defined in the file wins.

function Get-EmulatorBaseUrl($Emulator) {
    if ($Emulator -is [string]) { return $Emulator.TrimEnd('/') }
    if ($Emulator.PSObject.Properties['BaseUrl']) { return ([string]$Emulator.BaseUrl).TrimEnd('/') }
    throw "Pass the emulator's base URL or the object Start-FalconXEmulator returned."
}

function Get-EmulatorStats {
    <# .SYNOPSIS The emulator's counters (GET /_emulator/stats): requests, started, inFlight, submissions, byRoute... #>
    param([Parameter(Mandatory)] $Emulator)
    Invoke-RestMethod -Uri "$(Get-EmulatorBaseUrl $Emulator)/_emulator/stats"
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

Export-ModuleMember -Function Invoke-WithoutHost,  Get-EmulatorStats, Set-EmulatorFaults, Reset-EmulatorState, Move-EmulatorClock, Wait-Until, Wait-EmulatorRequestInFlight
