# Starts and stops the local Falcon X API emulator (out/emulator) as a child process.
# Shared by build.ps1 (Demo, Bench, Emulator tasks) and the Pester tests.

$script:Root = Split-Path -Parent $PSScriptRoot

function Start-FalconXEmulator {
    <#
    .SYNOPSIS
        Starts the emulator on a free loopback port and returns an object with BaseUrl, Port, Process and the default credentials.
    .PARAMETER ArgumentList
        Extra emulator options, e.g. '--submission-delay-ms', '50'.
    #>
    [CmdletBinding()]
    param([string[]] $ArgumentList = @(), [int] $Port = 0, [int] $TimeoutSec = 60)
    $dll = Join-Path $script:Root 'out/emulator/FalconX.Emulator.dll'
    if (-not (Test-Path $dll)) { throw "The emulator is not built ($dll). Run: dotnet pwsh ./build.ps1 -Task Build" }
    $portFile = [System.IO.Path]::GetTempFileName()
    Remove-Item $portFile
    $psi = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
    foreach ($a in @($dll, '--port', $Port, '--port-file', $portFile) + $ArgumentList) { $psi.ArgumentList.Add([string]$a) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    # Drain output so the child never blocks on a full pipe.
    $null = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while (-not (Test-Path $portFile) -or -not (Get-Content $portFile -Raw)) {
        if ($process.HasExited) { throw "The emulator exited with code $($process.ExitCode): $($stderr.Result)" }
        if ([DateTime]::UtcNow -gt $deadline) { $process.Kill(); throw "The emulator did not start within $TimeoutSec s." }
        Start-Sleep -Milliseconds 50
    }
    $actual = [int](Get-Content $portFile -Raw)
    Remove-Item $portFile -ErrorAction SilentlyContinue
    [pscustomobject]@{
        PSTypeName   = 'FalconX.EmulatorInstance'
        BaseUrl      = "http://127.0.0.1:$actual"
        Port         = $actual
        Process      = $process
        ClientId     = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'
        ClientSecret = 'EmulatorSecret0123456789abcdefghijklmnop'
    }
}

function Stop-FalconXEmulator {
    <# .SYNOPSIS Stops an emulator started by Start-FalconXEmulator: asks it to shut down, then kills it if it does not. #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Emulator)
    process {
        if ($Emulator.Process.HasExited) { return }
        try { Invoke-RestMethod -Method Post -Uri "$($Emulator.BaseUrl)/_emulator/shutdown" -TimeoutSec 5 | Out-Null } catch { }
        if (-not $Emulator.Process.WaitForExit(5000)) { $Emulator.Process.Kill($true); $Emulator.Process.WaitForExit() }
    }
}

Export-ModuleMember -Function Start-FalconXEmulator, Stop-FalconXEmulator
