# ConvertTo-ThreatQEntity as a user drives it: every input form, the guide's mapping, opt-in mappings, merging,
# streaming, consume bodies and per-item errors.
BeforeAll {
    Import-Module $env:FALCONX_MODULE_PATH -Force
    $Root = $env:FALCONX_REPO_ROOT
    $SeedPath = Join-Path $Root 'tests/Fixtures/seed-report.json'
    $SeedText = Get-Content $SeedPath -Raw
    $SeedId = 'ace79a13936f4ec8ad4de36606814bfc_9026dc9993a940c1b5e0a2a320de2307'
    $SampleSha256 = '4e87a0794bf73d06ac1ce4a37e33eb832ff4c89fb9e4266490c7cef9229d27a7'
    $ReportValue = "Falcon X Sandbox Report $SeedId"

    # One report resource of the guide's response, as its own JSON object, with a chosen id.
    function New-SeedReportJson([string] $Id = $SeedId, [scriptblock] $Change) {
        $report = ($SeedText | ConvertFrom-Json -Depth 50).resources[0]
        $report.id = $Id
        if ($Change) { & $Change $report }
        $report | ConvertTo-Json -Depth 50 -Compress
    }

    # Everything a user sees of the entities, one line each, to compare conversions of the same reports.
    function Get-EntityText($Entities) {
        foreach ($e in $Entities) {
            $attributes = ($e.Attributes | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join ';'
            $links = ($e.Relationships | ForEach-Object { "$($_.Description)>$($_.Value)" }) -join ';'
            '{0}|{1}|{2}|{3}|{4}|{5:o}|{6}|{7}' -f $e.ObjectType, $e.Type, $e.Value, $e.Status, ($e.Sources -join ','), $e.PublishedAt, $attributes, $links
        }
    }
}

Describe 'ConvertTo-ThreatQEntity default mapping' {
    It 'maps the guide sample report to the guide table, and nothing else' {
        $entities = $SeedText | ConvertTo-ThreatQEntity

        $entities.Count | Should -Be 8
        $report = $entities[0]
        $report.ObjectType | Should -Be 'Report'
        $report.Value | Should -Be $ReportValue
        ($report.Attributes | Where-Object Name -eq 'Falcon X Sandbox Report Summary Link').Value |
            Should -Be "https://falcon.crowdstrike.com/intelligence/sandbox/report/$SeedId/report-summary"
        ($report.Attributes | Where-Object Name -eq 'Origin').Value | Should -Be 'apigateway'
        ($report.Attributes | Where-Object Name -eq 'Tag').Value | Should -Be @('criminal', 'informationstealer', 'kpotstealer')
        ($report.Attributes | Where-Object Name -eq 'Verdict').Value | Should -Be 'malicious'
        ($report.Attributes | Where-Object Name -eq 'File Type').Value | Should -Be 'PE32 executable (GUI) Intel 80386, for MS Windows'
        $report.Attributes.Count | Should -Be 7

        $indicators = $entities | Where-Object ObjectType -eq 'Indicator'
        ($indicators | ForEach-Object { "$($_.Type) $($_.Value)" }) | Should -Be @(
            "SHA-256 $SampleSha256"
            'SHA-256 009609f749677e0dfd71efd4cadfa91c41738bc304f34b235514be3e9731ab93'
            'SHA-1 43f72c02249131f3890915d983f8d5ddd080080f'
            'MD5 7a1a988de1c9d8fc6ef69be1d032e1c4'
            'SHA-256 0602d9de2e545e6a34349f2c5802d360f2b01f7968eaf52b5c283713ed24591d'
            'SHA-1 8712ab7a736f257b4e2b831fec47419a4982947a'
            'MD5 67720774f58d7dde07aec038764400b9'
        )
        $indicators[0].Relationships.Value | Should -Be $ReportValue
        foreach ($malquery in $indicators | Select-Object -Skip 1) {
            $malquery.Relationships.Value | Should -Be @($ReportValue, $SampleSha256)
            ($malquery.Attributes | Where-Object Name -eq 'MalQuery Verdict').Value | Should -Be 'unknown'
        }
    }

    It 'gives every entity the source, the Review status and the report time' {
        $entities = $SeedText | ConvertTo-ThreatQEntity
        foreach ($e in $entities) {
            $e.Sources | Should -Be 'CrowdStrike Falcon X Sandbox'
            $e.Status | Should -Be 'Review'
            $e.PublishedAt | Should -Be ([DateTimeOffset]'2020-09-17T15:25:12Z')
        }
    }

    It 'takes a source, a status, tags and a cloud' {
        $entities = $SeedText | ConvertTo-ThreatQEntity -SourceName 'SOC Sandbox' -IndicatorStatus Active -Cloud US-GOV-2 -Tag 'case-42', 'falconx'
        $entities.Sources | Sort-Object -Unique | Should -Be 'SOC Sandbox'
        $entities.Status | Sort-Object -Unique | Should -Be 'Active'
        $entities | ForEach-Object { $_.Tags | Should -Be @('case-42', 'falconx') }
        ($entities[0].Attributes | Where-Object Name -eq 'Falcon X Sandbox Report Summary Link').Value |
            Should -Be "https://falcon.us-gov-2.crowdstrike.mil/intelligence/sandbox/report/$SeedId/report-summary"
    }

    It 'refuses an unknown cloud before reading any input' {
        { $SeedText | ConvertTo-ThreatQEntity -Cloud 'US-9' -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }
}

Describe 'ConvertTo-ThreatQEntity input forms' {
    It 'gives the same entities from JSON text, ConvertFrom-Json objects, FalconXReport objects, files and line-by-line text' {
        $expected = Get-EntityText ($SeedText | ConvertTo-ThreatQEntity)

        Get-EntityText (($SeedText | ConvertFrom-Json).resources | ConvertTo-ThreatQEntity) | Should -Be $expected
        Get-EntityText ($SeedText | ConvertFrom-Json | ConvertTo-ThreatQEntity) | Should -Be $expected
        Get-EntityText ($SeedText | ConvertFrom-Json -AsHashtable | ConvertTo-ThreatQEntity) | Should -Be $expected
        Get-EntityText ([FalconX.Models.ReportParser]::ParseReportsResponse($SeedText) | ConvertTo-ThreatQEntity) | Should -Be $expected
        Get-EntityText (Get-Item $SeedPath | ConvertTo-ThreatQEntity) | Should -Be $expected
        Get-EntityText (Get-Content $SeedPath | ConvertTo-ThreatQEntity -ErrorAction Stop) | Should -Be $expected
        Get-EntityText (ConvertTo-ThreatQEntity -InputObject $SeedText) | Should -Be $expected
        Get-EntityText (ConvertTo-ThreatQEntity -InputObject @($SeedText)) | Should -Be $expected
        $list = [Collections.Generic.List[FalconX.Models.FalconXReport]]::new([FalconX.Models.ReportParser]::ParseReportsResponse($SeedText))
        Get-EntityText (ConvertTo-ThreatQEntity -InputObject $list) | Should -Be $expected
    }

    It 'gives the same entities from ConvertFrom-Json objects as from JSON text with every mapping' {
        $expected = Get-EntityText ($SeedText | ConvertTo-ThreatQEntity -Include All -MinimumThreatLevel NoSpecificThreat)
        Get-EntityText ($SeedText | ConvertFrom-Json | ConvertTo-ThreatQEntity -Include All -MinimumThreatLevel NoSpecificThreat) | Should -Be $expected
        Get-EntityText ($SeedText | ConvertFrom-Json -AsHashtable | ConvertTo-ThreatQEntity -Include All -MinimumThreatLevel NoSpecificThreat) | Should -Be $expected
        @($expected).Count | Should -Be 19
    }

    It 'reads a JSON list of reports and JSON Lines, skipping blank lines' {
        $one = New-SeedReportJson -Id 'ace79a13936f4ec8ad4de36606814bfc_00000000000000000000000000000001'
        $two = New-SeedReportJson -Id 'ace79a13936f4ec8ad4de36606814bfc_00000000000000000000000000000002'

        ("[$one,$two]" | ConvertTo-ThreatQEntity | Where-Object ObjectType -eq 'Report').Count | Should -Be 2
        (@($one, '', '   ', $two) | ConvertTo-ThreatQEntity -ErrorAction Stop | Where-Object ObjectType -eq 'Report').Count | Should -Be 2
    }
}

Describe 'ConvertTo-ThreatQEntity merging and streaming' {
    It 'merges reports of one pipeline into one entity per type and value, in first-seen order' {
        $one = New-SeedReportJson -Id 'ace79a13936f4ec8ad4de36606814bfc_00000000000000000000000000000001'
        $two = New-SeedReportJson -Id 'ace79a13936f4ec8ad4de36606814bfc_00000000000000000000000000000002' -Change { param($r) $r.malquery[0].verdict = 'malicious' }

        $entities = $one, $two | ConvertTo-ThreatQEntity

        $entities.Count | Should -Be 9
        $entities[0].ObjectType | Should -Be 'Report'
        $entities[1].Value | Should -Be $SampleSha256
        $entities[8].ObjectType | Should -Be 'Report'
        $entities[1].Relationships.Count | Should -Be 2
        $shared = $entities | Where-Object Value -eq '009609f749677e0dfd71efd4cadfa91c41738bc304f34b235514be3e9731ab93'
        ($shared.Attributes | Where-Object Name -eq 'MalQuery Verdict').Value | Should -Be @('unknown', 'malicious')
        $shared.Relationships.Count | Should -Be 3
    }

    It 'writes nothing until the input ends, unless -Stream is given' {
        $one = New-SeedReportJson -Id 'ace79a13936f4ec8ad4de36606814bfc_00000000000000000000000000000001'
        $two = New-SeedReportJson -Id 'ace79a13936f4ec8ad4de36606814bfc_00000000000000000000000000000002'

        $script:phase = 'first'
        $merged = & { $one; $script:phase = 'second'; $two } | ConvertTo-ThreatQEntity | ForEach-Object { $script:phase }
        $merged | Sort-Object -Unique | Should -Be 'second'
        $merged.Count | Should -Be 9

        $script:phase = 'first'
        $streamed = & { $one; $script:phase = 'second'; $two } | ConvertTo-ThreatQEntity -Stream | ForEach-Object { $script:phase }
        ($streamed | Where-Object { $_ -eq 'first' }).Count | Should -Be 8
        $streamed.Count | Should -Be 16
    }
}

Describe 'ConvertTo-ThreatQEntity opt-in mappings' {
    It 'adds network indicators, related to the sample' {
        $entities = $SeedText | ConvertTo-ThreatQEntity -Include Network
        $network = $entities | Where-Object Type -in 'FQDN', 'IP Address', 'IPv6 Address', 'URL'
        ($network | ForEach-Object { "$($_.Type) $($_.Value)" }) | Should -Be @(
            'FQDN ajax.googleapis.com'
            'IP Address 172.217.9.138'
            'IP Address 172.217.5.14'
            'URL http://seeyouonlineservice.com/config.php'
        )
        $network | ForEach-Object { $_.Relationships.Value | Should -Contain $SampleSha256 }
    }

    It 'never makes indicators of private addresses unless -IncludeNoise is given' {
        $json = New-SeedReportJson -Change {
            param($r)
            $r.sandbox[0].contacted_hosts = @(
                [pscustomobject]@{ address = '192.168.56.1'; port = 445 }
                [pscustomobject]@{ address = 'fe80::1'; port = 445 }
                [pscustomobject]@{ address = '2a00:1450:4001:80b::200e'; port = 443 }
            )
        }

        $values = ($json | ConvertTo-ThreatQEntity -Include Network).Value
        $values | Should -Not -Contain '192.168.56.1'
        $values | Should -Not -Contain 'fe80::1'
        $values | Should -Contain '2a00:1450:4001:80b::200e'

        $noisy = ($json | ConvertTo-ThreatQEntity -Include Network -IncludeNoise).Value
        $noisy | Should -Contain '192.168.56.1'
        $noisy | Should -Contain 'fe80::1'
    }

    It 'adds dropped files at or above -MinimumThreatLevel' {
        ($SeedText | ConvertTo-ThreatQEntity -Include ExtractedFiles).Count | Should -Be 8
        $entities = $SeedText | ConvertTo-ThreatQEntity -Include ExtractedFiles -MinimumThreatLevel NoSpecificThreat
        $dropped = $entities | Where-Object { $_.Attributes.Name -contains 'File Name' }
        $dropped.Type | Should -Be @('SHA-256', 'SHA-1', 'MD5')
        $dropped | ForEach-Object { ($_.Relationships | Where-Object Description -eq 'Dropped By').Value | Should -Be $SampleSha256 }
    }

    It 'adds one attack pattern per malicious or suspicious technique' {
        $patterns = $SeedText | ConvertTo-ThreatQEntity -Include MitreAttack | Where-Object ObjectType -eq 'AttackPattern'
        $patterns.Value | Should -Be @('T1179 - Hooking', 'T1055 - Process Injection', 'T1076 - Remote Desktop Protocol', 'T1043 - Commonly Used Port')
        ($patterns[1].Attributes | Where-Object Name -eq 'Tactic').Value | Should -Be @('Privilege Escalation', 'Defense Evasion')
    }

    It 'adds report details and combines mappings' {
        $report = ($SeedText | ConvertTo-ThreatQEntity -Include ReportDetails)[0]
        ($report.Attributes | Where-Object Name -eq 'Threat Score').Value | Should -Be '99'
        ($report.Attributes | Where-Object Name -eq 'Environment').Value | Should -Be 'Windows 7 32 bit'
        ($report.Attributes | Where-Object Name -eq 'Submit Name').Value | Should -Be 'trojan_ponystealer'
        ($report.Attributes | Where-Object Name -eq 'Sandbox Tags').Value.Count | Should -Be 5

        ($SeedText | ConvertTo-ThreatQEntity -Include Network, MitreAttack).Count | Should -Be 16
        ($SeedText | ConvertTo-ThreatQEntity -Include All -MinimumThreatLevel NoSpecificThreat).Count | Should -Be 19
    }
}

Describe 'ConvertTo-ThreatQEntity special reports' {
    It 'gives a URL submission no sample indicator' {
        $json = New-SeedReportJson -Change { param($r) $r.sandbox[0].submission_type = 'page_url'; $r.sandbox[0] | Add-Member submit_url 'http://seeyouonlineservice.com/' }
        $entities = $json | ConvertTo-ThreatQEntity
        $entities.Value | Should -Not -Contain $SampleSha256
        $entities.Count | Should -Be 7
    }

    It 'gives an error-only report as the report with its error and nothing else' {
        $json = '{"id":"' + $SeedId + '","verdict":"no verdict","sandbox":[{"error_type":"FILE_TYPE_BAD_ERROR","error_message":"File type is not supported","error_origin":"CLIENT"}]}'
        $entities = @($json | ConvertTo-ThreatQEntity -Include All)
        $entities.Count | Should -Be 1
        ($entities[0].Attributes | Where-Object Name -eq 'Error Type').Value | Should -Be 'FILE_TYPE_BAD_ERROR'
        ($entities[0].Attributes | Where-Object Name -eq 'Error Message').Value | Should -Be 'File type is not supported'
    }

    It 'gives a report with only an id its Report and link' {
        $entities = @('{"id":"' + $SeedId + '"}' | ConvertTo-ThreatQEntity -Include All)
        $entities.Count | Should -Be 1
        $entities[0].Attributes.Name | Should -Be 'Falcon X Sandbox Report Summary Link'
    }
}

Describe 'ConvertTo-ThreatQEntity errors' {
    It 'gives one clear error per bad item and converts the good ones' {
        $items = @('not json', '{"colour":"blue"}', 42, '{"verdict":"malicious"}', $SeedText, '{"id":')
        $entities = $items | ConvertTo-ThreatQEntity -ErrorVariable problems -ErrorAction SilentlyContinue

        $entities.Count | Should -Be 8
        $problems.Count | Should -Be 5
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InvalidReportJson,*'
        $problems[0].CategoryInfo.Category | Should -Be 'ParserError'
        $problems[0].Exception.Message | Should -Match 'not valid JSON'
        $problems[0].TargetObject | Should -Be 'not json'
        $problems[1].FullyQualifiedErrorId | Should -BeLike 'NotAReport,*'
        $problems[1].CategoryInfo.Category | Should -Be 'InvalidData'
        $problems[1].Exception.Message | Should -Match 'colour'
        $problems[2].FullyQualifiedErrorId | Should -BeLike 'UnsupportedInput,*'
        $problems[2].CategoryInfo.Category | Should -Be 'InvalidType'
        $problems[3].FullyQualifiedErrorId | Should -BeLike 'ReportWithoutId,*'
        $problems[4].FullyQualifiedErrorId | Should -BeLike 'InvalidReportJson,*'
        $problems[4].Exception.Message | Should -Match 'cut short'
        $problems | ForEach-Object { $_.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty }
    }

    It 'refuses a sandbox submission with the way to its report' {
        $submission = Get-Content (Join-Path $Root 'tests/Fixtures/seed-submission.json') -Raw
        $submission | ConvertTo-ThreatQEntity -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems[0].Exception.Message | Should -Match 'submission'
        $problems[0].Exception.Message | Should -Match 'Get-FalconXReport'
    }

    It 'stops on the first bad item with -ErrorAction Stop' {
        { 'not json' | ConvertTo-ThreatQEntity -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidReportJson*'
    }
}

Describe 'ConvertTo-ThreatQEntity -AsConsumePayload' {
    It 'writes a report body and an indicator body in the consume shape' {
        $payloads = $SeedText | ConvertTo-ThreatQEntity -AsConsumePayload

        $payloads.Path | Should -Be @('/api/report/consume', '/api/indicators/consume')
        $payloads.Count | Should -Be 2
        $payloads[1].Count | Should -Be 7
        $indicators = $payloads[1].Body | ConvertFrom-Json
        $indicators.Count | Should -Be 7
        $indicators[0].value | Should -Be $SampleSha256
        $indicators[0].type.name | Should -Be 'SHA-256'
        $indicators[0].status.name | Should -Be 'Review'
        $indicators[0].sources[0].name | Should -Be 'CrowdStrike Falcon X Sandbox'
        $indicators[0].report[0].value | Should -Be $ReportValue
        $indicators[1].attributes[0].name | Should -Be 'MalQuery Verdict'
        $indicators[1].indicators[0].value | Should -Be $SampleSha256
        $report = ($payloads[0].Body | ConvertFrom-Json)[0]
        $report.published_at | Should -Be '2020-09-17 15:25:12'
        $report.PSObject.Properties.Name | Should -Not -Contain 'status'
    }

    It 'cuts bodies at -BatchSize, reports first, also when streaming' {
        $SeedText | ConvertTo-ThreatQEntity -AsConsumePayload -BatchSize 3 | ForEach-Object Count | Should -Be @(1, 3, 3, 1)
        $streamed = $SeedText | ConvertTo-ThreatQEntity -AsConsumePayload -BatchSize 3 -Stream
        ($streamed | ForEach-Object { "$($_.Collection):$($_.Count)" }) | Should -Be @('report:1', 'indicators:3', 'indicators:3', 'indicators:1')
    }

    It 'accepts at most 500 objects per body' {
        { $SeedText | ConvertTo-ThreatQEntity -AsConsumePayload -BatchSize 501 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }
}

Describe 'ConvertTo-ThreatQEntity views and help' {
    It 'shows entities and bodies in tables that fit 120 columns' {
        $entities = $SeedText | ConvertTo-ThreatQEntity -Include All
        # Value takes what the fixed columns leave, so the table is rendered at the width it must fit.
        $lines = ($entities | Format-Table | Out-String -Width 120) -split "`r?`n"
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 120
        @($lines -match '^ObjectType\s+Type\s+Value\s+Status\s+Attr\s+Links$').Count | Should -Be 1
        @($lines -match '^Indicator\s+SHA-256\s+[0-9a-f]{20}').Count | Should -BeGreaterThan 0
        $payloadLines = ($SeedText | ConvertTo-ThreatQEntity -AsConsumePayload | Format-Table | Out-String -Width 400) -split "`r?`n"
        ($payloadLines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 120
        ($payloadLines -join "`n") | Should -Match '/api/indicators/consume'
    }

    It 'shows a report read from JSON in a table that fits 120 columns' {
        $report = [FalconX.Models.ReportParser]::ParseReport((New-SeedReportJson))
        $text = $report | Format-Table | Out-String -Width 400
        (($text -split "`r?`n") | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 120
        $text | Should -Match '9026dc9993a940c1b5e0a2a320de2307'
        $text | Should -Match 'trojan_ponystealer'
    }

    It 'ships the mapping topic with the excluded ranges and the body shape' {
        $topic = Get-Content (Join-Path $env:FALCONX_MODULE_PATH 'en-US/about_FalconX_ThreatQMapping.help.txt') -Raw
        $topic | Should -Match 'Falcon X Sandbox Report Summary Link'
        $topic | Should -Match '172\.16\.0\.0/12'
        $topic | Should -Match 'fe80::/10'
        $topic | Should -Match '/api/<collection>/consume'
    }
}
