# Get-FalconXReport against the emulator (started as a process): every input path, batching and order with
# thousands of ids, -All paging, summaries, IOCs, not-found and not-finished items, -Wait, malformed answers.
BeforeAll {
    Import-Module $env:FALCONX_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'Common.psm1') -Force
    $script:Emulator = Start-TestEmulator -Faults @{ quotaTotal = 100000 }
    $script:BaseUrl = $Emulator.BaseUrl
    $secret = ConvertTo-SecureString $Emulator.ClientSecret -AsPlainText -Force
    $script:Connection = Connect-FalconX -BaseUrl $BaseUrl -ClientId $Emulator.ClientId -ClientSecret $secret -RetryDelayMilliseconds 10 -WarningAction SilentlyContinue
    $script:Token = (Invoke-RestMethod -Method Post -Uri "$BaseUrl/oauth2/token" -Body @{ client_id = $Emulator.ClientId; client_secret = $Emulator.ClientSecret }).access_token
    $script:Work = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "fx-report-$([guid]::NewGuid().ToString('N'))")).FullName

    function Set-Faults([hashtable] $Faults) {
        Set-EmulatorFaults $BaseUrl $Faults
    }
    function Reset-Faults { Set-Faults @{ errorRate = 0; truncatedJsonRate = 0; errorRoutes = @(); submissionDelayMs = 0; latencyMs = 0 } }
    function Get-RouteCount([string] $Route) {
        $n = (Get-EmulatorStats $BaseUrl).byRoute.$Route
        if ($n) { $n } else { 0 }
    }
    # Uploads content (or takes a URL) and submits it through the API directly, as another tool would have.
    function New-Submission([string] $Content, [string] $Name = 'sample.exe', [int] $Environment = 160, [string] $Url) {
        $headers = @{ Authorization = "Bearer $Token" }
        if ($Url) {
            $sandbox = @{ url = $Url; environment_id = $Environment }
        } else {
            $upload = Invoke-RestMethod -Method Post -Uri "$BaseUrl/samples/entities/samples/v2?file_name=$Name" -Headers $headers `
                -ContentType 'application/octet-stream' -Body ([Text.Encoding]::UTF8.GetBytes($Content))
            $sandbox = @{ sha256 = $upload.resources[0].sha256; environment_id = $Environment }
        }
        $answer = Invoke-RestMethod -Method Post -Uri "$BaseUrl/falconx/entities/submissions/v1" -Headers $headers `
            -ContentType 'application/json' -Body (@{ sandbox = @($sandbox) } | ConvertTo-Json -Depth 4)
        [pscustomobject]@{ SubmissionId = $answer.resources[0].id; Sha256 = $sandbox.sha256; EnvironmentId = $Environment; Name = $Name }
    }
    # Many URL submissions, 16 in flight on one HttpClient (quicker than a cmdlet per request); ids in index order.
    function New-UrlSubmissions([int] $Count, [string] $Tag) {
        $http = [System.Net.Http.HttpClient]::new()
        $http.DefaultRequestHeaders.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $Token)
        try {
            $ids = [string[]]::new($Count)
            for ($start = 0; $start -lt $Count; $start += 16) {
                $indexes = $start..([Math]::Min($Count, $start + 16) - 1)
                $tasks = foreach ($i in $indexes) {
                    $body = '{"sandbox":[{"url":"https://' + $Tag + '-' + $i + '.example.invalid/","environment_id":160}]}'
                    $http.PostAsync("$BaseUrl/falconx/entities/submissions/v1", [System.Net.Http.StringContent]::new($body, [Text.Encoding]::UTF8, 'application/json'))
                }
                [System.Threading.Tasks.Task]::WaitAll([System.Threading.Tasks.Task[]]$tasks)
                for ($k = 0; $k -lt $tasks.Count; $k++) {
                    $answer = $tasks[$k].Result
                    if (-not $answer.IsSuccessStatusCode) { throw "Submission failed: HTTP $([int]$answer.StatusCode)" }
                    $ids[$indexes[$k]] = ($answer.Content.ReadAsStringAsync().Result | ConvertFrom-Json).resources[0].id
                }
            }
            $ids
        } finally { $http.Dispose() }
    }
}

AfterAll {
    Get-FalconXConnection | Disconnect-FalconX -ErrorAction SilentlyContinue
    $Emulator | Stop-TestEmulator
    if ($Work) { Remove-Item $Work -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Get-FalconXReport input paths' {
    BeforeAll {
        Reset-Faults
        $script:Bad = New-Submission 'MZ FALCONX-MALICIOUS input paths' 'bad.exe'
        $script:Clean = New-Submission 'MZ clean input paths' 'clean.exe'
        $script:BadWin7 = New-Submission 'MZ FALCONX-MALICIOUS input paths' 'bad.exe' 110
        $script:Failed = New-Submission 'MZ FALCONX-ERROR input paths' 'broken.bin'
    }
    BeforeEach { Reset-Faults }

    It 'takes submissions from the pipeline by SubmissionId and keeps their order' {
        $reports = $Clean, $Bad, $Failed | Get-FalconXReport
        $reports | ForEach-Object { $_.GetType().FullName } | Select-Object -Unique | Should -Be 'FalconX.Models.FalconXReport'
        $reports.ReportId | Should -Be @($Clean.SubmissionId, $Bad.SubmissionId, $Failed.SubmissionId)
        $reports[1].Verdict | Should -Be 'malicious'
        $reports[1].ThreatScore | Should -BeGreaterOrEqual 70
        $reports[1].SubmitName | Should -Be 'bad.exe'
        $reports[1].EnvironmentDescription | Should -Be 'Windows 10 64 bit'
        $reports[1].Sandbox[0].Processes.Count | Should -BeGreaterThan 0
        $reports[1].ConsoleUrl | Should -Be "https://falcon.crowdstrike.com/intelligence/sandbox/report/$($Bad.SubmissionId)/report-summary"
    }

    It 'gets the report of a detonation that finished between the report fetch and the status check' {
        # The first report fetch answers "not found" (as the API does a moment before a report is ready); the status
        # check then sees the submission finished, so the report is fetched again instead of being called missing.
        $canned = @{ route = 'GET /falconx/entities/reports/v1'; status = 404; count = 1
            body = @{ meta = @{}; resources = @(); errors = @(@{ code = 404; message = 'not ready' }) } }
        Invoke-RestMethod -Method Put -Uri "$BaseUrl/_emulator/canned" -ContentType 'application/json' -Body ($canned | ConvertTo-Json -Depth 5) | Out-Null
        try {
            $report = $Bad | Get-FalconXReport -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs | Should -BeNullOrEmpty
            $report.ReportId | Should -Be $Bad.SubmissionId
            $report.Verdict | Should -Be 'malicious'
        } finally {
            Invoke-RestMethod -Method Delete -Uri "$BaseUrl/_emulator/canned" | Out-Null
        }
    }

    It 'outputs a failed detonation as a report with its error, not as an error record' {
        $report = Get-FalconXReport -ReportId $Failed.SubmissionId -ErrorVariable errors
        $errors | Should -BeNullOrEmpty
        $report.HasError | Should -BeTrue
        $report.ErrorType | Should -Be 'FILE_TYPE_BAD_ERROR'
        $report.ErrorMessage | Should -Not -BeNullOrEmpty
    }

    It 'finds every report of a hash from Get-FileHash, newest first, and -Latest keeps one' {
        $file = Join-Path $Work 'bad.exe'
        [IO.File]::WriteAllText($file, 'MZ FALCONX-MALICIOUS input paths')
        $all = Get-FileHash $file | Get-FalconXReport
        $all.ReportId | Sort-Object | Should -Be (@($Bad.SubmissionId, $BadWin7.SubmissionId) | Sort-Object)
        $all[0].CreatedAt | Should -BeGreaterOrEqual $all[1].CreatedAt
        $latest = Get-FileHash $file | Get-FalconXReport -Latest
        @($latest).Count | Should -Be 1
        $win7 = Get-FalconXReport -Sha256 $Bad.Sha256 -EnvironmentId 110
        $win7.ReportId | Should -Be $BadWin7.SubmissionId
    }

    It 'refuses a non-SHA-256 Get-FileHash result with a clear error' {
        $file = Join-Path $Work 'md5.bin'
        [IO.File]::WriteAllText($file, 'x')
        $out = Get-FileHash $file -Algorithm MD5 | Get-FalconXReport -ErrorVariable errors -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'FalconXInvalidReportInput,*'
        $errors[0].Exception.Message | Should -BeLike '*MD5*SHA-256*'
    }

    It 'takes strings that are ids or hashes, in order, and reports the rest per item' {
        $out = $Clean.SubmissionId, 'not-a-thing', $Failed.Sha256 | Get-FalconXReport -ErrorVariable errors -ErrorAction SilentlyContinue
        $out.ReportId | Should -Be @($Clean.SubmissionId, $Failed.SubmissionId)
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'FalconXInvalidReportInput,*'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errors[0].TargetObject | Should -Be 'not-a-thing'
    }

    It 'takes ThreatQ SHA-256 indicators' {
        $indicators = Get-FalconXReport -ReportId $Clean.SubmissionId | ConvertTo-ThreatQEntity |
            Where-Object { $_.ObjectType -eq 'Indicator' -and $_.Type -eq 'SHA-256' -and $_.Value -eq $Clean.Sha256 }
        $indicators | Should -Not -BeNullOrEmpty
        ($indicators | Get-FalconXReport).ReportId | Should -Be $Clean.SubmissionId
    }

    It 'gives unknown ids and hashes a per-item not-found error and still outputs the rest' {
        $unknownId = 'ace79a13936f4ec8ad4de36606814bfc_' + ('0' * 32)
        $unknownHash = 'f' * 64
        $out = Get-FalconXReport -ReportId $unknownId, $Bad.SubmissionId -ErrorVariable errors -ErrorAction SilentlyContinue
        $out.ReportId | Should -Be $Bad.SubmissionId
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'FalconXReportNotFound,*'
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errors[0].Exception.Message | Should -BeLike "*$unknownId*"

        Get-FalconXReport -Sha256 $unknownHash -ErrorVariable hashErrors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $hashErrors[0].FullyQualifiedErrorId | Should -BeLike 'FalconXReportNotFound,*'
        $hashErrors[0].Exception.Message | Should -BeLike "*$unknownHash*"
    }

    It 'gets summaries from the summary endpoint with -Summary' {
        $before = Get-RouteCount 'GET /falconx/entities/report-summaries/v1'
        $summaries = $Bad, $Clean | Get-FalconXReport -Summary
        $summaries[0] | Should -BeOfType 'FalconX.Models.FalconXReportSummary'
        $summaries.ReportId | Should -Be @($Bad.SubmissionId, $Clean.SubmissionId)
        $summaries[0].Verdict | Should -Be 'malicious'
        (Get-RouteCount 'GET /falconx/entities/report-summaries/v1') - $before | Should -Be 1
    }

    It 'inlines the strict JSON IOC pack with -IncludeIoc' {
        $report = Get-FalconXReport -ReportId $Bad.SubmissionId -IncludeIoc
        $report.Iocs | Should -Not -BeNullOrEmpty
        $report.Iocs | Where-Object { $_.Type -eq 'sha256' -and $_.Source -eq 'input' } | Select-Object -ExpandProperty Value | Should -Be $Bad.Sha256
        { Get-FalconXReport -ReportId $Bad.SubmissionId -IncludeIoc -Summary -ErrorAction Stop } | Should -Throw '*-IncludeIoc needs full reports*'
    }

    It 'finds reports by FQL filter with -Limit' {
        $out = Get-FalconXReport -Filter "verdict:'malicious'" -Limit 1
        @($out).Count | Should -Be 1
        $out.Verdict | Should -Be 'malicious'
        (Get-FalconXReport -Filter "verdict:'malicious'" -EnvironmentId 110).ReportId | Should -Be $BadWin7.SubmissionId
    }

    It 'stops with a clear error on a bad filter' {
        { Get-FalconXReport -Filter "no_such_field:'x'" -ErrorAction Stop } | Should -Throw '*no_such_field*'
    }

    It 'reports a malformed answer as an unreadable-report error per item' {
        Set-Faults @{ errorRoutes = @('GET /falconx/entities/reports/v1'); truncatedJsonRate = 1 }
        $out = $Bad, $Clean | Get-FalconXReport -ErrorVariable errors -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errors.Count | Should -Be 2
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'FalconXUnreadableReport,*'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $errors[0].Exception.Message | Should -BeLike '*malformed or cut short*'
    }
}

Describe 'Get-FalconXReport with detonations still running' {
    BeforeEach { Reset-Faults }

    It 'says a detonation is not finished, with its state and elapsed time, without -Wait' {
        Set-Faults @{ submissionDelayMs = 60000 }
        $running = New-Submission "MZ still running $([guid]::NewGuid())" 'slow.exe'
        $out = $running | Get-FalconXReport -ErrorVariable errors -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'FalconXDetonationNotFinished,*'
        $errors[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
        $errors[0].Exception.Message | Should -Match "slow\.exe.*(created|running) after \d+ s"
        $errors[0].ErrorDetails.RecommendedAction | Should -BeLike '*-Wait*'
    }

    It 'waits for them with -Wait and outputs the reports in input order' {
        Set-Faults @{ submissionDelayMs = 1500 }
        $subs = 1..3 | ForEach-Object { New-Submission "MZ wait $_ $([guid]::NewGuid())" "wait$_.exe" }
        $before = Get-RouteCount 'GET /falconx/entities/submissions/v1'
        $reports = $subs | Get-FalconXReport -Wait -PollIntervalSec 1 -TimeoutSec 60
        $reports.ReportId | Should -Be $subs.SubmissionId
        $reports.SubmitName | Should -Be @('wait1.exe', 'wait2.exe', 'wait3.exe')
        # One status request per check covers all three.
        $checks = (Get-RouteCount 'GET /falconx/entities/submissions/v1') - $before
        $checks | Should -BeLessOrEqual 15
    }

    It 'is the second half of Submit-FalconXSample: the submissions pipe in by SubmissionId' {
        Set-Faults @{ submissionDelayMs = 800 }
        $tag = [guid]::NewGuid().ToString('N')
        $file = Join-Path $Work "second-half-$tag.exe"
        [IO.File]::WriteAllText($file, "MZ FALCONX-MALICIOUS $tag")
        $subs = @(
            Submit-FalconXSample -Path $file -Confirm:$false
            Submit-FalconXSample -Url "https://second-half-$tag.example.invalid/" -Confirm:$false
        )
        $subs[0].GetType().FullName | Should -Be 'FalconX.Models.FalconXSubmission'
        $reports = $subs | Get-FalconXReport -Wait -PollIntervalSec 1 -TimeoutSec 60
        $reports.ReportId | Should -Be $subs.SubmissionId
        $reports[0].Verdict | Should -Be 'malicious'
        $reports[1].SubmitUrl | Should -Be "https://second-half-$tag.example.invalid/"
    }

    It 'waits for a running submission of a hash that has no report yet' {
        Set-Faults @{ submissionDelayMs = 1000 }
        $sub = New-Submission "MZ FALCONX-SUSPICIOUS hash wait $([guid]::NewGuid())" 'hashwait.exe'
        $report = Get-FalconXReport -Sha256 $sub.Sha256 -Wait -PollIntervalSec 1 -TimeoutSec 60
        $report.ReportId | Should -Be $sub.SubmissionId
        $report.Verdict | Should -Be 'suspicious'
    }

    It 'gives up after -TimeoutSec with a timeout error per submission' {
        Set-Faults @{ submissionDelayMs = 60000 }
        $sub = New-Submission "MZ never done $([guid]::NewGuid())" 'never.exe'
        $out = $sub | Get-FalconXReport -Wait -PollIntervalSec 1 -TimeoutSec 1 -ErrorVariable errors -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'FalconXWaitTimedOut,*'
    }
}

Describe 'Get-FalconXReport with thousands of ids' {
    BeforeAll {
        Reset-Faults
        $script:Many = New-UrlSubmissions -Count 5010 -Tag 'many'
    }
    BeforeEach { Reset-Faults }

    It 'fetches 1,000 reports in at most 10 requests, in input order' {
        $ids = $Many[0..999] | Sort-Object { $_.Substring(40) }
        $before = Get-RouteCount 'GET /falconx/entities/reports/v1'
        $reports = $ids | Get-FalconXReport
        $requests = (Get-RouteCount 'GET /falconx/entities/reports/v1') - $before
        $reports.Count | Should -Be 1000
        $requests | Should -BeLessOrEqual 10
        $reports.ReportId | Should -Be $ids
    }

    It 'pages through every match with -All' {
        $before = Get-RouteCount 'GET /falconx/queries/reports/v1'
        $summaries = Get-FalconXReport -Filter "sandbox.submit_url:'hxxps://many-*'" -All -Summary
        ((Get-RouteCount 'GET /falconx/queries/reports/v1') - $before) | Should -Be 2
        $summaries.Count | Should -Be 5010
        ($summaries.ReportId | Sort-Object -Unique).Count | Should -Be 5010
        $limited = Get-FalconXReport -Filter "sandbox.submit_url:'hxxps://many-*'" -Limit 5 -Summary
        $limited.Count | Should -Be 5
    }
}
