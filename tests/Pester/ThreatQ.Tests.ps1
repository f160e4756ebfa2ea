# The ThreatQ guide's two actions as pipelines, end to end against both emulators (the Falcon X one and the ThreatQ
# one): "Get Reports" on SHA-256 indicators and "Submit File" on attachments. Afterwards ThreatQ must hold exactly the
# guide's entities for each source object, related to it, and a re-run must change nothing. Then faults on the ThreatQ
# side during a 200-object run, bad input, and the canary secret.
BeforeAll {
    Import-Module $env:FALCONX_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'Common.psm1') -Force
    # 2023-shaped reports carry MalQuery, which the guide's mapping turns into indicators (the 2026 shape has none).
    $script:Fx = Start-TestEmulator -Faults @{ submissionDelayMs = 50; reportShape = '2023' }
    $script:Tq = Start-TestThreatQEmulator
    $script:TqBase = $Tq.BaseUrl
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('falconx-tqtest-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $Work

    function Reset-Tq { Reset-TestEmulator $Tq }
    function Set-TqFaults([hashtable] $Faults) {
        Set-EmulatorFaults $TqBase $Faults
    }
    function Clear-TqFaults {
        Set-TqFaults @{ errorRate = 0; failNext = 0; throttleRate = 0; throttleNext = 0; dropRate = 0; dropNext = 0; rejectValues = @(); latencyMs = 0; tokenLifetimeSec = 1800; errorRoutes = @(); dropRoutes = $null }
    }
    function Get-TqStats { Get-EmulatorStats $TqBase }
    function Get-TqObjects { Invoke-RestMethod -Uri "$TqBase/_emulator/objects" }
    function Add-TqSeed([hashtable] $Body) {
        Invoke-RestMethod -Method Post -Uri "$TqBase/_emulator/seed" -ContentType 'application/json' -Body ($Body | ConvertTo-Json -Depth 8)
    }
    function Get-ErrorId($Record) { $Record.FullyQualifiedErrorId.Split(',')[0] }
    function All-Objects($Snapshot) {
        foreach ($c in $Snapshot.collections.PSObject.Properties) { foreach ($o in $c.Value) { $o } }
    }
    # Files with random content, detonated in the Falcon X emulator so that reports exist for their hashes.
    function New-Samples([int] $Count, [string] $Prefix) {
        $dir = Join-Path $Work ($Prefix + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $dir
        1..$Count | ForEach-Object {
            $path = Join-Path $dir "$Prefix$_.exe"
            [IO.File]::WriteAllText($path, "MZ sample $Prefix $_ $([guid]::NewGuid())")
            Get-Item $path
        }
    }
    function Connect-Both([int] $MaxRetryCount = 4) {
        Connect-FalconX -BaseUrl $Fx.BaseUrl -ClientId $Fx.ClientId -ClientSecret (ConvertTo-SecureString $Fx.ClientSecret -AsPlainText -Force) -WarningAction SilentlyContinue | Out-Null
        $cred = [pscredential]::new($Tq.Email, (ConvertTo-SecureString $Tq.Password -AsPlainText -Force))
        Connect-ThreatQ -Uri $TqBase -Credential $cred -ClientId $Tq.ClientId -RetryDelayMilliseconds 20 -MaxRetryCount $MaxRetryCount -WarningAction SilentlyContinue
    }
    # What the guide maps for one report and its source: the Report, the MalQuery hashes, and the sample's SHA-256 only
    # when the source is a file object (an attachment).
    function Get-ExpectedValues($Report, [bool] $FileObject) {
        'Falcon X Sandbox Report ' + $Report.ReportId
        foreach ($q in $Report.MalQuery) {
            foreach ($r in $q.Resources) {
                foreach ($h in @($r.Sha256, $r.Sha1, $r.Md5)) { if ($h -and $h -ne $Report.Sha256) { $h.ToLowerInvariant() } }
            }
        }
        if ($FileObject) { $Report.Sha256.ToLowerInvariant() }
    }
    $script:TempBefore = @(Get-ChildItem ([IO.Path]::GetTempPath()) -Directory -Filter 'falconx-tq-*' -ErrorAction SilentlyContinue).Count
}

AfterAll {
    Get-ThreatQConnection | Disconnect-ThreatQ
    Get-FalconXConnection -ErrorAction SilentlyContinue | Disconnect-FalconX -ErrorAction SilentlyContinue
    $Tq, $Fx | Stop-TestEmulator
    if ($Work -and (Test-Path $Work)) { Remove-Item -LiteralPath $Work -Recurse -Force }
}

Describe 'Get Reports: ThreatQ SHA-256 indicators in, results related to each indicator' {
    BeforeAll {
        Reset-Tq
        Clear-TqFaults
        Connect-Both | Out-Null
        $files = New-Samples 3 'getrep'
        $script:Reports = @($files | Submit-FalconXSample -Wait -PollIntervalSec 1)
        $hashes = @($Reports | ForEach-Object Sha256)
        # Three SHA-256 indicators under review (the input), and two that the query must leave alone.
        $seed = @($hashes | ForEach-Object { @{ value = $_; type = @{ name = 'SHA-256' }; status = @{ name = 'Review' }; sources = @(@{ name = 'Analyst' }) } })
        $seed += @{ value = ('ab' * 32); type = @{ name = 'SHA-256' }; status = @{ name = 'Active' }; sources = @(@{ name = 'Analyst' }) }
        $seed += @{ value = ('cd' * 16); type = @{ name = 'MD5' }; status = @{ name = 'Review' }; sources = @(@{ name = 'Analyst' }) }
        Add-TqSeed @{ indicators = $seed } | Out-Null
        $script:Before = Get-TqObjects
        $script:Errors = $null
        $script:Written = @(Get-ThreatQIndicator -Type SHA-256 -Status Review | Get-FalconXReport -Latest |
            ConvertTo-ThreatQEntity | Send-ThreatQEntity -PassThru -ErrorVariable +Errors)
        $script:After = Get-TqObjects
        $script:StatsAfter = Get-TqStats
    }

    It 'ran without errors and wrote objects with ThreatQ ids and links' {
        $Errors | Should -BeNullOrEmpty
        $Written.Count | Should -BeGreaterThan 3
        $Written | ForEach-Object { $_.ThreatQId | Should -BeGreaterThan 0 }
        ($Written | Where-Object Collection -eq 'indicators')[0].Link | Should -Match '/indicators/\d+/details$'
    }

    It 'holds exactly the guide''s entities for each indicator, related to it, and nothing else' {
        $objects = @(All-Objects $After)
        $sources = @(All-Objects $Before | Where-Object { $_.type -eq 'SHA-256' -and $_.status -eq 'Review' })
        $sources | Should -HaveCount 3
        $expectedAll = [Collections.Generic.HashSet[string]]::new([StringComparer]::OrdinalIgnoreCase)
        foreach ($source in $sources) {
            $report = $Reports | Where-Object Sha256 -eq $source.value
            $expected = @(Get-ExpectedValues $report $false)
            $related = @($objects | Where-Object { $_.links | Where-Object { $_.collection -eq 'indicators' -and $_.id -eq $source.id } })
            @($related.value | Sort-Object) | Should -Be @($expected | Sort-Object) -Because "indicator $($source.value) gets its report and MalQuery hashes, not its own hash again"
            $expected | ForEach-Object { $null = $expectedAll.Add($_) }
        }
        $new = @($objects | Where-Object { $id = $_.id; $coll = $_.collection; -not (All-Objects $Before | Where-Object { $_.id -eq $id -and $_.collection -eq $coll }) })
        @($new.value | Sort-Object) | Should -Be @($expectedAll | Sort-Object) -Because 'nothing but the guide''s entities is created'
        # Every report carries the guide's attributes.
        $reportObject = $objects | Where-Object collection -eq 'report' | Select-Object -First 1
        $reportObject.attributes.name | Should -Contain 'Falcon X Sandbox Report Summary Link'
        $reportObject.attributes.name | Should -Contain 'Verdict'
    }

    It 'changes nothing when run again' {
        # The MalQuery hashes the first run wrote are SHA-256 indicators under review too (the guide's status); they
        # have no Falcon X report, so the second run says so for each of them, and writes nothing new.
        $malQuerySha256 = @(All-Objects $After | Where-Object { $_.type -eq 'SHA-256' -and $_.sources -contains 'CrowdStrike Falcon X Sandbox' }).value
        $errors = $null
        $again = @(Get-ThreatQIndicator -Type SHA-256 -Status Review | Get-FalconXReport -Latest -ErrorVariable errors -ErrorAction SilentlyContinue |
            ConvertTo-ThreatQEntity | Send-ThreatQEntity -PassThru)
        $errors | ForEach-Object { Get-ErrorId $_ | Should -Be 'FalconXReportNotFound' }
        $errors | Should -HaveCount $malQuerySha256.Count
        $stats = Get-TqStats
        $snapshot = Get-TqObjects
        $stats.created | Should -Be $StatsAfter.created
        $snapshot.revision | Should -Be $After.revision
        @($again.ThreatQId | Sort-Object) | Should -Be @($Written.ThreatQId | Sort-Object)
    }

    It 'turns the guide''s optional parts off with -NoReportLink and -NoMalQuery' {
        $entities = @(Get-ThreatQIndicator -Type SHA-256 -Status Review -First 1 | Get-FalconXReport -Latest -ErrorAction SilentlyContinue | ConvertTo-ThreatQEntity -NoReportLink -NoMalQuery)
        $entities | Should -HaveCount 1
        $entities[0].ObjectType | Should -Be 'Report'
        $entities[0].Attributes.Name | Should -Not -Contain 'Falcon X Sandbox Report Summary Link'
    }

    It 'shows the batches with -WhatIf and writes nothing' {
        $revision = (Get-TqObjects).revision
        $requests = @((Get-TqStats).byRoute.PSObject.Properties | Where-Object Name -like 'POST /api/*/consume' | ForEach-Object Value) -join ','
        $entities = @(Get-ThreatQIndicator -Type SHA-256 -Status Review | Get-FalconXReport -Latest -ErrorAction SilentlyContinue | ConvertTo-ThreatQEntity)
        $entities | Should -Not -BeNullOrEmpty
        # In a runspace without a host, so the 'What if:' lines stay out of the test output.
        $out = Invoke-WithoutHost -ArgumentList (Get-ThreatQConnection), $entities { $args[1] | Send-ThreatQEntity -WhatIf -Connection $args[0] }
        $out | Should -BeNullOrEmpty
        (Get-TqObjects).revision | Should -Be $revision
        @((Get-TqStats).byRoute.PSObject.Properties | Where-Object Name -like 'POST /api/*/consume' | ForEach-Object Value) -join ',' | Should -Be $requests
    }
}

Describe 'Submit File: ThreatQ attachments in, results related to each attachment' {
    BeforeAll {
        Reset-Tq
        Clear-TqFaults
        Connect-Both | Out-Null
        $script:Contents = @{}
        $attachments = foreach ($i in 1..3) {
            $text = "MZ attachment $i $([guid]::NewGuid())"
            $Contents["sample$i.exe"] = $text
            @{ name = "sample$i.exe"; type = 'Malware Sample'; tags = @('detonate'); content = $text }
        }
        $attachments = @($attachments) + @{ name = 'notes.txt'; type = 'Generic Text'; tags = @('keep'); content = 'not for the sandbox' }
        Add-TqSeed @{ attachments = $attachments } | Out-Null
        $script:Before = Get-TqObjects
        $script:Errors = $null
        $script:Written = @(Get-ThreatQAttachment -Tag detonate | Submit-FalconXSample -Wait -PollIntervalSec 1 |
            ConvertTo-ThreatQEntity | Send-ThreatQEntity -PassThru -ErrorVariable +Errors)
        $script:After = Get-TqObjects
        $script:StatsAfter = Get-TqStats
    }

    It 'ran without errors and left no temporary file behind' {
        $Errors | Should -BeNullOrEmpty
        @(Get-ChildItem ([IO.Path]::GetTempPath()) -Directory -Filter 'falconx-tq-*' -ErrorAction SilentlyContinue).Count | Should -Be $TempBefore
    }

    It 'holds the report, the sample SHA-256 and the MalQuery hashes of each attachment, related to it' {
        $objects = @(All-Objects $After)
        $sources = @($objects | Where-Object { $_.collection -eq 'attachments' -and $_.value -like 'sample*' })
        $sources | Should -HaveCount 3
        $sha = [Security.Cryptography.SHA256]::Create()
        foreach ($source in $sources) {
            $expectedSha = [Convert]::ToHexString($sha.ComputeHash([Text.Encoding]::UTF8.GetBytes($Contents[$source.value]))).ToLowerInvariant()
            $related = @($objects | Where-Object { $_.links | Where-Object { $_.collection -eq 'attachments' -and $_.id -eq $source.id } })
            $related.value | Should -Contain $expectedSha -Because 'the action ran on a file object, so the sample''s SHA-256 is mapped'
            $report = @($related | Where-Object collection -eq 'report')
            $report | Should -HaveCount 1
            ($related | Where-Object value -eq $expectedSha).links.id | Should -Contain $report[0].id
        }
        $notes = $objects | Where-Object { $_.collection -eq 'attachments' -and $_.value -eq 'notes.txt' }
        $notes.links | Should -BeNullOrEmpty -Because 'the untagged attachment was not submitted'
    }

    It 'submitted each file under the attachment''s name' {
        # The Falcon X emulator keeps the submit name; every submission of this run is named after its attachment.
        $submitted = @($Written | Where-Object Collection -eq 'report')
        $submitted | Should -HaveCount 3
        foreach ($w in $submitted) {
            $id = $w.Value.Substring('Falcon X Sandbox Report '.Length)
            (Get-FalconXReport -ReportId $id).SubmitName | Should -BeIn @('sample1.exe', 'sample2.exe', 'sample3.exe')
        }
    }

    It 'changes nothing when run again (earlier reports are reused, nothing is written twice)' {
        Get-ThreatQAttachment -Tag detonate | Submit-FalconXSample -Wait -PollIntervalSec 1 -WarningAction SilentlyContinue |
            ConvertTo-ThreatQEntity | Send-ThreatQEntity
        (Get-TqStats).created | Should -Be $StatsAfter.created
        (Get-TqObjects).revision | Should -Be $After.revision
    }
}

Describe 'Faults on the ThreatQ side during a 200-object run' {
    BeforeAll {
        Reset-Tq
        Clear-TqFaults
        Connect-Both -MaxRetryCount 8 | Out-Null
        # 50 reports x (report + 3 MalQuery hashes) = 200 objects, related to 50 SHA-256 indicators.
        $files = New-Samples 50 'fault'
        $script:Reports = @($files | Submit-FalconXSample -Wait -PollIntervalSec 1)
        Add-TqSeed @{ indicators = @($Reports | ForEach-Object { @{ value = $_.Sha256; type = @{ name = 'SHA-256' }; status = @{ name = 'Review' } } }) } | Out-Null
        $script:Entities = @(Get-ThreatQIndicator -Type SHA-256 -Status Review | Get-FalconXReport -Latest | ConvertTo-ThreatQEntity)
        $script:Rejected = ($Entities | Where-Object { $_.ObjectType -eq 'Indicator' -and $_.Type -eq 'MD5' } | Select-Object -First 1).Value
        Invoke-RestMethod -Method Post -Uri "$TqBase/_emulator/expire-tokens" | Out-Null
        Set-TqFaults @{ tokenLifetimeSec = 2; errorRate = 0.2; errorStatuses = @(500, 502, 503); rejectValues = @($Rejected); dropNext = 1; dropMode = 'after'; dropRoutes = @('POST /api/*/consume'); seed = 7 }
        $script:Errors = $null
        $script:Written = @($Entities | Send-ThreatQEntity -BatchSize 10 -PassThru -ErrorVariable +Errors -ErrorAction SilentlyContinue)
        $script:Stats = Get-TqStats
        Clear-TqFaults
        $script:After = Get-TqObjects
    }

    It 'had the faults happen' {
        $Entities | Should -HaveCount 200
        $Stats.faults.PSObject.Properties.Name | Should -Contain 'error'
        $Stats.faults.PSObject.Properties.Name | Should -Contain 'drop'
        $Stats.rejectedBodies | Should -BeGreaterThan 0
        $Stats.tokensIssued | Should -BeGreaterThan 1
    }

    It 'lost nothing and duplicated nothing' {
        $written = @(All-Objects $After | Where-Object { $_.sources -contains 'CrowdStrike Falcon X Sandbox' })
        $expected = @($Entities.Value | Where-Object { $_ -ne $Rejected } | Sort-Object -Unique)
        @($written.value | Sort-Object) | Should -Be $expected
        @($written | Group-Object collection, type, value | Where-Object Count -gt 1) | Should -BeNullOrEmpty
        $Written | Should -HaveCount 199
    }

    It 'gave one clear error, naming the rejected object' {
        $Errors | Should -HaveCount 1
        Get-ErrorId $Errors[0] | Should -Be 'ThreatQObjectRejected'
        $Errors[0].Exception.Message | Should -Match $Rejected
        $Errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
    }
}

Describe 'Bad input: one clear error each, the rest goes on' {
    BeforeAll {
        Reset-Tq
        Clear-TqFaults
        $script:Connection = Connect-Both
    }

    It 'says when ThreatQ cannot be reached' {
        $cred = [pscredential]::new($Tq.Email, (ConvertTo-SecureString $Tq.Password -AsPlainText -Force))
        { Connect-ThreatQ -Uri 'http://127.0.0.1:9' -Credential $cred -ClientId $Tq.ClientId -MaxRetryCount 0 -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'ThreatQConnectionFailed,FalconX.PowerShell.Commands.ConnectThreatQCommand'
        { Connect-ThreatQ -Uri 'https://threatq.invalid' -Credential $cred -ClientId $Tq.ClientId -MaxRetryCount 0 } |
            Should -Throw -ErrorId 'ThreatQConnectionFailed,FalconX.PowerShell.Commands.ConnectThreatQCommand'
    }

    It 'says when the password is wrong, without showing it' {
        $cred = [pscredential]::new($Tq.Email, (ConvertTo-SecureString 'WrongPassw0rd-xyz' -AsPlainText -Force))
        $err = { Connect-ThreatQ -Uri $TqBase -Credential $cred -ClientId $Tq.ClientId -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'ThreatQAuthenticationFailed,FalconX.PowerShell.Commands.ConnectThreatQCommand' -PassThru
        $err.Exception.Message | Should -Not -Match 'WrongPassw0rd'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        (Get-ThreatQConnection).Uri | Should -Be $Connection.Uri -Because 'the earlier connection stays the default'
    }

    It 'refuses http to a host that is not loopback, before sending anything' {
        $cred = [pscredential]::new($Tq.Email, (ConvertTo-SecureString $Tq.Password -AsPlainText -Force))
        $err = { Connect-ThreatQ -Uri 'http://threatq.invalid' -Credential $cred -ClientId $Tq.ClientId } |
            Should -Throw -ErrorId 'ThreatQInvalidUrl,FalconX.PowerShell.Commands.ConnectThreatQCommand' -PassThru
        $err.Exception.Message | Should -Match 'https'
    }

    It 'refuses an attachment too big for the sandbox and submits the others' {
        Add-TqSeed @{ attachments = @(@{ name = 'small.exe'; type = 'Malware Sample'; tags = @('big-test'); content = "MZ small $([guid]::NewGuid())" }) } | Out-Null
        $small = Get-ThreatQAttachment -Tag big-test
        $big = [FalconX.ThreatQ.Api.ThreatQAttachment]@{ ThreatQId = 999999; Name = 'huge.iso'; FileSize = 300MB; Type = 'Malware Sample' }
        $errors = $null
        $out = @($big, $small | Submit-FalconXSample -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $errors | Should -HaveCount 1
        Get-ErrorId $errors[0] | Should -Be 'ThreatQAttachmentTooBig'
        $errors[0].Exception.Message | Should -Match 'huge.iso'
        $out | Should -HaveCount 1
        $out[0].ThreatQSource.Id | Should -Be $small.ThreatQId
    }

    It 'gives one error for an indicator of the wrong type piped into Get-FalconXReport and fetches the rest' {
        $file = New-Samples 1 'wrongtype'
        $report = $file | Submit-FalconXSample -Wait -PollIntervalSec 1
        Add-TqSeed @{ indicators = @(
                @{ value = $report.Sha256; type = @{ name = 'SHA-256' }; status = @{ name = 'Review' }; tags = @(@{ name = 'wt' }) }
                @{ value = ('ef' * 16); type = @{ name = 'MD5' }; status = @{ name = 'Review' }; tags = @(@{ name = 'wt' }) }
            ) } | Out-Null
        $errors = $null
        $out = @(Get-ThreatQIndicator -Tag wt | Get-FalconXReport -Latest -ErrorVariable errors -ErrorAction SilentlyContinue)
        $errors | Should -HaveCount 1
        Get-ErrorId $errors[0] | Should -Be 'FalconXInvalidReportInput'
        $errors[0].Exception.Message | Should -Match 'MD5'
        $out | Should -HaveCount 1
        $out[0].ThreatQSource.Collection | Should -Be 'indicators'
    }

    It 'refuses input that is not ThreatQ entities and sends the rest' {
        $errors = $null
        $entities = @(Get-ThreatQIndicator -Tag wt -Type SHA-256 | Get-FalconXReport -Latest | ConvertTo-ThreatQEntity)
        $written = @(@('not an entity') + $entities | Send-ThreatQEntity -PassThru -ErrorVariable errors -ErrorAction SilentlyContinue)
        $errors | Should -HaveCount 1
        Get-ErrorId $errors[0] | Should -Be 'ThreatQUnsupportedInput'
        $written | Should -HaveCount $entities.Count
    }
}

Describe 'ThreatQ secrets never leak' {
    It 'shows no password, secret or token in any stream, error or verbose/debug line' {
        $canary = 'CanaryTq7Xw3Vb9Np2Lk5Jh8Gf4Dd6Ss1Ae'
        $secretCanary = 'CanaryTqSecret4Np2Lk5Jh8Gf4Dd6Ss1'
        $emulator = Start-TestThreatQEmulator -ArgumentList @('--password', $canary, '--client-secret', $secretCanary, '--token-lifetime-sec', '2')
        try {
            $log = & {
                $cred = [pscredential]::new($emulator.Email, (ConvertTo-SecureString $canary -AsPlainText -Force))
                $c1 = Connect-ThreatQ -Uri $emulator.BaseUrl -Credential $cred -ClientId $emulator.ClientId -Verbose -Debug
                $c1 | Format-List * | Out-String
                "$c1"
                $c2 = Connect-ThreatQ -Uri $emulator.BaseUrl -ClientId $emulator.ClientId -ClientSecret (ConvertTo-SecureString $secretCanary -AsPlainText -Force) -Verbose -Debug
                $c2 | Format-List * | Out-String
                Invoke-RestMethod -Method Post -Uri "$($emulator.BaseUrl)/_emulator/expire-tokens" | Out-Null
                Get-ThreatQIndicator -Value ('ab' * 32) -Verbose -Debug
                $bad = [pscredential]::new($emulator.Email, (ConvertTo-SecureString ($canary + 'x') -AsPlainText -Force))
                try { Connect-ThreatQ -Uri $emulator.BaseUrl -Credential $bad -ClientId $emulator.ClientId -Verbose -Debug } catch { $_ | Format-List * -Force | Out-String; $_.Exception | Format-List * -Force | Out-String }
            } *>&1 | Out-String
            $log.IndexOf($canary, [StringComparison]::Ordinal) | Should -Be -1
            $log.IndexOf($secretCanary, [StringComparison]::Ordinal) | Should -Be -1
            $log | Should -Not -Match 'Bearer\s+\S{16,}'
            $log | Should -Match 'ThreatQ'
        }
        finally {
            $emulator | Stop-TestEmulator
        }
    }
}
