<#
.SYNOPSIS
    Warm Import-Module time: median of N fresh `pwsh -NoProfile -c "Import-Module out/FalconX"` runs minus the
    median of N bare `pwsh -NoProfile -c 1` runs (pwsh's own start-up), after one warm-up of each.
#>
param([Parameter(Mandatory)] [string] $Root, [int] $Runs = 10)
$ErrorActionPreference = 'Stop'
$pwsh = @([Environment]::ProcessPath, (Join-Path $PSHOME 'pwsh.dll'))
$module = Join-Path $Root 'out/FalconX'

function Measure-Median([string] $Command) {
    & $pwsh[0] $pwsh[1] -NoProfile -NonInteractive -Command $Command | Out-Null   # warm-up (disk cache, JIT)
    $times = foreach ($i in 1..$Runs) {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        & $pwsh[0] $pwsh[1] -NoProfile -NonInteractive -Command $Command | Out-Null
        if ($LASTEXITCODE -ne 0) { throw "'$Command' failed." }
        $sw.Elapsed.TotalMilliseconds
    }
    $sorted = $times | Sort-Object
    ($sorted[[int][math]::Floor(($Runs - 1) / 2)] + $sorted[[int][math]::Ceiling(($Runs - 1) / 2)]) / 2
}

$bare = Measure-Median '1'
$import = Measure-Median "Import-Module '$module'"
'Import-Module benchmark ({0} runs each, {1} cores)' -f $Runs, [Environment]::ProcessorCount
'  bare pwsh -NoProfile -c 1      median {0,8:N0} ms' -f $bare
'  pwsh -c Import-Module FalconX  median {0,8:N0} ms' -f $import
'  module import cost                    {0,8:N0} ms' -f ($import - $bare)
