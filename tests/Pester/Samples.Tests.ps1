# Samples and deletions against the emulator (started as a process): which hashes are uploaded, downloads of samples
# and dropped files (.bin checked against the hash, the API's "infected" zip, never over an existing file),
# Remove-FalconXSample / Remove-FalconXReport (ConfirmImpact High, -WhatIf sends nothing, per-item errors), and
# today's submit options (e-mail, interactivity, browser, auto-detect, deprecated environments).
BeforeAll {
    Import-Module $env:FALCONX_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'Common.psm1') -Force
    $script:Emulator = Start-TestEmulator
    $script:BaseUrl = $Emulator.BaseUrl
    $cred = [pscredential]::new($Emulator.ClientId, (ConvertTo-SecureString $Emulator.ClientSecret -AsPlainText -Force))
    $script:Conn = Connect-FalconX -BaseUrl $BaseUrl -Credential $cred -WarningAction SilentlyContinue
    $script:Root = Join-Path ([IO.Path]::GetTempPath()) ('falconx-samples-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory $Root

    function Get-RouteCount([string] $Route) {
        $n = (Get-EmulatorStats $BaseUrl).byRoute.$Route
        if ($n) { [int]$n } else { 0 }
    }
    function Get-RequestCount { (Get-EmulatorStats $BaseUrl).requests }
    function New-Sample([string] $Name, [string] $Marker = '') {
        $path = Join-Path $Root ([guid]::NewGuid().ToString('N') + '-' + $Name)
        Set-Content -LiteralPath $path -Value "$([guid]::NewGuid()) $Marker $Name" -NoNewline
        Get-Item -LiteralPath $path
    }
    function Get-FileSha256([string] $Path) { (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash.ToLowerInvariant() }
    function New-Folder { $d = Join-Path $Root ([guid]::NewGuid().ToString('N')); $null = New-Item -ItemType Directory $d; $d }
}

AfterAll {
    Get-FalconXConnection | Disconnect-FalconX -ErrorAction SilentlyContinue
    $Emulator | Stop-TestEmulator
    Remove-Item -LiteralPath $Root -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Get-FalconXSample' {
    It 'tells which hashes are uploaded, one object per distinct hash, in the order given' {
        $up = Submit-FalconXSample -LiteralPath (New-Sample 'a.exe').FullName -WarningAction SilentlyContinue
        $missing = '0' * 64
        $out = @($missing, $up.Sha256, $up.Sha256.ToUpperInvariant() | Get-FalconXSample)
        $out | Should -HaveCount 2
        $out[0].Sha256 | Should -Be $missing
        $out[0].Uploaded | Should -BeFalse
        $out[1].Sha256 | Should -Be $up.Sha256
        $out[1].Uploaded | Should -BeTrue
        @(Get-FalconXSample -Sha256 $missing, $up.Sha256 -Uploaded).Sha256 | Should -Be @($up.Sha256)
    }

    It 'sends 450 hashes in three requests (the API takes at most 200 per request)' {
        $hashes = 1..450 | ForEach-Object { '{0:x64}' -f $_ }
        $before = Get-RouteCount 'POST /samples/queries/samples/GET/v1'
        $out = @($hashes | Get-FalconXSample)
        $out | Should -HaveCount 450
        (Get-RouteCount 'POST /samples/queries/samples/GET/v1') - $before | Should -Be 3
    }

    It 'refuses a value that is not a SHA-256 on its own, and looks up the others' {
        $out = @(Get-FalconXSample -Sha256 'nope', ('1' * 64) -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'FalconXInvalidSha256,*'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].TargetObject | Should -Be 'nope'
    }
}

Describe 'Save-FalconXSample' {
    BeforeAll {
        $script:Up = Submit-FalconXSample -LiteralPath (New-Sample 'save.exe').FullName -WarningAction SilentlyContinue
    }

    It 'saves the raw bytes as <sha256>.bin, checked against the hash' {
        $dir = New-Folder
        $saved = Save-FalconXSample -Sha256 $Up.Sha256 -Path $dir
        $saved | Should -BeOfType 'FalconX.Client.FalconXSavedSample'
        $saved.Name | Should -Be "$($Up.Sha256).bin"
        $saved.PasswordProtected | Should -BeFalse
        Get-FileSha256 $saved.Path | Should -Be $Up.Sha256
        @(Get-ChildItem -LiteralPath $dir -Force).Name | Should -Be @("$($Up.Sha256).bin") -Because 'no temporary file is left'
    }

    It 'saves the API''s zip protected with the password "infected" as <sha256>.zip' {
        $dir = New-Folder
        $saved = Save-FalconXSample -Sha256 $Up.Sha256 -Path $dir -PasswordProtected
        $saved.Name | Should -Be "$($Up.Sha256).zip"
        $bytes = [IO.File]::ReadAllBytes($saved.Path)
        [Text.Encoding]::ASCII.GetString($bytes, 0, 2) | Should -Be 'PK'
        [BitConverter]::ToUInt16($bytes, 6) -band 1 | Should -Be 1 -Because 'the entry is encrypted'
        $zip = [IO.Compression.ZipFile]::OpenRead($saved.Path)
        try { $zip.Entries.Name | Should -Be @($Up.Sha256) } finally { $zip.Dispose() }
    }

    It 'never replaces an existing file, and sends nothing for it' {
        $dir = New-Folder
        $existing = Join-Path $dir "$($Up.Sha256).bin"
        Set-Content -LiteralPath $existing -Value 'keep me'
        $before = Get-RouteCount 'GET /samples/entities/samples/v2'
        $out = Save-FalconXSample -Sha256 $Up.Sha256 -Path $dir -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'FalconXSampleFileExists,*'
        $errs[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        Get-Content -LiteralPath $existing | Should -Be 'keep me'
        (Get-RouteCount 'GET /samples/entities/samples/v2') | Should -Be $before
    }

    It 'downloads the files a detonation dropped, piped from the report' {
        $sample = New-Sample 'dropper.exe' 'FALCONX-MALICIOUS'
        $report = Submit-FalconXSample -LiteralPath $sample.FullName -Wait -PollIntervalSec 1 -WarningAction SilentlyContinue
        $dropped = @($report.Sandbox.ExtractedFiles)
        $dropped.Count | Should -BeGreaterThan 1
        $dir = New-Folder
        $saved = @($report.Sandbox.ExtractedFiles | Save-FalconXSample -Path $dir)
        $saved | Should -HaveCount $dropped.Count
        foreach ($file in $saved) { Get-FileSha256 $file.Path | Should -Be $file.Sha256 }
        $saved.Sha256 | Should -Be @($dropped.Sha256)
    }

    It 'reports an unknown hash as not found, and -WhatIf downloads nothing' {
        $dir = New-Folder
        Save-FalconXSample -Sha256 ('2' * 64) -Path $dir -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'FalconXSampleNotFound,*'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $before = Get-RequestCount
        # -WhatIf calls run in a runspace without a host, so the 'What if:' lines stay out of the test output.
        $null = Invoke-WithoutHost -ArgumentList (Get-FalconXConnection), $Up.Sha256, $dir { Save-FalconXSample -Sha256 $args[1] -Path $args[2] -WhatIf -Connection $args[0] }
        Get-RequestCount | Should -Be $before
        Get-ChildItem -LiteralPath $dir -Force | Should -BeNullOrEmpty
    }
}

Describe 'Remove-FalconXSample' {
    It 'is ConfirmImpact High' {
        (Get-Command Remove-FalconXSample).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'
        (Get-Command Remove-FalconXReport).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'
    }

    It 'sends nothing with -WhatIf' {
        $up = Submit-FalconXSample -LiteralPath (New-Sample 'whatif.exe').FullName -WarningAction SilentlyContinue
        $before = Get-RequestCount
        $null = Invoke-WithoutHost -ArgumentList (Get-FalconXConnection), $up { $args[1] | Remove-FalconXSample -WhatIf -Connection $args[0] }
        Get-RequestCount | Should -Be $before
        (Get-FalconXSample -Sha256 $up.Sha256).Uploaded | Should -BeTrue
    }

    It 'deletes piped samples, with one error per hash that fails and the others going on' {
        $a = Submit-FalconXSample -LiteralPath (New-Sample 'del-a.exe').FullName -WarningAction SilentlyContinue
        $b = Submit-FalconXSample -LiteralPath (New-Sample 'del-b.exe').FullName -WarningAction SilentlyContinue
        $items = @($a, [pscustomobject]@{ Sha256 = 'bad' }, [pscustomobject]@{ Sha256 = '3' * 64 }, $b)
        $deleted = @($items | Remove-FalconXSample -Confirm:$false -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue)
        $deleted | Should -Be @($a.Sha256, $b.Sha256)
        @(Get-FalconXSample -Sha256 $a.Sha256, $b.Sha256 -Uploaded) | Should -BeNullOrEmpty
        $errs | Should -HaveCount 2
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'FalconXInvalidSha256,*'
        $errs[1].FullyQualifiedErrorId | Should -BeLike 'FalconXSampleNotFound,*'
        $errs[1].TargetObject | Should -Be ('3' * 64)
    }
}

Describe 'Remove-FalconXReport' {
    It 'sends nothing with -WhatIf' {
        $sub = Submit-FalconXSample -Url "https://example.invalid/$([guid]::NewGuid())" -WarningAction SilentlyContinue
        $before = Get-RequestCount
        $null = Invoke-WithoutHost -ArgumentList (Get-FalconXConnection), $sub { $args[1] | Remove-FalconXReport -WhatIf -Connection $args[0] }
        Get-RequestCount | Should -Be $before
    }

    It 'deletes the reports of piped submissions and reports, with per-item errors' {
        $subs = @(1..2 | ForEach-Object { Submit-FalconXSample -Url "https://example.invalid/$([guid]::NewGuid())" -WarningAction SilentlyContinue })
        $report = Get-FalconXReport -ReportId $subs[1].SubmissionId -Wait -PollIntervalSec 1
        $null = Get-FalconXReport -ReportId $subs[0].SubmissionId -Wait -PollIntervalSec 1
        $unknown = ('a' * 32) + '_' + ('b' * 32)
        @($subs[0], [pscustomobject]@{ ReportId = 'x' }, [pscustomobject]@{ ReportId = $unknown }, $report) |
            Remove-FalconXReport -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        Get-RouteCount 'DELETE /falconx/entities/reports/v1' | Should -Be 3 -Because 'the invalid id is refused before sending'
        $errs | Should -HaveCount 2
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'FalconXInvalidReportId,*'
        $errs[1].FullyQualifiedErrorId | Should -BeLike 'FalconXReportNotFound,*'
        $errs[1].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Get-FalconXReport -ReportId $subs.SubmissionId -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'Today''s submit options' {
    It 'sends send_email_notification, interactivity, browser and auto_detect_environment as the 2026 schema names them' {
        $debug = Submit-FalconXSample -Url "https://example.invalid/$([guid]::NewGuid())" -SendEmailNotification -Interactive -Browser 'chrome' -AutoDetectEnvironment -Debug 5>&1 | Out-String
        $debug | Should -Match '"send_email_notification":true'
        $debug | Should -Match '"interactivity":true'
        $debug | Should -Match '"browser":"chrome"'
        $debug | Should -Match '"auto_detect_environment":true'
    }

    It 'leaves them out when not given, and sends false for -Switch:$false' {
        $debug = Submit-FalconXSample -Url "https://example.invalid/$([guid]::NewGuid())" -Interactive:$false -Debug 5>&1 | Out-String -Stream
        $body = "$($debug | Where-Object { $_ -match 'submissions/v1 request body' })"
        $body | Should -Match '"interactivity":false'
        $body | Should -Not -Match 'send_email_notification|auto_detect_environment|"browser"'
    }

    It 'refuses an empty browser name before anything is sent' {
        $before = Get-RequestCount
        { Submit-FalconXSample -Url 'https://example.invalid/b' -Browser ' ' -ErrorAction Stop } | Should -Throw -ExpectedMessage '*-Browser*browser name is empty*'
        Get-RequestCount | Should -Be $before
    }

    It 'submits a deprecated environment to the one the API runs it in, with one warning' {
        $urls = 1..2 | ForEach-Object { "https://example.invalid/$([guid]::NewGuid())" }
        $out = @(Submit-FalconXSample -Url $urls -EnvironmentId ubuntu20_x64 -WarningVariable warned -WarningAction SilentlyContinue)
        $out.EnvironmentId | Should -Be @(330, 330)
        @($warned | Where-Object { "$_" -match 'deprecated' }) | Should -HaveCount 1
        "$warned" | Should -Match '310 \(ubuntu20_x64\) is deprecated.*330 \(ubuntu24_x64\)'
    }
}

Describe 'Get-FalconXVerdict' {
    It 'gives the worst verdict and highest score per hash across environments, in few requests' {
        $file = New-Sample 'verdict.docm' 'FALCONX-SUSPICIOUS'
        $reports = @(140, 160 | ForEach-Object { Submit-FalconXSample -LiteralPath $file.FullName -EnvironmentId $_ -Wait -PollIntervalSec 1 -WarningAction SilentlyContinue })
        $clean = Submit-FalconXSample -LiteralPath (New-Sample 'clean.txt').FullName -Wait -PollIntervalSec 1 -WarningAction SilentlyContinue
        $before = Get-RouteCount 'GET /falconx/entities/report-summaries/v1'
        $out = @($reports[0].Sha256, ('4' * 64), $clean.Sha256, $reports[0].Sha256 | Get-FalconXVerdict)
        (Get-RouteCount 'GET /falconx/entities/report-summaries/v1') - $before | Should -Be 1
        $out | Should -HaveCount 3
        $out[0].Verdict | Should -Be 'suspicious'
        $out[0].ThreatScore | Should -Be ($reports.ThreatScore | Measure-Object -Maximum).Maximum
        $out[0].EnvironmentIds | Should -Be @(140, 160)
        $out[0].ReportCount | Should -Be 2
        $out[1].HasReport | Should -BeFalse
        $out[1].Verdict | Should -BeNullOrEmpty
        $out[2].Verdict | Should -Be 'no specific threat'
    }

    It 'refuses a value that is not a SHA-256 on its own' {
        $out = @(Get-FalconXVerdict -Sha256 'x', ('5' * 64) -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'FalconXInvalidSha256,*'
    }
}

Describe 'Submit-FalconXArchive' {
    BeforeAll {
        function New-Zip([hashtable] $Files) {
            $dir = New-Folder
            foreach ($name in $Files.Keys) { Set-Content -LiteralPath (Join-Path $dir $name) -Value $Files[$name] -NoNewline }
            $zip = Join-Path $Root "$([guid]::NewGuid().ToString('N')).zip"
            Compress-Archive -Path (Join-Path $dir '*') -DestinationPath $zip
            $zip
        }
    }

    It 'extracts the files matching -Include, submits them tagged with the archive, and -Wait gives their reports' {
        $tag = [guid]::NewGuid().ToString('N')
        $zip = New-Zip @{ 'evil.exe' = "MZ FALCONX-MALICIOUS $tag"; 'notes.txt' = "clean $tag"; 'lib.dll' = "MZ FALCONX-SUSPICIOUS $tag" }
        $archiveSha = Get-FileSha256 $zip
        $reports = @(Submit-FalconXArchive -LiteralPath $zip -Include *.exe, *.dll -Wait -PollIntervalSec 1 -WarningAction SilentlyContinue)
        $reports | Should -HaveCount 2
        $reports | ForEach-Object { $_ | Should -BeOfType 'FalconX.Models.FalconXReport' }
        ($reports.Verdict | Sort-Object) | Should -Be @('malicious', 'suspicious')
        foreach ($r in $reports) { $r.UserTags | Should -Contain "archive:$archiveSha" }
    }

    It 'opens an "infected" zip with its password, and says why a wrong password fails' {
        $sample = Submit-FalconXSample -LiteralPath (New-Sample 'inner.exe' 'FALCONX-MALICIOUS').FullName -WarningAction SilentlyContinue
        $zip = (Save-FalconXSample -Sha256 $sample.Sha256 -Path (New-Folder) -PasswordProtected).Path
        $before = Get-RouteCount 'POST /falconx/entities/submissions/v1'
        $out = Submit-FalconXArchive -LiteralPath $zip -Password (ConvertTo-SecureString 'wrong' -AsPlainText -Force) -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'FalconXArchiveFailed,*'
        $errs[0].Exception.Message | Should -Match 'wrong password'
        (Get-RouteCount 'POST /falconx/entities/submissions/v1') | Should -Be $before

        $sub = Submit-FalconXArchive -LiteralPath $zip -Password (ConvertTo-SecureString 'infected' -AsPlainText -Force) -Verbose 4>&1 | Where-Object { $_ -is [FalconX.Models.FalconXSubmission] }
        $sub.Sha256 | Should -Be $sample.Sha256
    }

    It 'reports a damaged archive and an -Include that matches nothing, one error each, the others going on' {
        $bad = Join-Path $Root 'damaged.zip'
        Set-Content -LiteralPath $bad -Value 'not a zip at all'
        $good = New-Zip @{ 'a.exe' = "MZ $([guid]::NewGuid())" }
        $out = @(Submit-FalconXArchive -LiteralPath $bad, $good -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out | Should -HaveCount 1
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'FalconXArchiveFailed,*'
        $errs[0].TargetObject | Should -BeLike '*damaged.zip'
        Submit-FalconXArchive -LiteralPath $good -Include *.pdf -ErrorVariable none -ErrorAction SilentlyContinue
        $none[0].FullyQualifiedErrorId | Should -BeLike 'FalconXArchiveNoMatchingFile,*'
    }

    It 'sends nothing with -WhatIf' {
        $zip = New-Zip @{ 'w.exe' = "MZ $([guid]::NewGuid())" }
        $before = Get-RequestCount
        $null = Invoke-WithoutHost -ArgumentList (Get-FalconXConnection), $zip { Submit-FalconXArchive -LiteralPath $args[1] -WhatIf -Connection $args[0] }
        Get-RequestCount | Should -Be $before
    }
}
