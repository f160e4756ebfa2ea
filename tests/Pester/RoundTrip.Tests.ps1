# Every FalconX output type reads back: objects that went through Export-Clixml/Import-Clixml, ConvertTo-Json/
# ConvertFrom-Json, a background job (deserialized in another process) or ForEach-Object -Parallel, and the scheduled
# scan's own reports-*.json files, pipe into ConvertTo-ThreatQEntity, Save-FalconXArtifact and Get-FalconXReport and
# give what the live objects give.
BeforeDiscovery {
    $script:Routes = @(
        @{ Route = 'Export-Clixml/Import-Clixml' }
        @{ Route = 'ConvertTo-Json -Depth 10/ConvertFrom-Json' }
        @{ Route = 'background job' }
        @{ Route = 'ForEach-Object -Parallel' }
    )
}

BeforeAll {
    Import-Module $env:FALCONX_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'Common.psm1') -Force
    $script:Emulator = Start-TestEmulator
    $secret = ConvertTo-SecureString $Emulator.ClientSecret -AsPlainText -Force
    Connect-FalconX -BaseUrl $Emulator.BaseUrl -ClientId $Emulator.ClientId -ClientSecret $secret -RetryDelayMilliseconds 10 -WarningAction SilentlyContinue | Out-Null
    $script:Folder = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "fx-rt-$([guid]::NewGuid().ToString('N'))")).FullName

    $sample = Join-Path $Folder 'dropper.exe'
    [IO.File]::WriteAllText($sample, 'MZ FALCONX-MALICIOUS round trip')
    $script:Submission = Submit-FalconXSample -LiteralPath $sample -EnvironmentId 160 -WarningAction SilentlyContinue
    $script:Report = Get-FalconXReport -ReportId $Submission.SubmissionId -Wait -PollIntervalSec 1 -TimeoutSec 60
    $script:Summary = Get-FalconXReport -ReportId $Submission.SubmissionId -Summary

    # What the live objects give: the reference for every route.
    function Get-EntityText($Entities) {
        foreach ($e in $Entities) {
            $attributes = ($e.Attributes | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join ';'
            $links = ($e.Relationships | ForEach-Object { "$($_.Description)>$($_.Value)" }) -join ';'
            '{0}|{1}|{2}|{3}|{4}|{5:o}|{6}|{7}' -f $e.ObjectType, $e.Type, $e.Value, $e.Status, ($e.Sources -join ','), $e.PublishedAt, $attributes, $links
        }
    }
    $script:ReportEntities = Get-EntityText ($Report | ConvertTo-ThreatQEntity -Include All)
    $script:SummaryEntities = Get-EntityText ($Summary | ConvertTo-ThreatQEntity -Include All)

    # The background-job route: one job (one child process, as Start-Job always starts) loads FalconX, makes the
    # objects of every Make script the Describe blocks use and sends them all back, each group after a marker line;
    # they arrive deserialized, as from a job per kind.
    $script:JobMakes = @(
        'Get-FalconXReport -ReportId $Id'
        'Get-FalconXReport -ReportId $Id -Summary'
        'Get-FalconXSubmission -SubmissionId $Id'
        '(Get-FalconXReport -ReportId $Id).Artifacts | Where-Object Kind -eq Pcap'
    )
    function Receive-FromJob([string] $Id) {
        $job = Start-Job -ScriptBlock {
            param($ModulePath, $BaseUrl, $ClientId, $ClientSecret, $Id, $Makes)
            Import-Module $ModulePath
            $key = ConvertTo-SecureString $ClientSecret -AsPlainText -Force
            Connect-FalconX -BaseUrl $BaseUrl -ClientId $ClientId -ClientSecret $key -WarningAction SilentlyContinue | Out-Null
            foreach ($make in $Makes) {
                "--- made by: $make"
                & ([scriptblock]::Create($make))
            }
        } -ArgumentList $env:FALCONX_MODULE_PATH, $Emulator.BaseUrl, $Emulator.ClientId, $Emulator.ClientSecret, $Id, $JobMakes
        $null = Wait-Job $job -Timeout 120
        $arrived = @(Receive-Job $job -ErrorAction Stop)
        Remove-Job $job -Force
        $groups = @{}
        $current = $null
        foreach ($item in $arrived) {
            if ($item -is [string] -and $item.StartsWith('--- made by: ')) { $current = $item.Substring(13); $groups[$current] = [System.Collections.Generic.List[object]]::new(); continue }
            $groups[$current].Add($item)
        }
        foreach ($make in $JobMakes) { if (-not $groups.ContainsKey($make)) { throw "The job sent nothing for: $make" } }
        $groups
    }

    # Makes objects with $Make (code that may use $Id), sends them across a route and gives what arrives.
    function Get-Across([string] $Route, [string] $Make, [string] $Id = $Submission.SubmissionId) {
        if ($Route -eq 'background job') {
            if (-not $script:FromJob) { $script:FromJob = Receive-FromJob $Id }
            return $script:FromJob[$Make]
        }

        $made = @(& ([scriptblock]::Create($Make)))
        switch ($Route) {
            'Export-Clixml/Import-Clixml' {
                $path = Join-Path $Folder "$([guid]::NewGuid().ToString('N')).xml"
                $made | Export-Clixml -LiteralPath $path
                Import-Clixml -LiteralPath $path
            }
            'ConvertTo-Json -Depth 10/ConvertFrom-Json' {
                # -AsArray keeps one object a list, as a file of several reports is; ConvertFrom-Json unrolls it.
                ConvertTo-Json -InputObject $made -Depth 10 -AsArray | ConvertFrom-Json | ForEach-Object { $_ }
            }
            'ForEach-Object -Parallel' {
                $made | ForEach-Object -Parallel { $_ } -ThrottleLimit 2
            }
        }
    }

    function New-Folder { (New-Item -ItemType Directory -Path (Join-Path $Folder ([guid]::NewGuid().ToString('N')))).FullName }
}

Describe 'A FalconXReport that crossed <Route>' -ForEach $Routes {
    BeforeAll {
        $script:Across = @(Get-Across $Route 'Get-FalconXReport -ReportId $Id')
    }

    It 'arrives as one report' {
        $Across.Count | Should -Be 1
        $Across[0].ReportId | Should -Be $Report.ReportId
    }

    It 'converts to the same ThreatQ entities as the live report' {
        Get-EntityText ($Across | ConvertTo-ThreatQEntity -Include All) | Should -Be $ReportEntities
    }

    It 'saves its artifacts with Save-FalconXArtifact' {
        $dir = New-Folder
        $saved = $Across | Save-FalconXArtifact -Path $dir -Kind IocStrictCsv, Pcap
        @($saved).Count | Should -Be 2
        @(Get-ChildItem $dir -Filter "*_$($Report.ReportId)_ioc-strict.csv").Count | Should -Be 1
    }

    It 'fetches itself again with Get-FalconXReport' {
        ($Across | Get-FalconXReport).ReportId | Should -Be $Report.ReportId
    }
}

Describe 'A FalconXReportSummary that crossed <Route>' -ForEach $Routes {
    BeforeAll {
        $script:Across = @(Get-Across $Route 'Get-FalconXReport -ReportId $Id -Summary')
    }

    It 'converts to the same ThreatQ entities as the live summary' {
        $Across.Count | Should -Be 1
        Get-EntityText ($Across | ConvertTo-ThreatQEntity -Include All) | Should -Be $SummaryEntities
    }

    It 'saves the IOC packs its ids name with Save-FalconXArtifact' {
        $dir = New-Folder
        $saved = $Across | Save-FalconXArtifact -Path $dir
        @($saved).Count | Should -Be 8
        @(Get-ChildItem $dir -Filter "*_$($Report.ReportId)_ioc-broad.json").Count | Should -Be 1
    }

    It 'fetches the full report with Get-FalconXReport' {
        $full = $Across | Get-FalconXReport
        $full.ReportId | Should -Be $Report.ReportId
        $full.Sandbox.Count | Should -Be 1
    }
}

Describe 'A FalconXSubmission that crossed <Route>' -ForEach $Routes {
    BeforeAll {
        $script:Across = @(Get-Across $Route 'Get-FalconXSubmission -SubmissionId $Id')
    }

    It 'fetches its report with Get-FalconXReport' {
        $Across.Count | Should -Be 1
        ($Across | Get-FalconXReport).ReportId | Should -Be $Report.ReportId
    }

    It 'is refused by ConvertTo-ThreatQEntity as a submission, not a report' {
        $entities = $Across | ConvertTo-ThreatQEntity -ErrorVariable problems -ErrorAction SilentlyContinue
        $entities | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'NotAReport*'
        $problems[0].Exception.Message | Should -BeLike '*sandbox submission*Get-FalconXReport*'
    }
}

Describe 'A ReportArtifact that crossed <Route>' -ForEach $Routes {
    It 'saves with Save-FalconXArtifact by property name' {
        $across = @(Get-Across $Route '(Get-FalconXReport -ReportId $Id).Artifacts | Where-Object Kind -eq Pcap')
        $dir = New-Folder
        $saved = $across | Save-FalconXArtifact -Path $dir
        @($saved).Count | Should -Be 1
        Join-Path $dir "$($Report.ReportId)_network.pcap" | Should -Exist
    }
}

Describe "The scheduled scan's reports-*.json file" {
    BeforeAll {
        # Written exactly as examples/Invoke-FalconXScheduledScan.ps1 writes it.
        $script:ReportsFile = Join-Path $Folder 'reports-20260101T000000Z.json'
        $reports = [System.Collections.Generic.List[object]]::new()
        $reports.Add($Report)
        $reports | ConvertTo-Json -Depth 12 | Set-Content -LiteralPath $ReportsFile -Encoding utf8
    }

    It 'converts (as a file, or as its text) to the same ThreatQ entities as the live reports' {
        Get-EntityText (Get-Item $ReportsFile | ConvertTo-ThreatQEntity -Include All) | Should -Be $ReportEntities
        Get-EntityText (Get-Content $ReportsFile -Raw | ConvertTo-ThreatQEntity -Include All) | Should -Be $ReportEntities
    }

    It 'pipes into Save-FalconXArtifact and Get-FalconXReport through ConvertFrom-Json' {
        $dir = New-Folder
        $saved = Get-Content $ReportsFile -Raw | ConvertFrom-Json | Save-FalconXArtifact -Path $dir -Kind IocStrictJson
        @($saved).Count | Should -Be 1
        (Get-Content $ReportsFile -Raw | ConvertFrom-Json | Get-FalconXReport).ReportId | Should -Be $Report.ReportId
    }
}

AfterAll {
    Get-FalconXConnection | Disconnect-FalconX -ErrorAction SilentlyContinue
    $Emulator | Stop-TestEmulator
    if ($Folder) { Remove-Item $Folder -Recurse -Force -ErrorAction SilentlyContinue }
}
