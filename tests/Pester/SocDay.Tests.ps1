# A SOC day under faults, scaled for CI (bench/Soak.ps1, build.ps1 -Task Soak, runs the same with 2,000 files;
# docs/reliability.md): the full fault mix on 30 files, 3 of which the sandbox rejects, through
# Submit-FalconXSample -Wait | ConvertTo-ThreatQEntity in two pipelines side by side sharing one connection (as a SOC
# keeps the sandbox busy), while the emulator expires tokens every 3 s, rate limits to 20 requests a second (429 with
# Retry-After), fails 20% of GETs with 500/502/503, drops 5% of connections on every route and adds 25 ms to every
# answer. Then a quota that runs out half way, and a re-run after it resets. The file counts are small on purpose:
# every fault still happens several times (about 160 requests, 20 5xx, 7 dropped answers, 7 429s, 7 tokens at
# load 8 and at load 25), and the long run belongs to the soak. Two pipelines, because one pipeline of 30 files on a
# machine at load 25 never outran the rate limit (no 429 at all); 60 files in one met 5.
BeforeAll {
    Import-Module $env:FALCONX_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'Common.psm1') -Force
    Import-Module (Join-Path $env:FALCONX_REPO_ROOT 'tools/SocDay.psm1') -Force
    # A process of its own: the re-run test moves its clock, which a reset does not undo.
    $script:Emulator = Start-TestEmulator -Private
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('falconx-socday-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $Work
    $script:Base = $Emulator.BaseUrl
    $script:FileCount = 30
    $script:RejectedCount = 3
    function Set-Faults([hashtable] $Faults) {
        Set-EmulatorFaults $Base $Faults
    }
    function Get-Stats { Get-EmulatorStats $Base }
    function Get-ErrorId($Record) { $Record.FullyQualifiedErrorId.Split(',')[0] }
}

AfterAll {
    Get-FalconXConnection -ErrorAction SilentlyContinue | Disconnect-FalconX -ErrorAction SilentlyContinue
    $Emulator | Stop-TestEmulator
    if ($Work -and (Test-Path $Work)) { Remove-Item -LiteralPath $Work -Recurse -Force }
}

Describe 'A SOC day: 30 files under every fault at once' {
    BeforeAll {
        $script:Day = Invoke-FalconXSocDay -Emulator $Emulator -ModulePath $env:FALCONX_MODULE_PATH -WorkDir (Join-Path $Work 'day') `
            -Files $FileCount -Rejected $RejectedCount -Parallel 2 -TokenLifetimeSec 3 -RateLimitPerWindow 20 -RateLimitWindowSec 1 -GetErrorRate 0.2 `
            -DropConnectionRate 0.05 -LatencyMs 25 -SubmissionDelayMs 50 -PollIntervalSec 1 -MaxRetryCount 8 `
            -RetryDelayMilliseconds 50 -BoundSec 240
        $script:Unexpected = @($Day.Errors | Where-Object { (Get-ErrorId $_) -ne 'FalconXDetonationFailed' })
    }

    It 'had every fault actually happen' {
        $Day.Stats.faultsByKind.error | Should -BeGreaterThan 0 -Because '20% of GETs fail with 5xx'
        $Day.Stats.faultsByKind.dropped | Should -BeGreaterThan 0 -Because '5% of answers are cut off'
        $Day.Stats.rateLimited | Should -BeGreaterThan 0 -Because 'the rate limit forces 429s'
        $Day.TokensIssued | Should -BeGreaterThan 2 -Because 'tokens expire every 3 s'
    }

    It 'ended on its own within the bound' {
        $Day.TimedOut | Should -BeFalse
        $Day.Errors | Where-Object { (Get-ErrorId $_) -eq 'FalconXWaitTimedOut' } | Should -BeNullOrEmpty
    }

    It 'submitted every file exactly once: no duplicate, no quota wasted' {
        $Day.Stats.duplicateSubmissions | Should -Be 0
        $Day.Stats.submissions | Should -Be $FileCount
        $Day.QuotaUsed | Should -Be $FileCount
    }

    It 'delivered and converted the report of every good file' {
        $Day.Reports | Should -HaveCount ($FileCount - $RejectedCount)
        $missing = @($Day.GoodHashes | Where-Object { $Day.SampleHashIndicators -notcontains $_ })
        $missing | Should -BeNullOrEmpty
        $Day.RejectedHashes | Where-Object { $Day.SampleHashIndicators -contains $_ } | Should -BeNullOrEmpty
    }

    It 'gave each rejected file one clear error naming it, and no other error' {
        $Unexpected | ForEach-Object { "$(Get-ErrorId $_): $($_.Exception.Message)" } | Should -BeNullOrEmpty
        $rejections = @($Day.Errors | Where-Object { (Get-ErrorId $_) -eq 'FalconXDetonationFailed' })
        $rejections | Should -HaveCount $RejectedCount
        foreach ($file in $Day.RejectedFiles) {
            $about = @($rejections | Where-Object { $_.Exception.Message.Contains("'$file'") })
            $about | Should -HaveCount 1 -Because "$file was rejected once"
            $about[0].CategoryInfo.Category | Should -Be 'InvalidResult'
            $about[0].ErrorDetails.RecommendedAction | Should -Match 'EnvironmentId'
        }
    }

    It 'never sent a request before a Retry-After' {
        $Day.Stats.earlyAfterRetryAfter | Should -Be 0
    }

    It 'asked for about one token per token lifetime, not one per request' {
        $expected = $Day.ElapsedSec / 3
        $Day.TokensIssued | Should -BeGreaterOrEqual ([math]::Floor($expected * 0.5))
        $Day.TokensIssued | Should -BeLessOrEqual ([math]::Ceiling($expected * 2) + 2)
        $Day.TokensIssued | Should -BeLessThan ($Day.Requests / 5)
    }
}

Describe 'A quota that runs out half way, and the re-run after it resets' {
    BeforeAll {
        Reset-EmulatorState $Base
        Set-Faults @{ quotaTotal = 10; submissionDelayMs = 50; dropConnectionRate = 0.05; dropConnectionRoutes = @('* *') }
        $script:Cred = [pscredential]::new($Emulator.ClientId, (ConvertTo-SecureString $Emulator.ClientSecret -AsPlainText -Force))
        $script:Conn = Connect-FalconX -BaseUrl $Base -Credential $Cred -RetryDelayMilliseconds 20 -WarningAction SilentlyContinue
        $script:Samples = @(New-SocDaySamples -Path (Join-Path $Work 'quota') -Count 20 -Rejected 0)
        $errs = $null
        $script:First = @($Samples | Submit-FalconXSample -Connection $Conn -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $script:FirstErrors = @($errs)
        $script:AfterFirst = Get-Stats
        $script:RequestsAfterFirst = @(Get-EmulatorRequests $Base)
        $script:Made = @((Get-FalconXSubmission -Connection $Conn -All).SubmissionId)
    }

    It 'submitted what the quota allowed and output every one of those ids' {
        $First | Should -HaveCount 10
        $AfterFirst.submissions | Should -Be 10
        ($First.SubmissionId | Sort-Object) | Should -Be ($Made | Sort-Object)
        $First | ForEach-Object { $_.LocalFile } | Should -Be ($Samples | Select-Object -First 10 | ForEach-Object FullName)
    }

    It 'failed the rest at once with one LimitsExceeded error each, naming the file' {
        $FirstErrors | Should -HaveCount 10
        foreach ($e in $FirstErrors) {
            Get-ErrorId $e | Should -Be 'FalconXQuotaExhausted'
            $e.CategoryInfo.Category | Should -Be 'LimitsExceeded'
            $e.ErrorDetails.RecommendedAction | Should -Match 'Get-FalconXQuota'
        }
        ($FirstErrors.TargetObject | Sort-Object) | Should -Be ($Samples | Select-Object -Skip 10 | ForEach-Object FullName | Sort-Object)
        $FirstErrors[0].Exception.Message | Should -Match '10 of 10'
    }

    It 'sent nothing for the files after the quota ran out' {
        $requests = @($RequestsAfterFirst)
        $made = @($requests | Where-Object { $_.method -eq 'POST' -and $_.path -eq '/falconx/entities/submissions/v1' -and $_.status -eq 200 })
        $after = @($requests | Select-Object -Skip ([array]::IndexOf($requests, $made[-1]) + 1))
        # The 11th file is uploaded and looked up; the lookup's answer says the quota is used up, so it is refused
        # without a submission request, and the 9 files after it cause no request at all.
        @($after | Where-Object { $_.method -eq 'POST' -and $_.path -eq '/falconx/entities/submissions/v1' }) | Should -BeNullOrEmpty
        $uploads = @($after | Where-Object { $_.method -eq 'POST' -and $_.path -eq '/samples/entities/samples/v2' })
        $uploads | Should -Not -BeNullOrEmpty
        $uploads | ForEach-Object { [uri]::UnescapeDataString($_.query) | Should -Match 'file_name=sample-0011\.exe' }
        $requests | Where-Object { $_.query -match 'sample-00(1[2-9]|20)' } | Should -BeNullOrEmpty
        @(Get-ChildItem -LiteralPath (Join-Path $Work 'quota') -Force | Where-Object Name -notlike 'sample-*') | Should -BeNullOrEmpty
    }

    It 'on the re-run after the reset submits only what is missing and delivers every report' {
        Set-Faults @{ quotaUsed = 0; quotaTotal = 100 }
        $errs = $null
        $warned = $null
        $entities = @($Samples | Submit-FalconXSample -Connection $Conn -Wait -PollIntervalSec 1 -ErrorVariable errs -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue |
                ConvertTo-ThreatQEntity)
        @($errs) | Should -BeNullOrEmpty
        $stats = Get-Stats
        $stats.submissions | Should -Be 20
        $stats.duplicateSubmissions | Should -Be 0
        @($warned | Where-Object { "$_" -match 'already detonated' }) | Should -HaveCount 10
        @($entities | Where-Object ObjectType -eq 'Report') | Should -HaveCount 20
    }
}

Describe 'A re-run while half the detonations are still running' {
    BeforeAll {
        Reset-EmulatorState $Base
        $script:Cred = [pscredential]::new($Emulator.ClientId, (ConvertTo-SecureString $Emulator.ClientSecret -AsPlainText -Force))
        $script:Conn = Connect-FalconX -BaseUrl $Base -Credential $Cred -RetryDelayMilliseconds 20 -WarningAction SilentlyContinue
        $script:Rerun = @(New-SocDaySamples -Path (Join-Path $Work 'rerun') -Count 10 -Rejected 0)
        # Half finish at once; the other half is still created/running when the job runs again (as after a timeout
        # or a killed scheduled task).
        Set-Faults @{ submissionDelayMs = 0 }
        $null = $Rerun | Select-Object -First 5 | Submit-FalconXSample -Connection $Conn -WarningAction SilentlyContinue
        # The other half takes ten minutes of emulator time: still running when the re-run looks them up, however slow
        # the machine. Once the emulator has answered a status request naming all five (the re-run's lookup or its
        # wait's first check, so they were seen running), a helper moves the emulator's clock past them, and the
        # re-run's next check finds them finished: no waiting on a wall-clock delay.
        Set-Faults @{ submissionDelayMs = 600000 }
        $running = @($Rerun | Select-Object -Skip 5 | Submit-FalconXSample -Connection $Conn -WarningAction SilentlyContinue)
        $script:BeforeRerun = Get-Stats
        $mover = [powershell]::Create()
        $null = $mover.AddScript({
                param($Base, [string[]] $Ids)
                $deadline = [DateTime]::UtcNow.AddSeconds(120)
                while ([DateTime]::UtcNow -lt $deadline) {
                    $seen = @(Invoke-RestMethod -Uri "$Base/_emulator/requests" | ForEach-Object { $_ } | Where-Object {
                            $query = [uri]::UnescapeDataString("$($_.query)")
                            $_.method -eq 'GET' -and $_.path -eq '/falconx/entities/submissions/v1' -and @($Ids | Where-Object { $query -notmatch $_ }).Count -eq 0
                        })
                    if ($seen) { $null = Invoke-RestMethod -Method Post -Uri "$Base/_emulator/clock" -ContentType 'application/json' -Body '{"advanceSec":600}'; return 'moved' }
                    Start-Sleep -Milliseconds 50
                }
                'never saw a status request for the running submissions'
            }).AddArgument($Base).AddArgument([string[]]$running.SubmissionId)
        $moving = $mover.BeginInvoke()
        try {
            $warned = $null
            $script:RerunReports = @($Rerun | Submit-FalconXSample -Connection $Conn -Wait -PollIntervalSec 1 -TimeoutSec 150 -WarningVariable warned -WarningAction SilentlyContinue)
            $script:RerunWarnings = @($warned)
            $script:ClockMover = @($mover.EndInvoke($moving))
        } finally {
            $mover.Dispose()
        }
        $script:AfterRerun = Get-Stats
    }

    It 'submitted nothing again and waited for the detonations in progress' {
        $ClockMover | Should -Be 'moved' -Because 'the running half finishes when the clock moves after a status check'
        $BeforeRerun.submissions | Should -Be 10
        $AfterRerun.submissions | Should -Be 10
        $AfterRerun.duplicateSubmissions | Should -Be 0
        $RerunReports | Should -HaveCount 10
        $RerunReports | ForEach-Object { $_.Verdict | Should -Not -BeNullOrEmpty }
    }

    It 'said which were finished and which were adopted while running' {
        @($RerunWarnings | Where-Object { "$_" -match 'already detonated' }) | Should -HaveCount 5
        @($RerunWarnings | Where-Object { "$_" -match 'still being detonated .* adopting it instead of spending quota and waiting for it' }) | Should -HaveCount 5
    }
}
