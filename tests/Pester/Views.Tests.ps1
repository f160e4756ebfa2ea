# Format views as a user sees them: one table and at most one list view per type, a table for every type a cmdlet
# writes (and every type nested in those), each default table within 120 columns on real objects from the emulator
# and useful at 80 (the leading columns whole; the tables a newcomer meets first show every column that matters),
# and curated list views for the main types.
BeforeDiscovery {
    $formatFile = Join-Path $env:FALCONX_MODULE_PATH 'FalconX.Format.ps1xml'
    $script:TableTypes = @(([xml](Get-Content $formatFile -Raw)).SelectNodes('//View[TableControl]/ViewSelectedBy/TypeName') |
            ForEach-Object { $_.InnerText.Trim() } | Sort-Object -Unique | ForEach-Object { @{ TypeName = $_ } })
}

BeforeAll {
    Import-Module $env:FALCONX_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'Common.psm1') -Force
    $script:FormatFile = Join-Path $env:FALCONX_MODULE_PATH 'FalconX.Format.ps1xml'
    # 2023-shaped reports carry MalQuery, so the MalQuery types are rendered too (the 2026 default has none).
    $script:Emulator = Start-TestEmulator -Faults @{ reportShape = '2023' }
    $cred = [pscredential]::new($Emulator.ClientId, (ConvertTo-SecureString $Emulator.ClientSecret -AsPlainText -Force))
    $script:Connection = Connect-FalconX -BaseUrl $Emulator.BaseUrl -Credential $cred -WarningAction SilentlyContinue

    $samples = Join-Path $TestDrive 'samples'
    $null = New-Item -ItemType Directory -Path $samples
    $tag = [guid]::NewGuid().ToString('N')
    Set-Content (Join-Path $samples 'invoice-with-a-long-name-that-needs-truncating.exe') "MZ FALCONX-MALICIOUS $tag"
    Set-Content (Join-Path $samples 'macro.docm') "FALCONX-SUSPICIOUS $tag"
    Set-Content (Join-Path $samples 'notes.txt') "harmless $tag"
    Set-Content (Join-Path $samples 'broken.bin') "FALCONX-ERROR $tag"

    $script:Submissions = @(Get-ChildItem $samples | Submit-FalconXSample -UserTag 'views' -WarningAction SilentlyContinue)
    $script:Submissions += Submit-FalconXSample -Url "https://example.invalid/falconx-malicious/$tag/landing" -EnvironmentId win7_x86
    $script:Reports = @(Get-ChildItem $samples | Submit-FalconXSample -Wait -PollIntervalSec 1 -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
    $script:Reports += @(Get-FalconXReport -ReportId ($Submissions.SubmissionId) -Wait -PollIntervalSec 1 -IncludeIoc -ErrorAction SilentlyContinue)
    $script:Malicious = $Reports | Where-Object { $_.Verdict -eq 'malicious' -and $_.SubmitName -like 'invoice*' -and $_.Iocs } | Select-Object -First 1
    $script:Failed = $Reports | Where-Object HasError | Select-Object -First 1
    $summaries = @(Get-FalconXReport -ReportId $Malicious.ReportId -Summary)
    $saved = @($Malicious | Save-FalconXArtifact -Path (Join-Path $TestDrive 'iocs') -Kind IocStrict, Pcap)
    $entities = @($Reports | ConvertTo-ThreatQEntity -Include All)
    $payloads = @($Reports | ConvertTo-ThreatQEntity -AsConsumePayload)
    $samples = @(Get-FalconXSample -Sha256 $Malicious.Sha256, ('0' * 64))
    $verdicts = @(Get-FalconXVerdict -Sha256 $Malicious.Sha256, ('0' * 64))
    $savedSamples = @(Save-FalconXSample -Sha256 $Malicious.Sha256 -Path (Join-Path $TestDrive 'samples-saved'))
    # ThreatQ objects from the ThreatQ emulator: a connection, indicators, attachments and written objects.
    $script:ThreatQEmulator = Start-TestThreatQEmulator
    $seed = @{
        indicators  = @($Reports | Where-Object Sha256 | ForEach-Object { @{ value = $_.Sha256; type = @{ name = 'SHA-256' }; status = @{ name = 'Review' }; tags = @(@{ name = 'views' }) } })
        attachments = @(@{ name = 'invoice-with-a-long-name-that-needs-truncating.exe'; type = 'Malware Sample'; tags = @('views'); content = "MZ views $tag" })
    }
    Invoke-RestMethod -Method Post -Uri "$($ThreatQEmulator.BaseUrl)/_emulator/seed" -ContentType 'application/json' -Body ($seed | ConvertTo-Json -Depth 6) | Out-Null
    $tqCred = [pscredential]::new($ThreatQEmulator.Email, (ConvertTo-SecureString $ThreatQEmulator.Password -AsPlainText -Force))
    $tqConnection = Connect-ThreatQ -Uri $ThreatQEmulator.BaseUrl -Credential $tqCred -ClientId $ThreatQEmulator.ClientId -WarningAction SilentlyContinue
    $tqIndicators = @(Get-ThreatQIndicator -Tag views)
    $tqAttachments = @(Get-ThreatQAttachment -Tag views)
    $tqWritten = @($tqIndicators | Get-FalconXReport -Latest -ErrorAction SilentlyContinue | ConvertTo-ThreatQEntity | Send-ThreatQEntity -PassThru)

    # Every FalconX object reachable from what the cmdlets wrote, grouped by type: what the table test renders.
    $script:Found = @{}
    $seen = [System.Collections.Generic.HashSet[object]]::new([System.Collections.Generic.ReferenceEqualityComparer]::Instance)
    function Add-Found($Value, [int] $Depth) {
        if ($null -eq $Value -or $Depth -gt 5) { return }
        if ($Value -is [System.Collections.IEnumerable] -and $Value -isnot [string]) {
            foreach ($item in $Value) { Add-Found $item $Depth }
            return
        }
        $type = $Value.GetType()
        if (-not $type.Namespace -or -not $type.Namespace.StartsWith('FalconX') -or $type.IsEnum) { return }
        if (-not $seen.Add($Value)) { return }
        if (-not $Found.ContainsKey($type.FullName)) { $Found[$type.FullName] = [System.Collections.Generic.List[object]]::new() }
        $Found[$type.FullName].Add($Value)
        foreach ($property in $type.GetProperties([System.Reflection.BindingFlags] 'Public, Instance')) {
            if ($property.GetIndexParameters().Count -or $property.Name -eq 'AdditionalProperties') { continue }
            Add-Found $property.GetValue($Value) ($Depth + 1)
        }
    }
    Add-Found @($Connection, (Get-FalconXQuota), (Get-FalconXEnvironment), $Submissions, $Reports, $summaries, $saved, $entities, $payloads, $samples, $savedSamples, $verdicts,
        $tqConnection, $tqIndicators, $tqAttachments, $tqWritten) 0

    function Get-Header([string] $Text) {
        ($Text -split "`r?`n" | Where-Object { $_.Trim() } | Select-Object -First 1).TrimEnd()
    }

    function Get-MaxLineLength([string] $Text) {
        ($Text -split "`r?`n" | ForEach-Object { $_.TrimEnd().Length } | Measure-Object -Maximum).Maximum
    }
}

AfterAll {
    Disconnect-FalconX -Connection $Connection -ErrorAction SilentlyContinue
    $Emulator | Stop-TestEmulator
    Get-ThreatQConnection | Disconnect-ThreatQ
    $ThreatQEmulator | Stop-TestEmulator
}

Describe 'The merged format file' {
    It 'has no type with two views of the same kind (the first would silently win)' {
        $pairs = foreach ($view in ([xml](Get-Content $FormatFile -Raw)).SelectNodes('//View')) {
            $kind = ($view.ChildNodes | Where-Object { $_.LocalName -like '*Control' }).LocalName
            foreach ($type in $view.ViewSelectedBy.TypeName) { "$($type.Trim()) $kind" }
        }
        $duplicates = $pairs | Group-Object | Where-Object Count -gt 1 | ForEach-Object Name
        $duplicates | Should -BeNullOrEmpty -Because 'each type needs exactly one table view and at most one list view'
    }

    It 'gives a table view to every type a cmdlet outputs and every FalconX type nested in those' {
        $pending = [System.Collections.Generic.Queue[type]]::new()
        foreach ($command in Get-Command -Module FalconX -CommandType Cmdlet) {
            foreach ($type in $command.OutputType.Type) { if ($type) { $pending.Enqueue($type) } }
        }
        $visited = @{}
        $enumerableOfT = [System.Collections.Generic.IEnumerable[object]].GetGenericTypeDefinition()
        while ($pending.Count) {
            $type = $pending.Dequeue()
            if ([Nullable]::GetUnderlyingType($type)) { $type = [Nullable]::GetUnderlyingType($type) }
            $element = $type.GetInterfaces() + $type | Where-Object { $_.IsGenericType -and $_.GetGenericTypeDefinition() -eq $enumerableOfT } | Select-Object -First 1
            if ($element -and $type -ne [string]) { $type = $element.GetGenericArguments()[0] }
            if ($visited.ContainsKey($type.FullName) -or -not $type.Namespace -or -not $type.Namespace.StartsWith('FalconX') -or $type.IsEnum) { continue }
            $visited[$type.FullName] = $true
            foreach ($property in $type.GetProperties([System.Reflection.BindingFlags] 'Public, Instance')) {
                if ($property.Name -ne 'AdditionalProperties') { $pending.Enqueue($property.PropertyType) }
            }
        }
        $visited.Keys | Should -Contain 'FalconX.Models.DnsRequest' -Because 'the walk reaches the detonation detail of a report'
        foreach ($name in $visited.Keys) {
            $views = (Get-FormatData -TypeName $name).FormatViewDefinition
            $views.Control | Where-Object { $_ -is [System.Management.Automation.TableControl] } |
                Should -Not -BeNullOrEmpty -Because "$name is output (or shown inside output) and needs a default table"
        }
    }

    It 'gives a curated list view to <_>' -ForEach @(
        'FalconX.Models.FalconXReport', 'FalconX.Models.FalconXReportSummary', 'FalconX.Models.FalconXSubmission',
        'FalconX.PowerShell.FalconXConnection', 'FalconX.ThreatQ.ThreatQEntity', 'FalconX.Client.SavedArtifact') {
        (Get-FormatData -TypeName $_).FormatViewDefinition.Control |
            Where-Object { $_ -is [System.Management.Automation.ListControl] } | Should -Not -BeNullOrEmpty
    }
}

Describe 'Default table of <TypeName>' -ForEach $TableTypes {
    It 'fits 120 columns on real objects, with no column dropped' {
        $objects = $Found[$TypeName]
        $objects | Should -Not -BeNullOrEmpty -Because "the emulator run should produce $TypeName objects to render"
        $narrow = $objects | Format-Table | Out-String -Width 120
        $wide = $objects | Format-Table | Out-String -Width 400
        Get-MaxLineLength $narrow | Should -BeLessOrEqual 120
        # The same columns at 120 and 400: PowerShell had to neither drop nor squeeze a column (a free-text column
        # without a width takes what the width leaves, so it may show less of a long value at 120).
        ((Get-Header $narrow) -replace '\s+', ' ') | Should -Be ((Get-Header $wide) -replace '\s+', ' ')
        @($narrow -split "`r?`n" | Where-Object { $_.Trim() })[1] | Should -Match '^[\s-]+$' -Because 'no header label wraps at 120 columns'
    }

    It 'is useful at 80 columns: nothing wraps, the leading columns are whole' {
        $objects = $Found[$TypeName]
        $text = $objects | Format-Table | Out-String -Width 80
        Get-MaxLineLength $text | Should -BeLessOrEqual 80
        $labels = @((Get-FormatData -TypeName $TypeName).FormatViewDefinition.Control |
                Where-Object { $_ -is [System.Management.Automation.TableControl] } | Select-Object -First 1).Headers.Label
        $header = Get-Header $text
        # No header label wraps onto a second line (PowerShell squeezes a column that does not quite fit into the
        # few columns left, one letter pair per line): the line under the header is its dashes.
        $lines = @($text -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[1] | Should -Match '^[\s-]+$' -Because "the header of $TypeName should be one line at 80 columns:`n$text"
        # The header is one line that starts with the first columns in order, each label whole.
        $header | Should -Match ('^\s*' + [regex]::Escape($labels[0]) + '\s+' + [regex]::Escape($labels[1]) + '(\s|$)')
    }

    It 'is what plain output shows' {
        $objects = $Found[$TypeName]
        ($objects | Out-String -Width 400) | Should -Be ($objects | Format-Table | Out-String -Width 400)
    }
}

Describe 'The tables a newcomer sees first, at 80 columns' {
    It 'shows every column <Columns> of <TypeName> whole at 80 columns' -ForEach @(
        @{ TypeName = 'FalconX.Models.FalconXReport'; Columns = 'Verdict', 'Score', 'SubmitName', 'ReportId (after cid_)' }
        @{ TypeName = 'FalconX.Models.FalconXSubmission'; Columns = 'FileName', 'Env', 'State', 'Reused', 'SubmissionId (after cid_)' }
        @{ TypeName = 'FalconX.PowerShell.FalconXConnection'; Columns = 'Cloud', 'BaseUrl', 'Quota', 'TokenExpiresAt' }
        @{ TypeName = 'FalconX.Models.FalconXQuota'; Columns = 'Total', 'Used', 'InProgress', 'Remaining', 'ObservedAt' }
        @{ TypeName = 'FalconX.Models.SandboxEnvironment'; Columns = 'Id', 'Name', 'Description', 'Status' }
        @{ TypeName = 'FalconX.Client.SavedArtifact'; Columns = 'Kind', 'Length', 'Name' }
        @{ TypeName = 'FalconX.ThreatQ.ThreatQEntity'; Columns = 'ObjectType', 'Type', 'Value', 'Status', 'Attr', 'Links' }
        @{ TypeName = 'FalconX.ThreatQ.ThreatQConsumePayload'; Columns = 'Collection', 'Count', 'Path', 'Bytes' }
    ) {
        $text = $Found[$TypeName] | Format-Table | Out-String -Width 80
        Get-MaxLineLength $text | Should -BeLessOrEqual 80
        $header = Get-Header $text
        $header | Should -Match ('^\s*' + (($Columns | ForEach-Object { [regex]::Escape($_) }) -join '\s+') + '(\s|$)')
    }

    It 'shows a report''s verdict, name and the id after the CID on one 80-column line' {
        $line = ($Malicious | Format-Table | Out-String -Width 80) -split "`r?`n" | Where-Object { $_ -match 'malicious' } | Select-Object -First 1
        $line | Should -Match ([regex]::Escape(($Malicious.ReportId -split '_')[-1]))
        $line | Should -Match 'invoice-with-a-long-n'
    }

    It 'shows each submission''s own id, not the tenant''s CID on every row' {
        $text = $Submissions | Format-Table | Out-String -Width 80
        foreach ($submission in $Submissions) {
            $text | Should -Match ([regex]::Escape(($submission.SubmissionId -split '_')[-1]))
        }
        $cid = ($Submissions[0].SubmissionId -split '_')[0]
        $text | Should -Not -Match $cid
    }

    It 'shows a report''s date and environment from 120 columns on' {
        $text = $Malicious | Format-Table | Out-String -Width 120
        $text | Should -Match 'Created\s+Environment'
        $text | Should -Match ([regex]::Escape($Malicious.CreatedAt.LocalDateTime.ToString('yyyy-MM-dd HH:mm')) + '\s+win10_x64')
    }
}

Describe 'List views' {
    It 'show a report as the curated detail, most important first, not 60 raw properties' {
        $lines = @(($Malicious | Format-List | Out-String -Width 120) -split "`r?`n" | Where-Object { $_ -match '^\S' })
        $labels = $lines | ForEach-Object { ($_ -split ':', 2)[0].Trim() }
        $labels[0..2] | Should -Be 'ReportId', 'Verdict', 'ThreatScore'
        foreach ($label in 'SubmitName', 'Sha256', 'FileType', 'Environment', 'CreatedAt', 'Tags', 'ConsoleUrl', 'Network', 'Findings', 'MitreAttack', 'Artifacts') {
            $labels | Should -Contain $label
        }
        $labels | Should -Not -Contain 'Aid'
        $labels | Should -Not -Contain 'IndexedAt'
        $labels | Should -Not -Contain 'ErrorType' -Because 'error fields show only when the detonation failed'
        $labels.Count | Should -BeLessThan 25
        $text = $Malicious | Format-List | Out-String -Width 200
        $dns = ($Malicious.Sandbox | ForEach-Object { $_.DnsRequests.Count } | Measure-Object -Sum).Sum
        $text | Should -Match "Network\s+: $dns DNS requests?, \d+ contacted hosts?, \d+ HTTP requests?"
        $text | Should -Match 'Environment\s+: Windows 10 64 bit \(160, win10_x64\)'
        $text | Should -Match 'Artifacts\s+: 8 IOC packs, PCAP, .*\(Save-FalconXArtifact\)'
        $text | Should -Match 'Iocs\s+: \d+ \(strict IOC pack\)'
    }

    It 'show a summary with only what a summary has (no network or findings counts it does not carry)' {
        $summary = $Found['FalconX.Models.FalconXReportSummary'][0]
        $text = $summary | Format-List | Out-String -Width 200
        $text | Should -Match 'Verdict\s+: malicious'
        $text | Should -Not -Match 'Network\s+:'
        $text | Should -Not -Match 'Findings\s+:'
        $text | Should -Not -Match '0 DNS requests'
    }

    It 'show the error of a failed detonation' {
        $text = $Failed | Format-List | Out-String -Width 200
        $text | Should -Match 'ErrorType\s+: FILE_TYPE_BAD_ERROR'
        $text | Should -Match 'ErrorMessage\s+: \S'
        $text | Should -Not -Match 'Network\s+:' -Because 'a failed detonation has no network detail to count'
    }

    It 'show a connection with its quota in words, never a secret or token' {
        $text = Get-FalconXConnection | Format-List | Out-String -Width 200
        $text | Should -Match 'Cloud\s+: Custom'
        $text | Should -Match 'Quota\s+: \d+ of \d+ left \(\d+ used, \d+ in progress\)'
        $text | Should -Not -Match ([regex]::Escape($Emulator.ClientSecret))
    }

    It 'show a saved artifact with its path and whether it was decompressed' {
        $text = $Found['FalconX.Client.SavedArtifact'][0] | Format-List | Out-String -Width 300
        $text | Should -Match 'Name\s+: \S+_ioc-strict'
        $text | Should -Match 'Decompressed\s+: (yes|no)'
        $text | Should -Match 'Path\s+: \S'
    }

    It 'show a ThreatQ entity with its attributes and relationships one per line' {
        $indicator = $Found['FalconX.ThreatQ.ThreatQEntity'] | Where-Object { $_.Relationships.Count -ge 2 } | Select-Object -First 1
        $text = $indicator | Format-List | Out-String -Width 200
        $text | Should -Match 'Relationships\s+: Related To'
        $text | Should -Match 'Sources\s+: CrowdStrike Falcon X Sandbox'
    }
}
