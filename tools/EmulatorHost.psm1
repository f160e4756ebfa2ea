# Starts and stops the local API emulators as child processes: the Falcon X one (out/emulator) and the ThreatQ one
# (out/threatq-emulator). Shared by build.ps1 (Demo, Bench, Emulator tasks) and the Pester tests.

$script:Root = Split-Path -Parent $PSScriptRoot

function Start-EmulatorProcess {
    # Starts an emulator dll on a loopback port, waits for its port file, returns the process and the port.
    param([string] $Dll, [string] $Name, [string[]] $ArgumentList, [int] $Port, [int] $TimeoutSec)
    if (-not (Test-Path $Dll)) { throw "The $Name is not built ($Dll). Run: dotnet pwsh ./build.ps1 -Task Build" }
    $portFile = [System.IO.Path]::GetTempFileName()
    Remove-Item $portFile
    $psi = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
    foreach ($a in @($Dll, '--port', $Port, '--port-file', $portFile) + $ArgumentList) { $psi.ArgumentList.Add([string]$a) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    # Drain output so the child never blocks on a full pipe.
    $null = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while (-not (Test-Path $portFile) -or -not (Get-Content $portFile -Raw)) {
        if ($process.HasExited) { throw "The $Name exited with code $($process.ExitCode): $($stderr.Result)" }
        if ([DateTime]::UtcNow -gt $deadline) { $process.Kill(); throw "The $Name did not start within $TimeoutSec s." }
        Start-Sleep -Milliseconds 50
    }
    $actual = [int](Get-Content $portFile -Raw)
    Remove-Item $portFile -ErrorAction SilentlyContinue
    [pscustomobject]@{ Process = $process; Port = $actual }
}

function Stop-EmulatorProcess {
    param($Emulator)
    if ($Emulator.Process.HasExited) { return }
    try { Invoke-RestMethod -Method Post -Uri "$($Emulator.BaseUrl)/_emulator/shutdown" -TimeoutSec 5 | Out-Null } catch { }
    if (-not $Emulator.Process.WaitForExit(5000)) { $Emulator.Process.Kill($true); $Emulator.Process.WaitForExit() }
}

function Start-FalconXEmulator {
    <#
    .SYNOPSIS
        Starts the emulator on a free loopback port and returns an object with BaseUrl, Port, Process and the default credentials.
    .PARAMETER ArgumentList
        Extra emulator options, e.g. '--submission-delay-ms', '50'.
    #>
    [CmdletBinding()]
    param([string[]] $ArgumentList = @(), [int] $Port = 0, [int] $TimeoutSec = 60)
    $started = Start-EmulatorProcess -Dll (Join-Path $script:Root 'out/emulator/FalconX.Emulator.dll') -Name 'emulator' `
        -ArgumentList $ArgumentList -Port $Port -TimeoutSec $TimeoutSec
    [pscustomobject]@{
        PSTypeName   = 'FalconX.EmulatorInstance'
        BaseUrl      = "http://127.0.0.1:$($started.Port)"
        Port         = $started.Port
        Process      = $started.Process
        ClientId     = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'
        ClientSecret = 'EmulatorSecret0123456789abcdefghijklmnop'
    }
}

function Stop-FalconXEmulator {
    <# .SYNOPSIS Stops an emulator started by Start-FalconXEmulator: asks it to shut down, then kills it if it does not. #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Emulator)
    process { Stop-EmulatorProcess $Emulator }
}

function Start-ThreatQEmulator {
    <#
    .SYNOPSIS
        Starts the ThreatQ API emulator on a free loopback port and returns BaseUrl, Port, Process and the demo
        credentials (ClientId, Email, Password for the password grant; ClientId, ClientSecret for client credentials).
    .PARAMETER ArgumentList
        Extra emulator options, e.g. '--token-lifetime-sec', '5'. See docs/threatq-emulator.md.
    #>
    [CmdletBinding()]
    param([string[]] $ArgumentList = @(), [int] $Port = 0, [int] $TimeoutSec = 60)
    $started = Start-EmulatorProcess -Dll (Join-Path $script:Root 'out/threatq-emulator/ThreatQ.Emulator.dll') -Name 'ThreatQ emulator' `
        -ArgumentList $ArgumentList -Port $Port -TimeoutSec $TimeoutSec
    # Public demo values, the defaults of src/ThreatQ.Emulator/TqOptions.cs; never real credentials.
    [pscustomobject]@{
        PSTypeName   = 'FalconX.ThreatQEmulatorInstance'
        BaseUrl      = "http://127.0.0.1:$($started.Port)"
        Port         = $started.Port
        Process      = $started.Process
        ClientId     = 'tq-demo-client-0123456789abcdef'
        ClientSecret = 'TqEmulatorSecret0123456789abcdefghij'
        Email        = 'analyst@threatq.example'
        Password     = 'TqEmulatorPassw0rd!'
    }
}

function Stop-ThreatQEmulator {
    <# .SYNOPSIS Stops a ThreatQ emulator started by Start-ThreatQEmulator: asks it to shut down, then kills it if it does not. #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Emulator)
    process { Stop-EmulatorProcess $Emulator }
}

Export-ModuleMember -Function Start-FalconXEmulator, Stop-FalconXEmulator, Start-ThreatQEmulator, Stop-ThreatQEmulator
