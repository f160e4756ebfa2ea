# Format views as a user sees them: one table and at most one list view per type, a table for every type a cmdlet
# writes (and every type nested in those), each default table within 120 columns on real objects from the emulator,
# and curated list views for the main types.
BeforeDiscovery {
    $formatFile = Join-Path $env:FALCONX_MODULE_PATH 'FalconX.Format.ps1xml'
    $script:TableTypes = @(([xml](Get-Content $formatFile -Raw)).SelectNodes('//View[TableControl]/ViewSelectedBy/TypeName') |
            ForEach-Object { $_.InnerText.Trim() } | Sort-Object -Unique | ForEach-Object { @{ TypeName = $_ } })
}

BeforeAll {
    Import-Module $env:FALCONX_MODULE_PATH -Force
    Import-Module (Join-Path $env:FALCONX_REPO_ROOT 'tools/EmulatorHost.psm1') -Force
    $script:FormatFile = Join-Path $env:FALCONX_MODULE_PATH 'FalconX.Format.ps1xml'
    $script:Emulator = Start-FalconXEmulator -ArgumentList @('--submission-delay-ms', '0')
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
    # ThreatQ objects from the ThreatQ emulator: a connection, indicators, attachments and written objects.
    $script:ThreatQEmulator = Start-ThreatQEmulator
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
    Add-Found @($Connection, (Get-FalconXQuota), (Get-FalconXEnvironment), $Submissions, $Reports, $summaries, $saved, $entities, $payloads,
        $tqConnection, $tqIndicators, $tqAttachments, $tqWritten) 0

    function Get-MaxLineLength([string] $Text) {
        ($Text -split "`r?`n" | ForEach-Object { $_.TrimEnd().Length } | Measure-Object -Maximum).Maximum
    }
}

AfterAll {
    Disconnect-FalconX -Connection $Connection -ErrorAction SilentlyContinue
    if ($Emulator) { $Emulator | Stop-FalconXEmulator }
    Get-ThreatQConnection | Disconnect-ThreatQ
    if ($ThreatQEmulator) { $ThreatQEmulator | Stop-ThreatQEmulator }
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
        Get-MaxLineLength $wide | Should -BeLessOrEqual 120
        # Identical at 120 and 400 columns: PowerShell had to neither drop nor squeeze a column.
        $narrow | Should -Be $wide
    }

    It 'is what plain output shows' {
        $objects = $Found[$TypeName]
        ($objects | Out-String -Width 400) | Should -Be ($objects | Format-Table | Out-String -Width 400)
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
