# examples/Invoke-FalconXScheduledScan.ps1 as a scheduler runs it: `pwsh -NonInteractive -File`, credentials in
# environment variables, against the emulator. Success exits 0 with a log line per sample and output files; each
# failure path exits non-zero; the secret never appears in the output or the log file.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common.psm1') -Force
    $script:Emulator = Start-TestEmulator -Faults @{ submissionDelayMs = 200 }
    $script:Script = Join-Path $env:FALCONX_REPO_ROOT 'examples/Invoke-FalconXScheduledScan.ps1'
    $script:Secrets = [System.Collections.Generic.List[string]]::new()

    # Starts the job in a fresh pwsh with only the given FALCON_* variables set, without waiting; Receive-ScanJob
    # gives its exit code, output and log (and keeps them, so it can be asked again).
    function Start-ScanJob([hashtable] $Environment, [string[]] $Arguments) {
        $variables = @{}
        foreach ($name in 'FALCON_CLIENT_ID', 'FALCON_CLIENT_SECRET', 'FALCON_BASE_URL', 'FALCON_CLOUD', 'FALCON_MEMBER_CID') { $variables[$name] = $Environment[$name] }
        $logFile = Join-Path $TestDrive ("scan-{0}.log" -f [guid]::NewGuid().ToString('N'))
        $child = Start-ChildPwsh -File $Script -Environment $variables -ArgumentList (@(
                '-ModulePath', $env:FALCONX_MODULE_PATH, '-PollIntervalSec', '1', '-LogPath', $logFile) + $Arguments)
        [pscustomobject]@{ Child = $child; LogFile = $logFile; Result = $null }
    }
    function Receive-ScanJob($Job) {
        if (-not $Job.Result) {
            $run = $Job.Child | Wait-ChildPwsh
            $Job.Result = [pscustomobject]@{
                ExitCode = $run.ExitCode
                Output   = $run.Output
                Log      = if (Test-Path $Job.LogFile) { Get-Content $Job.LogFile -Raw } else { '' }
            }
        }
        $Job.Result
    }
    function Invoke-ScanJob([hashtable] $Environment, [string[]] $Arguments) { Receive-ScanJob (Start-ScanJob $Environment $Arguments) }

    function Get-GoodEnvironment {
        @{ FALCON_CLIENT_ID = $Emulator.ClientId; FALCON_CLIENT_SECRET = $Emulator.ClientSecret; FALCON_BASE_URL = $Emulator.BaseUrl }
    }

    function New-Inbox([hashtable] $Files) {
        $inbox = Join-Path $TestDrive ("inbox-{0}" -f [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $inbox
        foreach ($name in $Files.Keys) { Set-Content -LiteralPath (Join-Path $inbox $name) -Value "$($Files[$name]) $([guid]::NewGuid())" }
        $inbox
    }
}

AfterAll {
    $Emulator | Stop-TestEmulator
}

Describe 'Invoke-FalconXScheduledScan.ps1' {
    BeforeAll {
        # The runs that share nothing (each has its own inbox, output and log, and leaves the emulator's settings alone)
        # start together, so their process starts and 1 s status checks overlap; each test then waits for its own run
        # and asserts on it. The runs that change the emulator's settings or count its submissions, and the settle
        # sequence, run in their tests one at a time, after these have ended.
        $script:Good = @{ Inbox = New-Inbox @{ 'invoice.exe' = 'MZ FALCONX-MALICIOUS'; 'macro.docm' = 'FALCONX-SUSPICIOUS'; 'notes.txt' = 'harmless' }; Out = Join-Path $TestDrive 'out-ok'; Done = Join-Path $TestDrive 'done-ok' }
        $script:Partial = @{ Inbox = New-Inbox @{ 'good.exe' = 'MZ clean'; 'broken.bin' = 'FALCONX-ERROR' }; Done = Join-Path $TestDrive 'done-partial' }
        $script:WrongSecret = Get-GoodEnvironment
        $WrongSecret.FALCON_CLIENT_SECRET = 'WrongSecret' + [guid]::NewGuid().ToString('N')
        $script:SettledInbox = New-Inbox @{}
        $null = New-Item -ItemType File -Path (Join-Path $SettledInbox 'zero.exe')
        $script:Started = [ordered]@{
            Good          = Start-ScanJob (Get-GoodEnvironment) @('-InboxPath', $Good.Inbox, '-OutputPath', $Good.Out, '-ProcessedPath', $Good.Done)
            Partial       = Start-ScanJob (Get-GoodEnvironment) @('-InboxPath', $Partial.Inbox, '-OutputPath', (Join-Path $TestDrive 'out-partial'), '-ProcessedPath', $Partial.Done)
            WrongSecret   = Start-ScanJob $WrongSecret @('-InboxPath', (New-Inbox @{ 'a.exe' = 'MZ' }), '-OutputPath', (Join-Path $TestDrive 'out-bad'))
            NoCredentials = Start-ScanJob @{ FALCON_BASE_URL = $Emulator.BaseUrl } @('-InboxPath', (New-Inbox @{ 'a.exe' = 'MZ' }), '-OutputPath', (Join-Path $TestDrive 'out-none'))
            NoInbox       = Start-ScanJob (Get-GoodEnvironment) @('-InboxPath', (Join-Path $TestDrive 'no-such-inbox'), '-OutputPath', (Join-Path $TestDrive 'out-missing'))
            Settled       = Start-ScanJob (Get-GoodEnvironment) @('-InboxPath', $SettledInbox, '-OutputPath', (Join-Path $TestDrive 'out-skip'), '-SettleSec', '0')
            Usage         = Start-ScanJob (Get-GoodEnvironment) @('-OutputPath', (Join-Path $TestDrive 'out-usage'))
        }
        function Wait-StartedRuns { foreach ($job in $Started.Values) { $null = Receive-ScanJob $job } }
    }
    AfterAll {
        # A test that failed early leaves no child behind.
        foreach ($job in $Started.Values) { if (-not $job.Result -and -not $job.Child.Process.HasExited) { $job.Child.Process.Kill($true) } }
    }

    It 'detonates every sample, logs a line per sample, writes the reports and ThreatQ bodies, moves the samples, exits 0' {
        $inbox = $Good.Inbox
        $out = $Good.Out
        $done = $Good.Done
        $run = Receive-ScanJob $Started.Good

        $run.ExitCode | Should -Be 0 -Because $run.Output
        $lines = @($run.Output -split "`r?`n" | Where-Object { $_ -match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ' })
        @($lines -match ' sample ').Count | Should -Be 3
        @($lines -match ' sample invoice\.exe verdict=malicious score=\d+ sha256=[0-9a-f]{64} report=[0-9a-f]{32}_[0-9a-f]{32}$').Count | Should -Be 1
        $run.Output | Should -Match 'sample macro\.docm verdict=suspicious'
        $run.Output | Should -Match 'sample notes\.txt verdict=no_specific_threat'
        $run.Output | Should -Match 'connected to .* with the FALCON_CLIENT_ID and FALCON_CLIENT_SECRET environment variables'
        $run.Output | Should -Match 'quota: \d+ of \d+ submissions left'
        $run.Log | Should -Match 'sample invoice\.exe verdict=malicious' -Because '-LogPath gets the same lines'

        $reportsFile = @(Get-ChildItem $out -Filter 'reports-*.json')
        $reportsFile.Count | Should -Be 1
        $reports = Get-Content $reportsFile[0].FullName -Raw | ConvertFrom-Json
        @($reports).Count | Should -Be 3
        @($reports.Verdict | Sort-Object) | Should -Be 'malicious', 'no specific threat', 'suspicious'
        $bodies = @(Get-ChildItem $out -Filter 'threatq-*.json')
        $bodies.Count | Should -BeGreaterThan 0
        (Get-Content $bodies[0].FullName -Raw | ConvertFrom-Json)[0].value | Should -Not -BeNullOrEmpty

        @(Get-ChildItem $inbox -File).Count | Should -Be 0 -Because 'processed samples leave the inbox'
        @(Get-ChildItem $done -File).Name | Sort-Object | Should -Be 'invoice.exe', 'macro.docm', 'notes.txt'
        $run.Output + $run.Log | Should -Not -Match ([regex]::Escape($Emulator.ClientSecret))
    }

    It 'exits 1 when a detonation fails, logging it by name and moving it to failed/, and still reports the rest' {
        $done = $Partial.Done
        $run = Receive-ScanJob $Started.Partial

        $run.ExitCode | Should -Be 1 -Because $run.Output
        $run.Output | Should -Match 'sample good\.exe verdict='
        $run.Output | Should -Match 'sample broken\.bin failed FalconXDetonationFailed: .*FILE_TYPE_BAD_ERROR'
        Join-Path $done 'good.exe' | Should -Exist
        Join-Path $done 'failed/broken.bin' | Should -Exist
    }

    It 'exits 1 and leaves the sample in the inbox when the wait times out' {
        Wait-StartedRuns   # none of them may meet the slow detonations
        $inbox = New-Inbox @{ 'slow.exe' = 'MZ slow' }
        Set-EmulatorFaults $Emulator @{ submissionDelayMs = 60000 }
        try {
            $run = Invoke-ScanJob (Get-GoodEnvironment) @('-InboxPath', $inbox, '-OutputPath', (Join-Path $TestDrive 'out-slow'), '-ProcessedPath', (Join-Path $TestDrive 'done-slow'), '-TimeoutSec', '2')
        } finally {
            Set-EmulatorFaults $Emulator @{ submissionDelayMs = 200 }
        }
        $run.ExitCode | Should -Be 1 -Because $run.Output
        $run.Output | Should -Match 'sample slow\.exe failed FalconXWaitTimedOut'
        Join-Path $inbox 'slow.exe' | Should -Exist -Because 'a transient failure is retried by the next run'
    }

    It 'exits 2 on a wrong secret, without printing it' {
        $environment = $WrongSecret
        $run = Receive-ScanJob $Started.WrongSecret
        $run.ExitCode | Should -Be 2 -Because $run.Output
        $run.Output | Should -Match 'failed: .*(authoriz|authentic|credential)'
        $run.Output + $run.Log | Should -Not -Match $environment.FALCON_CLIENT_SECRET
    }

    It 'exits 2 at once without credentials instead of prompting' {
        $run = Receive-ScanJob $Started.NoCredentials
        $run.ExitCode | Should -Be 2 -Because $run.Output
        $run.Output | Should -Match 'failed: .*FALCON_CLIENT_ID'
    }

    It 'exits 2 when the inbox does not exist' {
        $run = Receive-ScanJob $Started.NoInbox
        $run.ExitCode | Should -Be 2
        $run.Output | Should -Match "failed: The inbox folder '.*no-such-inbox' does not exist"
    }

    It 'waits for an empty file to settle, then moves it to failed/ once, so later runs do not fail for ever; a run on the emptied inbox exits 0 spending nothing' {
        Wait-StartedRuns   # the runs started above have ended; this test's three runs follow each other
        $inbox = New-Inbox @{ 'good.exe' = 'MZ clean' }
        $empty = Join-Path $inbox 'still-copying.bin'
        $null = New-Item -ItemType File -Path $empty
        $done = Join-Path $TestDrive 'done-empty'
        $out = Join-Path $TestDrive 'out-empty-file'

        # Fresh: it may still be being written. Skipped with a log line; not a failure.
        $first = Invoke-ScanJob (Get-GoodEnvironment) @('-InboxPath', $inbox, '-OutputPath', $out, '-ProcessedPath', $done)
        $first.ExitCode | Should -Be 0 -Because $first.Output
        $first.Output | Should -Match 'sample still-copying\.bin skipped: empty \(0 bytes\), changed \d+ s ago; looked at again next run'
        $empty | Should -Exist

        # Unchanged for longer than -SettleSec: moved to failed/ (one failed run), and the next run is clean.
        (Get-Item $empty).LastWriteTimeUtc = [DateTime]::UtcNow.AddHours(-1)
        $second = Invoke-ScanJob (Get-GoodEnvironment) @('-InboxPath', $inbox, '-OutputPath', $out, '-ProcessedPath', $done)
        $second.ExitCode | Should -Be 1 -Because $second.Output
        $second.Output | Should -Match 'sample still-copying\.bin failed: empty \(0 bytes\) for \d+ s; moved to '
        Join-Path $done 'failed/still-copying.bin' | Should -Exist

        # The inbox is empty now: nothing to do, exit 0, nothing submitted (this run is also the empty-inbox case).
        @(Get-ChildItem $inbox -File).Count | Should -Be 0
        $before = (Get-EmulatorStats $Emulator).submissions
        $third = Invoke-ScanJob (Get-GoodEnvironment) @('-InboxPath', $inbox, '-OutputPath', $out, '-ProcessedPath', $done)
        $third.ExitCode | Should -Be 0 -Because $third.Output
        $third.Output | Should -Match '0 file\(s\) in '
        (Get-EmulatorStats $Emulator).submissions | Should -Be $before
    }

    It 'skips a settled empty file with a log line when there is no -ProcessedPath, without failing the run' {
        $empty = Join-Path $SettledInbox 'zero.exe'
        $run = Receive-ScanJob $Started.Settled
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'sample zero\.exe skipped: empty \(0 bytes\) for \d+ s; add -ProcessedPath'
        $empty | Should -Exist
    }

    It 'names each ThreatQ output file after its collection' {
        # The good run's files (its malicious sample gives indicators).
        $out = $Good.Out
        $run = Receive-ScanJob $Started.Good
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $names = @(Get-ChildItem $out -Filter 'threatq-*.json').Name
        $names | Should -Not -BeNullOrEmpty
        foreach ($name in $names) { $name | Should -Match '^threatq-[a-z_]+-\d{8}T\d{6}Z-\d+\.json$' }
        $names -match '^threatq-indicators-' | Should -Not -BeNullOrEmpty
    }

    It 'exits 2, as its help says, when -InboxPath is missing (a usage error), without prompting' {
        $run = Receive-ScanJob $Started.Usage
        $run.ExitCode | Should -Be 2 -Because $run.Output
        $run.Output | Should -Match 'failed: usage: Invoke-FalconXScheduledScan\.ps1 -InboxPath <folder> -OutputPath <folder>'
        Get-Content $Script -Raw | Should -Match '2 the run\s+could\s+not\s+start\s+\(usage' -Because 'its help says so'
    }
}

Describe 'Scheduler examples' {
    It 'has a systemd service that runs the job non-interactively from an environment file, and a timer for it' {
        $service = Get-Content (Join-Path $env:FALCONX_REPO_ROOT 'examples/systemd/falconx-scan.service') -Raw
        $timer = Get-Content (Join-Path $env:FALCONX_REPO_ROOT 'examples/systemd/falconx-scan.timer') -Raw
        $service | Should -Match '(?m)^Type=oneshot'
        $service | Should -Match '(?m)^EnvironmentFile=.+'
        $service | Should -Match '(?m)^ExecStart=\S*pwsh -NoProfile -NonInteractive -File \S*Invoke-FalconXScheduledScan\.ps1 -InboxPath \S+ -OutputPath \S+'
        $service | Should -Not -Match 'FALCON_CLIENT_SECRET=' -Because 'the secret lives in the environment file, not the unit'
        $timer | Should -Match '(?m)^OnCalendar=.+'
        $timer | Should -Match '(?m)^Unit=falconx-scan\.service'
        $timer | Should -Match '(?m)^WantedBy=timers\.target'
    }

    It 'has a Task Scheduler registration script that parses and runs the job with pwsh -NonInteractive' {
        $path = Join-Path $env:FALCONX_REPO_ROOT 'examples/Register-FalconXScheduledScan.ps1'
        $tokens = $null; $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($path, [ref] $tokens, [ref] $errors)
        $errors | Should -BeNullOrEmpty
        $text = Get-Content $path -Raw
        $text | Should -Match 'Register-ScheduledTask'
        $text | Should -Match '-NonInteractive'
        $text | Should -Match 'Invoke-FalconXScheduledScan\.ps1'
        $ast.ParamBlock.Parameters.Name.VariablePath.UserPath | Should -Contain 'InboxPath'
    }
}
