# "A SOC day": a folder of samples piped through Submit-FalconXSample -Wait | ConvertTo-ThreatQEntity against
# the emulator while it expires tokens, rate limits, fails GETs, drops connections and adds latency, with some
# samples the sandbox rejects. Shared by tests/Pester/SocDay.Tests.ps1 (small, fast) and bench/Soak.ps1 (large),
# so the CI test and the soak measure the same thing. Returns what happened; callers assert or record it.

function New-SocDaySamples {
    <#
    .SYNOPSIS
        Writes -Count small samples into -Path: the first -Rejected carry the emulator's FALCONX-ERROR marker (the
        sandbox rejects them), every third of the rest is malicious, every fifth suspicious. Content is unique per call.
    #>
    param([Parameter(Mandatory)] [string] $Path, [int] $Count = 200, [int] $Rejected = 10)
    $null = New-Item -ItemType Directory -Force -Path $Path
    $run = [guid]::NewGuid().ToString('N')
    for ($i = 1; $i -le $Count; $i++) {
        $marker = if ($i -le $Rejected) { 'FALCONX-ERROR' } elseif ($i % 3 -eq 0) { 'FALCONX-MALICIOUS' } elseif ($i % 5 -eq 0) { 'FALCONX-SUSPICIOUS' } else { 'benign' }
        $name = if ($i -le $Rejected) { 'rejected-{0:d4}.bin' -f $i } else { 'sample-{0:d4}.exe' -f $i }
        [IO.File]::WriteAllText((Join-Path $Path $name), "MZ $run $i $marker padding-$('x' * ($i % 97))")
    }
    Get-ChildItem -LiteralPath $Path -File
}

function Invoke-FalconXSocDay {
    <#
    .SYNOPSIS
        Runs the SOC day against a running emulator and returns its figures.
    .PARAMETER Emulator
        An emulator from Start-FalconXEmulator (it is reset first).
    .PARAMETER Parallel
        Pipelines run side by side (ForEach-Object -Parallel), each with its share of the files and one shared
        connection, as a SOC does to keep the sandbox busy. 1 = one pipeline.
    .PARAMETER BoundSec
        The run must end on its own within this many seconds; after it, the pipelines are stopped and TimedOut is set.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Emulator,
        [Parameter(Mandatory)] [string] $ModulePath,
        [Parameter(Mandatory)] [string] $WorkDir,
        [int] $Files = 200,
        [int] $Rejected = 10,
        [int] $TokenLifetimeSec = 10,
        [int] $RateLimitPerWindow = 20,
        [int] $RateLimitWindowSec = 1,
        [double] $GetErrorRate = 0.2,
        [double] $DropConnectionRate = 0.05,
        [int] $LatencyMs = 200,
        [int] $SubmissionDelayMs = 50,
        [int] $Parallel = 1,
        [int] $PollIntervalSec = 1,
        [int] $MaxRetryCount = 8,
        [int] $RetryDelayMilliseconds = 50,
        [int] $BoundSec = 600,
        [int] $Seed = 1
    )
    $base = $Emulator.BaseUrl
    $samples = New-SocDaySamples -Path (Join-Path $WorkDir 'samples') -Count $Files -Rejected $Rejected
    $hashes = @{}
    foreach ($file in $samples) { $hashes[$file.FullName] = (Get-FileHash -LiteralPath $file.FullName -Algorithm SHA256).Hash.ToLowerInvariant() }

    Invoke-RestMethod -Method Post -Uri "$base/_emulator/reset" | Out-Null
    # The token lifetime goes first so that even the token Connect-FalconX gets is short-lived.
    $faults = [ordered]@{
        seed                 = $Seed
        tokenLifetimeSec     = $TokenLifetimeSec
        rateLimitPerMinute   = $RateLimitPerWindow
        rateLimitWindowSec   = $RateLimitWindowSec
        errorRate            = $GetErrorRate
        errorStatuses        = @(500, 502, 503)
        errorRoutes          = @('GET *')
        dropConnectionRate   = $DropConnectionRate
        dropConnectionRoutes = @('* *')
        latencyMs            = $LatencyMs
        submissionDelayMs    = $SubmissionDelayMs
        quotaTotal           = $Files * 10
    }
    Invoke-RestMethod -Method Put -Uri "$base/_emulator/faults" -ContentType 'application/json' -Body ($faults | ConvertTo-Json) | Out-Null

    $credential = [pscredential]::new($Emulator.ClientId, (ConvertTo-SecureString $Emulator.ClientSecret -AsPlainText -Force))
    $connection = Connect-FalconX -BaseUrl $base -Credential $credential -MaxRetryCount $MaxRetryCount `
        -RetryDelayMilliseconds $RetryDelayMilliseconds -WarningAction SilentlyContinue
    $groups = [System.Collections.Generic.List[string][]]::new($Parallel)
    for ($g = 0; $g -lt $Parallel; $g++) { $groups[$g] = [System.Collections.Generic.List[string]]::new() }
    for ($i = 0; $i -lt $samples.Count; $i++) { $groups[$i % $Parallel].Add($samples[$i].FullName) }

    $clock = [Diagnostics.Stopwatch]::StartNew()
    $outcomes = @($groups | ForEach-Object -ThrottleLimit $Parallel -TimeoutSeconds $BoundSec -Parallel {
            Import-Module $using:ModulePath
            $errs = $null
            $entities = @(Get-Item -LiteralPath $_.ToArray() |
                    Submit-FalconXSample -Wait -PollIntervalSec $using:PollIntervalSec -TimeoutSec $using:BoundSec -Connection $using:connection `
                        -ErrorVariable +errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue |
                    ConvertTo-ThreatQEntity -ErrorVariable +errs -ErrorAction SilentlyContinue)
            [pscustomobject]@{ Entities = $entities; Errors = @($errs); Done = $true }
        } 2>&1)
    $clock.Stop()

    $stats = Invoke-RestMethod -Uri "$base/_emulator/stats"
    $faultsNow = Invoke-RestMethod -Uri "$base/_emulator/faults"
    $requests = @(Invoke-RestMethod -Uri "$base/_emulator/requests" | ForEach-Object { $_ })
    $connection | Disconnect-FalconX -ErrorAction SilentlyContinue

    $finished = @($outcomes | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] -and $_.Done })
    $entities = @($finished | ForEach-Object { $_.Entities })
    $errors = @($finished | ForEach-Object { $_.Errors }) + @($outcomes | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
    $reports = @($entities | Where-Object ObjectType -eq 'Report')
    $sampleIndicators = @($entities | Where-Object { $_.ObjectType -eq 'Indicator' -and $_.Type -eq 'SHA-256' } | ForEach-Object Value)
    $rejectedFiles = @($samples | Select-Object -First $Rejected | ForEach-Object FullName)
    $goodFiles = @($samples | Select-Object -Skip $Rejected | ForEach-Object FullName)
    $tokenAnswers = @($requests | Where-Object { $_.method -eq 'POST' -and $_.path -eq '/oauth2/token' })

    [pscustomobject]@{
        PSTypeName            = 'FalconX.SocDay'
        Files                 = $Files
        Rejected              = $Rejected
        Parallel              = $Parallel
        Settings              = [pscustomobject]$faults
        ElapsedSec            = [math]::Round($clock.Elapsed.TotalSeconds, 1)
        TimedOut              = $finished.Count -lt $groups.Count
        Entities              = $entities
        Reports               = $reports
        Errors                = $errors
        GoodFiles             = $goodFiles
        RejectedFiles         = $rejectedFiles
        GoodHashes            = @($goodFiles | ForEach-Object { $hashes[$_] })
        RejectedHashes        = @($rejectedFiles | ForEach-Object { $hashes[$_] })
        SampleHashIndicators  = $sampleIndicators
        Stats                 = $stats
        QuotaUsed             = $faultsNow.quotaUsed
        TokensIssued          = @($tokenAnswers | Where-Object status -eq 201).Count
        TokenRequests         = $tokenAnswers.Count
        Unauthorized          = @($requests | Where-Object status -eq 401).Count
        Requests              = $requests.Count
    }
}

Export-ModuleMember -Function New-SocDaySamples, Invoke-FalconXSocDay
