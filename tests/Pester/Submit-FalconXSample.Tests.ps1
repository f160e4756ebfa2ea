# Submit-FalconXSample against the emulator (started as a process): mixed folders, dedupe, -WhatIf, quota,
# URLs, validation, -Wait with one batched poller, Ctrl+C, and the environment id of every pipeline item.
BeforeAll {
    Import-Module $env:FALCONX_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'Common.psm1') -Force
    $script:Emulator = Start-TestEmulator
    $script:BaseUrl = $Emulator.BaseUrl
    $script:Cred = [pscredential]::new($Emulator.ClientId, (ConvertTo-SecureString $Emulator.ClientSecret -AsPlainText -Force))
    $script:Conn = Connect-FalconX -BaseUrl $BaseUrl -Credential $Cred -WarningAction SilentlyContinue
    $script:Root = Join-Path ([IO.Path]::GetTempPath()) ('falconx-submit-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory $Root

    function Set-Faults([hashtable] $Faults) { Set-EmulatorFaults $Emulator $Faults }
    function Reset-Emulator { Reset-TestEmulator $Emulator }
    function Get-Stats { Get-EmulatorStats $Emulator }
    function Get-Requests([string] $Method, [string] $Path) {
        $all = Invoke-RestMethod -Uri "$BaseUrl/_emulator/requests"
        @($all | ForEach-Object { $_ } | Where-Object { $_.method -eq $Method -and $_.path -eq $Path })
    }
    function Get-RouteCount([string] $Route) {
        $n = (Get-Stats).byRoute.$Route
        if ($n) { [int]$n } else { 0 }
    }
    # A host whose UI keeps the warning and plain lines written to it (what a console would show), and a PowerShell in
    # a runspace of its own with such a host. Dispose both PowerShell and Runspace.
    if (-not ('FalconXTests.CapturingHost' -as [type])) {
        Add-Type -TypeDefinition (Get-Content -Raw (Join-Path $env:FALCONX_REPO_ROOT 'tests/Pester/CapturingHost.cs'))
    }
    function New-CapturingPowerShell {
        $hostUi = [FalconXTests.CapturingHost]::new()
        $runspace = [runspacefactory]::CreateRunspace($hostUi)
        $runspace.Open()
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        [pscustomobject]@{ Host = $hostUi; Runspace = $runspace; PowerShell = $ps }
    }
    # A folder of files with content unique to this run (so no earlier report matches by accident).
    function New-SampleFolder([string[]] $Names, [string] $Marker = '') {
        $dir = Join-Path $Root ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory $dir
        foreach ($name in $Names) {
            Set-Content -LiteralPath (Join-Path $dir $name) -Value "$([guid]::NewGuid()) $Marker $name" -NoNewline
        }
        $dir
    }
}

AfterAll {
    Get-FalconXConnection | Disconnect-FalconX -ErrorAction SilentlyContinue
    $Emulator | Stop-TestEmulator
    Remove-Item -LiteralPath $Root -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'A folder of mixed files piped in' {
    BeforeAll {
        Reset-Emulator
        $script:Dir = New-SampleFolder 'one.exe', 'two.dll'
        $null = New-Item -ItemType File (Join-Path $Dir 'empty.bin')
        $fs = [IO.File]::Create((Join-Path $Dir 'huge.bin'))
        try { $fs.SetLength(256MB + 1) } finally { $fs.Dispose() }   # sparse: instant, nothing written
        $null = New-Item -ItemType Directory (Join-Path $Dir 'nested')
        $missing = [IO.FileInfo](Join-Path $Dir 'missing.exe')
        $script:Out = @(@(Get-ChildItem $Dir) + $missing |
                Submit-FalconXSample -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $script:Errs = @($errs)
    }

    It 'submits the good files, with the SHA-256 computed while uploading' {
        $Out | Should -HaveCount 2
        foreach ($s in $Out) {
            $s | Should -BeOfType 'FalconX.Models.FalconXSubmission'
            $s.State | Should -Be 'created'
            $s.EnvironmentId | Should -Be 160
            $s.Sha256 | Should -Be (Get-FileHash -LiteralPath $s.LocalFile -Algorithm SHA256).Hash.ToLowerInvariant()
            $s.FileName | Should -Be (Split-Path $s.LocalFile -Leaf)
            $s.Quota.Total | Should -Be 100
            $s.Reused | Should -BeFalse
        }
        ($Out.FileName | Sort-Object) | Should -Be @('one.exe', 'two.dll')
    }

    It 'gives one clear error per bad file, each with its own id, category and the path as target' {
        $Errs | Should -HaveCount 4
        $byId = @{}
        foreach ($e in $Errs) { $byId[$e.FullyQualifiedErrorId.Split(',')[0]] = $e }
        $byId['FalconXSampleEmpty'].CategoryInfo.Category | Should -Be 'InvalidData'
        $byId['FalconXSampleTooLarge'].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $byId['FalconXSampleTooLarge'].Exception.Message | Should -Match '256 MB'
        $byId['FalconXSampleIsDirectory'].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $byId['FalconXSampleNotFound'].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $byId['FalconXSampleEmpty'].TargetObject | Should -BeLike '*empty.bin'
        $byId['FalconXSampleTooLarge'].TargetObject | Should -BeLike '*huge.bin'
        $byId['FalconXSampleIsDirectory'].TargetObject | Should -BeLike '*nested'
        $byId['FalconXSampleNotFound'].TargetObject | Should -BeLike '*missing.exe'
        foreach ($e in $Errs) { $e.Exception.Message | Should -Match 'Nothing was sent' }
    }

    It 'sent only the two good files: no byte of the refused ones reached the API' {
        $uploads = Get-Requests 'POST' '/samples/entities/samples/v2'
        $uploads | Should -HaveCount 2
        ($uploads | Measure-Object bytesIn -Maximum).Maximum | Should -BeLessThan 1KB
        (Get-Stats).submissions | Should -Be 2
    }

    It 'takes wildcards with -Path and literal names with -LiteralPath' {
        $dir = New-SampleFolder 'a[1].exe', 'b.exe'
        $viaWildcard = Submit-FalconXSample (Join-Path $dir '*.exe')
        $viaWildcard.FileName | Sort-Object | Should -Be @('a[1].exe', 'b.exe')
        # As a -Path, [1] is a character class matching "a1.exe", which does not exist; -LiteralPath takes it as written.
        { Submit-FalconXSample -Path (Join-Path $dir 'a[1].exe') -ErrorAction Stop } | Should -Throw -ErrorId 'FalconXSampleNotFound,FalconX.PowerShell.Commands.SubmitFalconXSampleCommand'
        $viaLiteral = Submit-FalconXSample -LiteralPath (Join-Path $dir 'a[1].exe') -Force
        $viaLiteral.FileName | Should -Be 'a[1].exe'
        $viaLiteral.Reused | Should -BeFalse
    }
}

Describe 'Dedupe' {
    BeforeEach { Reset-Emulator }

    It 'returns the existing report of the same file and environment instead of submitting, and says so' {
        $dir = New-SampleFolder 'known.exe'
        $first = Get-ChildItem $dir | Submit-FalconXSample
        $again = Get-ChildItem $dir | Submit-FalconXSample -WarningVariable warned -WarningAction SilentlyContinue
        $again.SubmissionId | Should -Be $first.SubmissionId
        $again.Reused | Should -BeTrue
        $again.State | Should -Be 'success'
        $again.LocalFile | Should -Be $first.LocalFile
        "$warned" | Should -Match 'already detonated'
        "$warned" | Should -Match '-Force'
        (Get-Stats).submissions | Should -Be 1
        (Get-Stats).uploads | Should -Be 2   # uploads spend no quota; the lookup comes after the hash is known
    }

    It 'submits again with -Force' {
        $dir = New-SampleFolder 'known.exe'
        $first = Get-ChildItem $dir | Submit-FalconXSample
        $forced = Get-ChildItem $dir | Submit-FalconXSample -Force
        $forced.SubmissionId | Should -Not -Be $first.SubmissionId
        $forced.Reused | Should -BeFalse
        (Get-Stats).submissions | Should -Be 2
        (Get-Stats).duplicateSubmissions | Should -Be 1
        Get-Requests 'GET' '/falconx/queries/reports/v1' | Should -HaveCount 1   # -Force skips the lookup
    }

    It 'does not reuse a report from another environment' {
        $dir = New-SampleFolder 'known.exe'
        $null = Get-ChildItem $dir | Submit-FalconXSample -EnvironmentId win10_x64
        $other = Get-ChildItem $dir | Submit-FalconXSample -EnvironmentId win7_x64
        $other.Reused | Should -BeFalse
        $other.EnvironmentId | Should -Be 110
        (Get-Stats).submissions | Should -Be 2
    }

    It 'submits two copies of the same file in one pipeline once' {
        $dir = New-SampleFolder 'a.exe'
        Copy-Item (Join-Path $dir 'a.exe') (Join-Path $dir 'copy-of-a.exe')
        $out = Get-ChildItem $dir | Submit-FalconXSample -WarningVariable warned -WarningAction SilentlyContinue
        $out | Should -HaveCount 2
        $out[0].SubmissionId | Should -Be $out[1].SubmissionId
        @($out | Where-Object Reused) | Should -HaveCount 1
        "$warned" | Should -Match 'same sample'
        (Get-Stats).submissions | Should -Be 1
    }

    It 'does not reuse a failed detonation' {
        $dir = New-SampleFolder 'broken.exe' -Marker 'FALCONX-ERROR'
        $first = Get-ChildItem $dir | Submit-FalconXSample
        $again = Get-ChildItem $dir | Submit-FalconXSample
        $again.SubmissionId | Should -Not -Be $first.SubmissionId
        (Get-Stats).submissions | Should -Be 2
    }
}

Describe '-WhatIf' {
    It 'lists what would be uploaded and submitted and sends nothing at all' {
        $dir = New-SampleFolder 'x.exe', 'y.exe'
        Reset-Emulator
        # In a runspace without a host, so the 'What if:' lines stay out of the test output (the next test reads them).
        $out = Invoke-WithoutHost -ArgumentList $Conn, $dir { Get-ChildItem $args[1] | Submit-FalconXSample -WhatIf -Wait -Connection $args[0] }
        $url = Invoke-WithoutHost -ArgumentList $Conn { Submit-FalconXSample -Url 'https://example.com/a' -WhatIf -Connection $args[0] }
        $out | Should -BeNullOrEmpty
        $url | Should -BeNullOrEmpty
        (Get-Stats).requests | Should -Be 0
    }

    It 'says what it would do for each file (on the host, where a console shows it)' {
        $dir = New-SampleFolder 'x.exe'
        Reset-Emulator
        # 'What if:' lines go to the host's UI, not to a stream: a host that keeps its lines shows what a console would.
        $capturing = New-CapturingPowerShell
        try {
            $null = $capturing.PowerShell.AddScript("Import-Module '$env:FALCONX_MODULE_PATH'; Get-ChildItem '$dir' | Submit-FalconXSample -EnvironmentId win7_x86 -WhatIf -Connection `$args[0]").AddArgument($Conn)
            $null = $capturing.PowerShell.Invoke()
        } finally {
            $capturing.PowerShell.Dispose()
            $capturing.Runspace.Dispose()
        }
        $text = $capturing.Host.Lines -join "`n"
        $text | Should -Match 'What if: .*Upload \(\d+ bytes\) and submit for detonation in environment 100 \(win7_x86\)'
        $text | Should -Match 'x\.exe'
        (Get-Stats).submissions | Should -Be 0
        (Get-Stats).uploads | Should -Be 0
    }
}

Describe 'Quota' {
    BeforeEach { Reset-Emulator }

    It 'refuses with a LimitsExceeded error naming the file, fails the rest fast, and still outputs what was submitted' {
        $dir = New-SampleFolder 'q1.exe', 'q2.exe', 'q3.exe', 'q4.exe'
        Set-Faults @{ quotaTotal = 3; quotaUsed = 2 }
        $out = @(Get-ChildItem $dir | Sort-Object Name | Submit-FalconXSample -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $out | Should -HaveCount 1
        $out[0].FileName | Should -Be 'q1.exe'
        $out[0].Quota.Remaining | Should -Be 0
        $errs | Should -HaveCount 3
        foreach ($e in $errs) {
            $e.FullyQualifiedErrorId | Should -BeLike 'FalconXQuotaExhausted,*'
            $e.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        }
        $errs[0].Exception.Message | Should -Match 'q2\.exe'
        $errs[2].Exception.Message | Should -Match 'q4\.exe'
        $errs[0].Exception.Message | Should -Match '3 of 3 used'
        # q3 and q4 failed fast: nothing was uploaded or asked for them.
        (Get-Stats).uploads | Should -Be 2
        (Get-Stats).submissions | Should -Be 1
    }

    It 'turns the API''s 429 quota answer into the same error when -Force skips the lookup' {
        $dir = New-SampleFolder 'f1.exe', 'f2.exe', 'f3.exe'
        Set-Faults @{ quotaTotal = 1; quotaUsed = 1 }
        $out = Get-ChildItem $dir | Submit-FalconXSample -Force -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errs | Should -HaveCount 3
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'FalconXQuotaExhausted,*'
        $errs[0].Exception.Message | Should -Match 'HTTP 429|429'
        $errs[0].Exception.Message | Should -Match 'f1\.exe'
        Get-Requests 'POST' '/falconx/entities/submissions/v1' | Should -HaveCount 1
    }

    It 'still returns existing reports when the quota is used up' {
        $dir = New-SampleFolder 'old.exe'
        $first = Get-ChildItem $dir | Submit-FalconXSample
        Set-Faults @{ quotaTotal = 1; quotaUsed = 1 }
        $again = Get-ChildItem $dir | Submit-FalconXSample -WarningAction SilentlyContinue
        $again.SubmissionId | Should -Be $first.SubmissionId
    }

    It 'warns when few submissions are left and reports the quota in the Verbose stream' {
        $dir = New-SampleFolder 'w.exe'
        Set-Faults @{ quotaTotal = 100; quotaUsed = 95 }
        $verbose = Get-ChildItem $dir | Submit-FalconXSample -Verbose -WarningVariable warned -WarningAction SilentlyContinue 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        "$warned" | Should -Match 'Only 4 of 100'
        ($verbose.Message -join "`n") | Should -Match 'quota: 4 of 100 left'
    }
}

Describe 'URLs, hashes and validation' {
    BeforeEach { Reset-Emulator }

    It 'submits a URL without an upload, and reuses its report next time' {
        $first = Submit-FalconXSample -Url 'https://example.com/invoice?id=7' -EnvironmentId win11_x64
        $first.SubmitUrl | Should -Be 'https://example.com/invoice?id=7'
        $first.EnvironmentId | Should -Be 140
        $first.Sha256 | Should -BeNullOrEmpty
        (Get-Stats).uploads | Should -Be 0
        $again = Submit-FalconXSample -Url 'https://example.com/invoice?id=7' -EnvironmentId 140 -WarningAction SilentlyContinue
        $again.SubmissionId | Should -Be $first.SubmissionId
    }

    It 'refuses URLs other than http, https and ftp before any request' {
        $out = Submit-FalconXSample -Url 'file:///etc/passwd', 'ftp://files.example.com/x.exe', 'not a url' -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -HaveCount 1
        $out.SubmitUrl | Should -Be 'ftp://files.example.com/x.exe'
        $errs | Should -HaveCount 2
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'FalconXInvalidUrl,*'
        $errs[0].Exception.Message | Should -Match "scheme 'file'"
        (Get-Stats).submissions | Should -Be 1
    }

    It 'submits a sample already uploaded by its SHA-256, and refuses a malformed hash before any request' {
        $dir = New-SampleFolder 'up.exe'
        $first = Get-ChildItem $dir | Submit-FalconXSample
        $before = Get-Stats
        $bad = Submit-FalconXSample -Sha256 'abc' -ErrorVariable errs -ErrorAction SilentlyContinue
        $bad | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'FalconXInvalidSha256,*'
        (Get-Stats).requests | Should -Be $before.requests
        $again = $first | Submit-FalconXSample -EnvironmentId win7_x64
        $again.Sha256 | Should -Be $first.Sha256
        $again.EnvironmentId | Should -Be 110
        $again.Reused | Should -BeFalse
        (Get-Stats).uploads | Should -Be $before.uploads   # nothing uploaded: the hash is enough
    }

    It 'refuses <Name> before any request' -ForEach @(
        @{ Name = 'a system date not written yyyy-MM-dd'; Params = @{ SystemDate = '31/12/2024' }; Pattern = 'yyyy-MM-dd' }
        @{ Name = 'a system time not written HH:mm'; Params = @{ SystemTime = '7pm' }; Pattern = 'HH:mm' }
        @{ Name = 'a command line over 2048 characters'; Params = @{ CommandLine = 'x' * 2049 }; Pattern = '2048' }
        @{ Name = 'a document password over 32 characters'; Params = @{ DocumentPassword = (ConvertTo-SecureString ('p' * 33) -AsPlainText -Force) }; Pattern = '32' }
    ) {
        $dir = New-SampleFolder 'v.exe'
        $err = { Get-ChildItem $dir | Submit-FalconXSample @Params } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'FalconXInvalidSubmitParameter,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match $Pattern
        (Get-Stats).requests | Should -Be 0
    }

    It 'refuses an unknown environment name at binding, and passes an unknown number through with a warning' {
        { Submit-FalconXSample -Url 'https://example.com' -EnvironmentId 'win95' } | Should -Throw -ExpectedMessage "*'win95' is not a sandbox environment*win10_x64*"
        $null = Submit-FalconXSample -Url 'https://example.com/z' -EnvironmentId 777 -WarningVariable warned -WarningAction SilentlyContinue -ErrorVariable errs -ErrorAction SilentlyContinue
        "$warned" | Should -Match 'Environment id 777 is not one this version of FalconX knows'
        # The emulator, like the API would, refuses an id it does not have; the number did reach it.
        $errs[0].Exception.Message | Should -Match "environment_id '777'"
    }

    It 'sends every sandbox option and never shows the document password' {
        $dir = New-SampleFolder 'opts.docm'
        $pw = ConvertTo-SecureString 'Pa55-word' -AsPlainText -Force
        $all = Get-ChildItem $dir | Submit-FalconXSample -ActionScript default_openie -NetworkSetting offline -CommandLine '/s' `
            -SubmitName 'invoice.docm' -SystemDate '2024-01-31' -SystemTime '08:15' -UserTag 'case-1', 'phish' -DocumentPassword $pw `
            -Comment 'from pester' -Confidential:$false -Verbose -Debug 5>&1 4>&1 | Out-String
        $submission = Get-FalconXSubmission -Filter "user_tags:'case-1'"
        $submission.ActionScript | Should -Be 'default_openie'
        $submission.NetworkSetting | Should -Be 'offline'
        $submission.FileName | Should -Be 'invoice.docm'
        $submission.UserTags | Should -Be @('case-1', 'phish')
        (Get-Requests 'POST' '/samples/entities/samples/v2')[0].query | Should -Match 'is_confidential=false'
        $all | Should -Not -Match 'Pa55-word'
        $all | Should -Match '"document_password":"\*\*\*"'
    }
}

Describe 'The environment id of every pipeline item' {
    BeforeEach { Reset-Emulator }

    It 'keeps -EnvironmentId for every file of the pipeline (PSFalcon sends null for the second)' {
        $dir = New-SampleFolder 'e1.exe', 'e2.exe', 'e3.exe'
        $out = Get-ChildItem $dir | Submit-FalconXSample -EnvironmentId win7_x64
        $out | Should -HaveCount 3
        $out.EnvironmentId | Should -Be @(110, 110, 110)
        (Get-FalconXSubmission -Id $out.SubmissionId).EnvironmentId | Should -Be @(110, 110, 110)
    }

    It 'binds each item''s own EnvironmentId by property name, by name or number, and defaults the rest to 160' {
        $dir = New-SampleFolder 'p1.exe', 'p2.exe', 'p3.exe', 'p4.exe'
        $items = @(
            [pscustomobject]@{ LiteralPath = (Join-Path $dir 'p1.exe'); EnvironmentId = 'win7_x86' }
            [pscustomobject]@{ LiteralPath = (Join-Path $dir 'p2.exe'); EnvironmentId = 110 }
            [pscustomobject]@{ LiteralPath = (Join-Path $dir 'p3.exe'); EnvironmentId = '200' }
            [pscustomobject]@{ LiteralPath = (Join-Path $dir 'p4.exe') }
        )
        $out = $items | Submit-FalconXSample
        $out.FileName | Should -Be @('p1.exe', 'p2.exe', 'p3.exe', 'p4.exe')
        $out.EnvironmentId | Should -Be @(100, 110, 200, 160)
        (Get-FalconXSubmission -Id $out.SubmissionId).EnvironmentId | Should -Be @(100, 110, 200, 160)
    }
}

Describe '-Wait' {
    BeforeEach { Reset-Emulator }

    It 'waits for 20 submissions with one status request per interval and outputs their reports' {
        $names = 1..20 | ForEach-Object { "w$_.exe" }
        $dir = New-SampleFolder $names -Marker 'FALCONX-SUSPICIOUS'
        Set-Faults @{ submissionDelayMs = 3000 }
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $reports = @(Get-ChildItem $dir | Submit-FalconXSample -Wait -PollIntervalSec 1)
        $clock.Stop()
        $reports | Should -HaveCount 20
        foreach ($r in $reports) {
            $r | Should -BeOfType 'FalconX.Models.FalconXReport'
            $r.Verdict | Should -Be 'suspicious'
        }
        ($reports.SubmitName | Sort-Object) | Should -Be ($names | Sort-Object)
        $status = Get-Requests 'GET' '/falconx/entities/submissions/v1'
        # One request per check for all 20 (a per-submission poller would send 20 per check).
        $status.Count | Should -BeLessOrEqual ([math]::Ceiling($clock.Elapsed.TotalSeconds) + 1)
        $status.Count | Should -BeLessThan 20
        ([regex]::Matches($status[0].query, 'ids=')).Count | Should -Be 20
        # The finished reports were fetched in batches, not one by one.
        (Get-Requests 'GET' '/falconx/entities/reports/v1').Count | Should -BeLessOrEqual $status.Count
    }

    It 'names the file of a failed detonation in its error and outputs the other reports' {
        $dir = New-SampleFolder 'fine.exe'
        $bad = New-SampleFolder 'corrupt.exe' -Marker 'FALCONX-ERROR'
        Set-Faults @{ submissionDelayMs = 1500 }
        $reports = @(Get-ChildItem $dir, $bad | Submit-FalconXSample -Wait -PollIntervalSec 1 -ErrorVariable errs -ErrorAction SilentlyContinue)
        $reports | Should -HaveCount 1
        $reports[0].SubmitName | Should -Be 'fine.exe'
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'FalconXDetonationFailed,*'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $errs[0].Exception.Message | Should -Match 'corrupt\.exe'
        $errs[0].Exception.Message | Should -Match 'FILE_TYPE_BAD_ERROR'
        $errs[0].TargetObject.SubmissionId | Should -Not -BeNullOrEmpty
    }

    It 'pipes its submissions straight into Get-FalconXReport -Wait' {
        $dir = New-SampleFolder 'piped1.exe', 'piped2.exe' -Marker 'FALCONX-MALICIOUS'
        Set-Faults @{ submissionDelayMs = 1500 }
        $submissions = @(Get-ChildItem $dir | Submit-FalconXSample)
        $reports = @($submissions | Get-FalconXReport -Wait -PollIntervalSec 1)
        $reports | Should -HaveCount 2
        ($reports.ReportId | Sort-Object) | Should -Be ($submissions.SubmissionId | Sort-Object)
        $reports.Verdict | Should -Be @('malicious', 'malicious')
    }

    It 'outputs the report of a reused detonation without waiting' {
        $dir = New-SampleFolder 'seen.exe'
        $first = Get-ChildItem $dir | Submit-FalconXSample
        $report = Get-ChildItem $dir | Submit-FalconXSample -Wait -WarningAction SilentlyContinue
        $report.ReportId | Should -Be $first.SubmissionId
        Get-Requests 'GET' '/falconx/entities/submissions/v1' | Should -HaveCount 1   # the lookup's; no status poll
    }

    It 'gives a timeout error per submission still running after -TimeoutSec, and the detonation goes on' {
        $dir = New-SampleFolder 'slow.exe'
        Set-Faults @{ submissionDelayMs = 60000 }
        $out = Get-ChildItem $dir | Submit-FalconXSample -Wait -TimeoutSec 1 -PollIntervalSec 1 -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'FalconXWaitTimedOut,*'
        $errs[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $errs[0].Exception.Message | Should -Match 'slow\.exe'
        $errs[0].Exception.Message | Should -Match 'Get-FalconXReport -Wait'
        (Get-FalconXSubmission -Id $errs[0].TargetObject.SubmissionId).State | Should -BeIn 'created', 'running'
    }

    It 'stops waiting on Ctrl+C, leaves the detonation running, and tells the user how to wait for it again' {
        $dir = New-SampleFolder 'long.exe'
        Set-Faults @{ submissionDelayMs = 60000 }
        # A host that keeps what is written to it: PowerShell takes no output once a pipeline stops, so the notice
        # goes to the host (the console of a real session).
        $capturing = New-CapturingPowerShell
        $hostUi = $capturing.Host
        $runspace = $capturing.Runspace
        $ps = $capturing.PowerShell
        try {
            $null = $ps.AddScript("Import-Module '$env:FALCONX_MODULE_PATH'; `$r = Get-ChildItem '$dir' | Submit-FalconXSample -Wait -PollIntervalSec 30 -Connection `$args[0]").AddArgument($Conn)
            $handle = $ps.BeginInvoke()
            # Stop once the wait has begun (its progress bar is up), not on a timer.
            $deadline = (Get-Date).AddSeconds(60)
            $waiting = { @($ps.Streams.Progress | Where-Object Activity -eq 'Waiting for Falcon X detonations').Count }
            while ((& $waiting) -eq 0 -and -not $handle.IsCompleted -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 50 }
            (& $waiting) | Should -BeGreaterThan 0 -Because 'the wait should have started'
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $handle.IsCompleted | Should -BeTrue
        } finally {
            $ps.Dispose()
            $runspace.Dispose()
        }
        $submission = Get-FalconXSubmission -Limit 1
        $submission.State | Should -BeIn 'created', 'running'
        $notice = $hostUi.Warnings -join "`n"
        $notice | Should -Match 'Stopped waiting \(Ctrl\+C\); the detonations go on\. 1 submission not reported yet \(long\.exe\)'
        $notice | Should -Match ([regex]::Escape("Get-FalconXReport -Wait -ReportId '$($submission.SubmissionId)'"))
        # The command in the notice is one that works: it waits for that very submission.
        $command = ($hostUi.Warnings -split "`r?`n" | Where-Object { $_ -like 'Get-FalconXReport*' }) + ' -TimeoutSec 1 -PollIntervalSec 1 -ErrorAction SilentlyContinue -ErrorVariable waitErrors'
        $null = Invoke-Expression $command
        $waitErrors[0].FullyQualifiedErrorId | Should -BeLike 'FalconXWaitTimedOut,*'
        $waitErrors[0].TargetObject.SubmissionId | Should -Be $submission.SubmissionId
    }

    It 'checks a fresh submission within seconds, not after a whole interval, and says what it waited for' {
        $dir = New-SampleFolder 'quick.exe' -Marker 'FALCONX-MALICIOUS'
        Set-Faults @{ submissionDelayMs = 1000 }
        # The default 30 s interval with a 20 s timeout: a first check after a whole interval would time out.
        $report = Get-ChildItem $dir | Submit-FalconXSample -Wait -TimeoutSec 20 -Verbose 4>&1 -ErrorVariable errs
        $verbose = @($report | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $report = @($report | Where-Object { $_ -is [FalconX.Models.FalconXReport] })
        $errs | Should -BeNullOrEmpty
        $report | Should -HaveCount 1
        $report[0].Verdict | Should -Be 'malicious'
        $verbose.Message | Should -Contain ($verbose.Message | Where-Object { $_ -match '^Waited .* for 1 submission with \d+ status requests?: 1 succeeded' })
        ($verbose.Message -match 'for 1 submissions') | Should -BeNullOrEmpty
    }

    It 'says on the progress bar what it counts, in words ("not checked yet", not "queued")' {
        $dir = New-SampleFolder 'bar.exe'
        Set-Faults @{ submissionDelayMs = 1000 }
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:FALCONX_MODULE_PATH'; Get-ChildItem '$dir' | Submit-FalconXSample -Wait -Connection `$args[0]").AddArgument($Conn)
            $null = $ps.Invoke()
            $status = @($ps.Streams.Progress | Where-Object { $_.Activity -eq 'Waiting for Falcon X detonations' -and $_.RecordType -ne 'Completed' } | ForEach-Object StatusDescription)
        } finally {
            $ps.Dispose()
        }
        $status[0] | Should -Match '^0 of 1 finished; 1 not checked yet; \d+ s elapsed$'
        $status | Should -Contain ($status | Where-Object { $_ -match '^1 of 1 finished \(1 report\); \d+ s elapsed$' } | Select-Object -First 1)
        ($status -match 'queued') | Should -BeNullOrEmpty
    }
}
