#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Upload speed and memory of Submit-FalconXSample next to curl --data-binary, for 8, 64 and 256 MB files.
.DESCRIPTION
    Starts the built emulator (out/emulator) with tools/EmulatorHost.psm1 and writes one file of random bytes per
    size. For each size, alternately:
      - curl --data-binary @file to POST /samples/entities/samples/v2 (the same endpoint and query the module uses);
      - Submit-FalconXSample -LiteralPath file -Force in a fresh pwsh with the built module (upload while hashing,
        then one small submission request), timed around the command only.
    Each run of the module is a new pwsh process, which reports the working set before the command (after a warm-up
    submission of a small file) and the highest working set sampled every 5 ms during it; "extra" is the difference.
    The median of -Repeat runs is printed.
    Then, for -Wait: -WaitCount small files submitted in one pipeline with -Wait -PollIntervalSec 1 while the emulator
    takes 3 s per detonation; the emulator counts the status requests (GET /falconx/entities/submissions/v1).
    Record the figures in bench/RESULTS.md with the date and machine.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Root,
    [int[]] $SizesMB = @(8, 64, 256),
    [int] $Repeat = 3,
    [int] $WaitCount = 20
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $Root 'tools/EmulatorHost.psm1') -Force
$module = Join-Path $Root 'out/FalconX/FalconX.psd1'
if (-not (Test-Path $module)) { throw "The module is not built ($module). Run: dotnet pwsh ./build.ps1 -Task Build" }
$curl = (Get-Command curl -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
if (-not $curl) { throw 'curl is needed for the comparison and was not found on PATH.' }

# The module run, in its own process so that its working set is the module's alone.
$child = @'
param($Module, $BaseUrl, $ClientId, $ClientSecret, $File, $Warmup)
$ErrorActionPreference = 'Stop'
Add-Type -TypeDefinition @"
using System; using System.Threading;
public sealed class PeakSampler : IDisposable {
    private readonly Timer _timer; private long _peak;
    public PeakSampler() { _peak = Environment.WorkingSet; _timer = new Timer(_ => Sample(), null, 0, 5); }
    private void Sample() { long now = Environment.WorkingSet; long seen; do { seen = Interlocked.Read(ref _peak); if (now <= seen) return; } while (Interlocked.CompareExchange(ref _peak, now, seen) != seen); }
    public long Peak { get { Sample(); return Interlocked.Read(ref _peak); } }
    public void Dispose() { _timer.Dispose(); }
}
"@
Import-Module $Module
$cred = [pscredential]::new($ClientId, (ConvertTo-SecureString $ClientSecret -AsPlainText -Force))
$null = Connect-FalconX -BaseUrl $BaseUrl -Credential $cred -WarningAction SilentlyContinue
$null = Submit-FalconXSample -LiteralPath $Warmup -Force -WarningAction SilentlyContinue
[GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
$before = [Environment]::WorkingSet
$sampler = [PeakSampler]::new()
$clock = [Diagnostics.Stopwatch]::StartNew()
$submission = Submit-FalconXSample -LiteralPath $File -Force -WarningAction SilentlyContinue
$clock.Stop()
$peak = $sampler.Peak
$sampler.Dispose()
if (-not $submission.SubmissionId) { throw 'No submission came back.' }
[pscustomobject]@{ Seconds = $clock.Elapsed.TotalSeconds; BeforeMB = $before / 1MB; PeakMB = $peak / 1MB; Sha256 = $submission.Sha256 } | ConvertTo-Json -Compress
'@

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $sorted[[int][math]::Floor(($sorted.Count - 1) / 2)]
}

$emulator = Start-FalconXEmulator -ArgumentList @('--quota-total', '100000')
$work = Join-Path ([IO.Path]::GetTempPath()) ('falconx-upload-bench-' + [guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory $work
$childScript = Join-Path $work 'child.ps1'
Set-Content -LiteralPath $childScript -Value $child
$warmup = Join-Path $work 'warmup.bin'
[IO.File]::WriteAllBytes($warmup, [byte[]](1..200))
$pwsh = [Environment]::ProcessPath
$pwshArgs = @(if ((Split-Path $pwsh -Leaf) -like 'dotnet*') { Join-Path $PSHOME 'pwsh.dll' })
try {
    $token = (Invoke-RestMethod -Method Post -Uri "$($emulator.BaseUrl)/oauth2/token" -Body @{
            client_id = $emulator.ClientId; client_secret = $emulator.ClientSecret }).access_token
    $rows = foreach ($sizeMB in $SizesMB) {
        $file = Join-Path $work "sample-$sizeMB.bin"
        $random = [Random]::new($sizeMB)
        $buffer = [byte[]]::new(1MB)
        $stream = [IO.File]::Create($file)
        try { for ($i = 0; $i -lt $sizeMB; $i++) { $random.NextBytes($buffer); $stream.Write($buffer, 0, $buffer.Length) } } finally { $stream.Dispose() }
        $expected = (Get-FileHash -LiteralPath $file -Algorithm SHA256).Hash.ToLowerInvariant()

        $curlTimes = [Collections.Generic.List[double]]::new()
        $moduleTimes = [Collections.Generic.List[double]]::new()
        $extras = [Collections.Generic.List[double]]::new()
        for ($run = 1; $run -le $Repeat; $run++) {
            $url = "$($emulator.BaseUrl)/samples/entities/samples/v2?file_name=sample-$sizeMB.bin&is_confidential=true"
            $curlOut = & $curl -s -o /dev/null -w '%{http_code} %{time_total}' -X POST -H "Authorization: Bearer $token" `
                -H 'Content-Type: application/octet-stream' --data-binary "@$file" $url
            $code, $seconds = "$curlOut".Split(' ')
            if ($code -ne '200') { throw "curl got HTTP $code" }
            $curlTimes.Add([double]::Parse($seconds, [Globalization.CultureInfo]::InvariantCulture))

            $json = & $pwsh @pwshArgs -NoProfile -NonInteractive -File $childScript $module $emulator.BaseUrl $emulator.ClientId $emulator.ClientSecret $file $warmup
            if ($LASTEXITCODE -ne 0) { throw "The module run failed: $json" }
            $result = ($json | Select-Object -Last 1) | ConvertFrom-Json
            if ($result.Sha256 -ne $expected) { throw "SHA-256 mismatch: $($result.Sha256) vs $expected" }
            $moduleTimes.Add($result.Seconds)
            $extras.Add($result.PeakMB - $result.BeforeMB)
            Write-Host ("{0,4} MB run {1}: curl {2:0.00} s, Submit-FalconXSample {3:0.00} s, pwsh working set {4:0} MB before, +{5:0.0} MB peak" -f `
                    $sizeMB, $run, $curlTimes[-1], $result.Seconds, $result.BeforeMB, ($result.PeakMB - $result.BeforeMB))
        }
        Remove-Item -LiteralPath $file
        $curlMedian = Get-Median $curlTimes
        $moduleMedian = Get-Median $moduleTimes
        [pscustomobject]@{
            SizeMB          = $sizeMB
            CurlSeconds     = [math]::Round($curlMedian, 2)
            ModuleSeconds   = [math]::Round($moduleMedian, 2)
            Ratio           = [math]::Round($moduleMedian / $curlMedian, 2)
            ExtraPeakMB     = [math]::Round((Get-Median $extras), 1)
            MaxExtraPeakMB  = [math]::Round(($extras | Measure-Object -Maximum).Maximum, 1)
        }
    }
    $rows | Format-Table -AutoSize | Out-String | Write-Host
    $rows

    if ($WaitCount -gt 0) {
        Import-Module $module -Force
        $cred = [pscredential]::new($emulator.ClientId, (ConvertTo-SecureString $emulator.ClientSecret -AsPlainText -Force))
        $null = Connect-FalconX -BaseUrl $emulator.BaseUrl -Credential $cred -WarningAction SilentlyContinue
        $files = foreach ($i in 1..$WaitCount) {
            $path = Join-Path $work "wait-$i.exe"
            Set-Content -LiteralPath $path -Value "$([guid]::NewGuid()) sample $i" -NoNewline
            Get-Item -LiteralPath $path
        }
        Invoke-RestMethod -Method Put -Uri "$($emulator.BaseUrl)/_emulator/faults" -ContentType 'application/json' -Body '{"submissionDelayMs":3000}' | Out-Null
        function Get-StatusRequests {
            $byRoute = (Invoke-RestMethod "$($emulator.BaseUrl)/_emulator/stats").byRoute
            $entry = $byRoute.PSObject.Properties['GET /falconx/entities/submissions/v1']
            if ($entry) { [int]$entry.Value } else { 0 }
        }
        $before = Get-StatusRequests
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $reports = @($files | Submit-FalconXSample -Wait -PollIntervalSec 1 -ProgressAction SilentlyContinue)
        $clock.Stop()
        $status = (Get-StatusRequests) - $before
        Write-Host ("-Wait: {0} submissions, {1} reports in {2:0.0} s with {3} status requests (1 s interval; one request per submission per check would be {4})." -f `
                $WaitCount, $reports.Count, $clock.Elapsed.TotalSeconds, $status, ($status * $WaitCount))
        [pscustomobject]@{ Submissions = $WaitCount; Reports = $reports.Count; Seconds = [math]::Round($clock.Elapsed.TotalSeconds, 1); StatusRequests = $status }

        # One file with the default -PollIntervalSec (30): how soon a 3 s detonation is reported (first check after
        # 3 s, then backing off; a fixed 30 s interval would take 30 s).
        $single = Join-Path $work 'wait-single.exe'
        Set-Content -LiteralPath $single -Value "$([guid]::NewGuid()) single" -NoNewline
        $before = Get-StatusRequests
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $report = Submit-FalconXSample -LiteralPath $single -Wait -ProgressAction SilentlyContinue
        $clock.Stop()
        $status = (Get-StatusRequests) - $before
        Write-Host ("-Wait, default interval: 1 submission, {0} report in {1:0.0} s with {2} status request(s)." -f @($report).Count, $clock.Elapsed.TotalSeconds, $status)
        [pscustomobject]@{ Submissions = 1; Reports = @($report).Count; Seconds = [math]::Round($clock.Elapsed.TotalSeconds, 1); StatusRequests = $status }
        Disconnect-FalconX -ErrorAction SilentlyContinue
    }
} finally {
    $emulator | Stop-FalconXEmulator
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
