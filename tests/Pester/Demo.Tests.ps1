# The guided tour (examples/Demo.ps1, what `build.ps1 -Task Demo` runs) end to end against the emulator, in a child
# pwsh as the build runs it, with short detonations so it takes seconds.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common.psm1') -Force
    $script:Emulator = Start-TestEmulator -Faults @{ submissionDelayMs = 200 }
    $script:ThreatQ = Start-TestThreatQEmulator
    $script:WorkPath = Join-Path $TestDrive 'demo'
    $demo = Join-Path $env:FALCONX_REPO_ROOT 'examples/Demo.ps1'
    $output = & ([Environment]::ProcessPath) (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -File $demo `
        -ModulePath $env:FALCONX_MODULE_PATH -BaseUrl $Emulator.BaseUrl -ClientId $Emulator.ClientId `
        -ClientSecretPlain $Emulator.ClientSecret -WorkPath $WorkPath -ThreatQUrl $ThreatQ.BaseUrl -ThreatQClientId $ThreatQ.ClientId `
        -ThreatQEmail $ThreatQ.Email -ThreatQPasswordPlain $ThreatQ.Password 2>&1
    $script:ExitCode = $LASTEXITCODE
    $script:Raw = $output | Out-String -Width 200
    $script:Text = $Raw -replace '\x1b\[[0-9;]*m', ''
    $script:Stats = Get-EmulatorStats $Emulator
    $script:ThreatQObjects = Invoke-RestMethod "$($ThreatQ.BaseUrl)/_emulator/objects"
}

AfterAll {
    $Emulator, $ThreatQ | Stop-TestEmulator
}

Describe 'examples/Demo.ps1' {
    It 'runs to the end and exits 0' {
        $ExitCode | Should -Be 0 -Because $Text
        $Text | Should -Match 'Demo finished\.'
    }

    It 'writes plain text, no colour codes, when its output goes to a log' {
        $Raw | Should -Not -Match '\x1b\['
    }

    It 'reads like a tutorial: numbered steps, each showing the command it runs' {
        $Text | Should -Match '# 1\. Connect'
        $Text | Should -Match 'PS> Connect-FalconX'
        $Text | Should -Match 'PS> Get-ChildItem \$samples \| Submit-FalconXSample -EnvironmentId win10_x64 -Wait'
        $Text | Should -Match 'PS> Disconnect-FalconX'
    }

    It 'submits the three samples once and prints a malicious, a suspicious and a clean report' {
        $Text | Should -Match '(?m)^malicious\s+\d+ invoice\.exe'
        $Text | Should -Match '(?m)^suspicious\s+\d+ macro\.docm'
        $Text | Should -Match '(?m)^no specific threat\s+\d+ readme\.txt'
        $Stats.submissions | Should -Be 4 -Because 'the resubmission step reuses the existing report; the fourth is the ThreatQ attachment'
        $Stats.duplicateSubmissions | Should -Be 0
    }

    It 'shows the curated report detail, the reuse, the ThreatQ entities and the consume bodies' {
        $Text | Should -Match 'ThreatScore\s+: \d+'
        $Text | Should -Match 'Network\s+: \d+ DNS request'
        $Text | Should -Match 'already detonated'
        $Text | Should -Match '(?m)^Indicator\s+SHA-256\s+[0-9a-f]{20}'
        $Text | Should -Match 'AttackPattern'
        $Text | Should -Match '/api/indicators/consume'
        $Text | Should -Match 'The first body starts: \['
    }

    It 'saves the eight IOC packs of the malicious report' {
        $Text | Should -Match 'IocBroadMaec'
        $files = @(Get-ChildItem (Join-Path $WorkPath 'iocs') -File)
        $files.Count | Should -Be 8
        # <sample>_<cid>_<report hash>_<what>: the sample's name first, then the report id.
        $prefix = $files[0].Name.Split('_')[0..2] -join '_'
        $files.Name | Should -Contain "${prefix}_ioc-strict.csv"
        $files | ForEach-Object { $_.Length | Should -BeGreaterThan 0 }
    }

    It 'shows per-item errors with their id, and never prints the secret' {
        $Text | Should -Match '1 report found; 1 problem: FalconXReportNotFound'
        $Text | Should -Not -Match ([regex]::Escape($Emulator.ClientSecret))
    }

    It 'runs the ThreatQ guide''s two actions against the ThreatQ emulator, results related to their sources' {
        $Text | Should -Match 'PS> Get-ThreatQIndicator -Type SHA-256 -Status Review \| Get-FalconXReport -Latest'
        $Text | Should -Match 'PS> Get-ThreatQAttachment -Tag detonate \| Submit-FalconXSample -Wait'
        $reports = @($ThreatQObjects.collections.report)
        $reports | Should -HaveCount 3 -Because 'two indicators and one attachment each got their report'
        $reports | ForEach-Object { @($_.links | Where-Object { $_.collection -in 'indicators', 'attachments' }).Count | Should -BeGreaterThan 0 }
        $Text | Should -Not -Match ([regex]::Escape($ThreatQ.Password))
        @($reports.links | Where-Object collection -eq 'attachments') | Should -HaveCount 1
    }
}
