# Save-FalconXArtifact against the emulator (started as a process): every artifact kind, names, no overwrite
# without -Force, -WhatIf, unknown ids, dropped downloads, names that try to leave the folder.
BeforeAll {
    Import-Module $env:FALCONX_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'Common.psm1') -Force
    $script:Emulator = Start-TestEmulator
    $script:BaseUrl = $Emulator.BaseUrl
    $secret = ConvertTo-SecureString $Emulator.ClientSecret -AsPlainText -Force
    Connect-FalconX -BaseUrl $BaseUrl -ClientId $Emulator.ClientId -ClientSecret $secret -RetryDelayMilliseconds 10 -WarningAction SilentlyContinue | Out-Null
    $token = (Invoke-RestMethod -Method Post -Uri "$BaseUrl/oauth2/token" -Body @{ client_id = $Emulator.ClientId; client_secret = $Emulator.ClientSecret }).access_token
    $script:Headers = @{ Authorization = "Bearer $token" }

    function Set-Faults([hashtable] $Faults) {
        Set-EmulatorFaults $BaseUrl $Faults
    }
    function Get-RouteCount([string] $Route) {
        $n = (Get-EmulatorStats $BaseUrl).byRoute.$Route
        if ($n) { $n } else { 0 }
    }
    function New-Report([string] $Content, [string] $Name) {
        $upload = Invoke-RestMethod -Method Post -Uri "$BaseUrl/samples/entities/samples/v2?file_name=$Name" -Headers $Headers `
            -ContentType 'application/octet-stream' -Body ([Text.Encoding]::UTF8.GetBytes($Content))
        $body = @{ sandbox = @(@{ sha256 = $upload.resources[0].sha256; environment_id = 160 }) } | ConvertTo-Json -Depth 4
        $answer = Invoke-RestMethod -Method Post -Uri "$BaseUrl/falconx/entities/submissions/v1" -Headers $Headers -ContentType 'application/json' -Body $body
        Get-FalconXReport -ReportId $answer.resources[0].id
    }
    function New-Folder { (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "fx-art-$([guid]::NewGuid().ToString('N'))")).FullName }

    $script:Report = New-Report 'MZ FALCONX-MALICIOUS artifacts' 'dropper.exe'
    $script:Failed = New-Report 'MZ FALCONX-ERROR artifacts' 'broken.bin'
    $script:Folders = [Collections.Generic.List[string]]::new()
}

AfterAll {
    Get-FalconXConnection | Disconnect-FalconX -ErrorAction SilentlyContinue
    $Emulator | Stop-TestEmulator
    foreach ($f in $Folders) { Remove-Item $f -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Save-FalconXArtifact' {
    BeforeEach {
        Set-Faults @{ dropConnectionRate = 0; errorRoutes = @() }
        $script:Dir = New-Folder
        $Folders.Add($Dir)
    }

    It 'saves the eight IOC packs of a piped report by default, named after the report' {
        $saved = $Report | Save-FalconXArtifact -Path $Dir
        $saved.Count | Should -Be 8
        $saved[0] | Should -BeOfType 'FalconX.Client.SavedArtifact'
        $saved.Name | Should -Contain "dropper.exe_$($Report.ReportId)_ioc-strict.csv"
        $saved.Name | Should -Contain "dropper.exe_$($Report.ReportId)_ioc-broad.stix.json"
        (Get-Content (Join-Path $Dir "dropper.exe_$($Report.ReportId)_ioc-strict.csv") -TotalCount 1) | Should -Be 'ioc,source,type'
        (Get-Content (Join-Path $Dir "dropper.exe_$($Report.ReportId)_ioc-broad.json") -Raw | ConvertFrom-Json).Count | Should -BeGreaterThan 0
        Get-ChildItem $Dir -Force -Filter '*.partial' | Should -BeNullOrEmpty
    }

    It 'saves every kind with -Kind All, unpacked and in its real format' {
        $saved = $Report | Save-FalconXArtifact -Path $Dir -Kind All
        $kinds = $saved.Kind | ForEach-Object ToString | Sort-Object -Unique
        foreach ($k in 'IocStrictCsv', 'IocStrictJson', 'IocStrictStix', 'IocStrictMaec', 'IocBroadCsv', 'IocBroadJson', 'IocBroadStix', 'IocBroadMaec',
            'Pcap', 'Screenshot', 'MemoryStrings', 'MemoryDump', 'MemoryDumpHexDump', 'MemoryDumpStrings') {
            $kinds | Should -Contain $k
        }
        $saved.Count | Should -Be $Report.Artifacts.Count
        $bytes = { param($kind) [IO.File]::ReadAllBytes(($saved | Where-Object { $_.Kind.ToString() -eq $kind } | Select-Object -First 1).Path) }
        (& $bytes 'Pcap')[0..3] | Should -Be @(0xd4, 0xc3, 0xb2, 0xa1)
        (& $bytes 'Screenshot')[0..3] | Should -Be @(0x89, 0x50, 0x4e, 0x47)
        [Text.Encoding]::ASCII.GetString((& $bytes 'MemoryDump')[0..1]) | Should -Be 'MZ'
        (Get-Content ($saved | Where-Object { $_.Kind.ToString() -eq 'IocStrictStix' }).Path -Raw | ConvertFrom-Json).type | Should -Be 'bundle'
        $saved.Name | Should -Contain "dropper.exe_$($Report.ReportId)_screenshot-1.png"
        $saved.Name | Should -Contain "dropper.exe_$($Report.ReportId)_memdump-1.bin"
    }

    It 'takes entries of the Artifacts list by property name' {
        $saved = $Report.Artifacts | Where-Object Kind -eq 'MemoryDumpHexDump' | Save-FalconXArtifact -Path $Dir
        @($saved).Count | Should -Be @($Report.MemoryDumps).Count
        $saved[0].Name | Should -Be "$($Report.ReportId)_memdump-1.hex.txt"
        (Get-Content $saved[0].Path -TotalCount 1) | Should -BeLike '00000000  4d 5a*'
    }

    It 'keeps an existing file without -Force and replaces it with -Force' {
        $target = Join-Path $Dir "dropper.exe_$($Report.ReportId)_network.pcap"
        Set-Content -Path $target -Value 'keep me'
        $out = $Report | Save-FalconXArtifact -Path $Dir -Kind Pcap -ErrorVariable errors -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'FalconXArtifactFileExists,*'
        $errors[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $errors[0].ErrorDetails.RecommendedAction | Should -BeLike '*-Force*'
        Get-Content $target | Should -Be 'keep me'

        $replaced = $Report | Save-FalconXArtifact -Path $Dir -Kind Pcap -Force
        $replaced.Length | Should -BeGreaterThan 24
        [IO.File]::ReadAllBytes($target)[0] | Should -Be 0xd4
    }

    It 'skips the identical files of a re-run quietly, says so in -Verbose, and still refuses a different file' {
        $first = $Report | Save-FalconXArtifact -Path $Dir
        $changed = Join-Path $Dir "dropper.exe_$($Report.ReportId)_ioc-broad.csv"
        Set-Content -LiteralPath $changed -Value 'edited by hand'
        $again = $Report | Save-FalconXArtifact -Path $Dir -Verbose -ErrorVariable errors -ErrorAction SilentlyContinue 4>&1
        $verbose = @($again | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
        $saved = @($again | Where-Object { $_ -is [FalconX.Client.SavedArtifact] })
        $saved | Should -HaveCount 7
        $saved | ForEach-Object { $_.AlreadyPresent | Should -BeTrue }
        ($verbose -match '^Skipped .*: the same file is already there\.$') | Should -HaveCount 7
        $verbose | Should -Contain '7 files were already there with the same content and were left as they were.'
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'FalconXArtifactFileExists,*'
        $errors[0].Exception.Message | Should -Match 'different content'
        Get-Content -LiteralPath $changed | Should -Be 'edited by hand'
        @(Get-ChildItem $Dir -Force).Count | Should -Be 8 -Because 'nothing new was written, no temporary file is left'
        @($first).Count | Should -Be 8
    }

    It 'names the files of several reports in one folder after their samples' {
        $other = New-Report 'MZ FALCONX-SUSPICIOUS second sample' 'second sample.doc'
        $saved = $Report, $other | Save-FalconXArtifact -Path $Dir -Kind IocStrictCsv
        $saved.Name | Should -Be "dropper.exe_$($Report.ReportId)_ioc-strict.csv", "second-sample.doc_$($other.ReportId)_ioc-strict.csv"
    }

    It 'writes nothing and downloads nothing with -WhatIf' {
        $before = Get-RouteCount 'GET /falconx/entities/artifacts/v1'
        # In a runspace without a host, so the 'What if:' lines stay out of the test output.
        $out = Invoke-WithoutHost -ArgumentList (Get-FalconXConnection), $Report, (Join-Path $Dir 'new') { $args[1] | Save-FalconXArtifact -Path $args[2] -Kind All -WhatIf -Connection $args[0] }
        $out | Should -BeNullOrEmpty
        Test-Path (Join-Path $Dir 'new') | Should -BeFalse
        (Get-RouteCount 'GET /falconx/entities/artifacts/v1') | Should -Be $before
    }

    It 'creates the folder and keeps a name from -Name inside it' {
        $inner = Join-Path $Dir 'a/b'
        $saved = Save-FalconXArtifact -ArtifactId $Report.IocStrictJsonArtifactId -Kind IocStrictJson -Name '../../escaped.json' -Path $inner
        $saved.Path | Should -Be (Join-Path $inner 'escaped.json')
        (Get-ChildItem $Dir -Recurse -File).FullName | Should -Be @($saved.Path)
    }

    It 'names an artifact known only by id after the API''s answer' {
        $saved = Save-FalconXArtifact -ArtifactId $Report.PcapArtifactId -Path $Dir
        $saved.Name | Should -Be "$($Report.PcapArtifactId).pcap"
        $saved.Kind.ToString() | Should -Be 'Unknown'
    }

    It 'reports an unknown artifact id as not found and leaves no file' {
        $out = Save-FalconXArtifact -ArtifactId ('a' * 64) -Path $Dir -ErrorVariable errors -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'FalconXArtifactNotFound,*'
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Get-ChildItem $Dir -Force | Should -BeNullOrEmpty
    }

    It 'leaves no partial file when the connection drops mid-download' {
        Set-Faults @{ errorRoutes = @('GET /falconx/entities/artifacts/v1'); dropConnectionRate = 1 }
        $out = $Report | Save-FalconXArtifact -Path $Dir -Kind Pcap -ErrorVariable errors -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'FalconXConnectionFailed,*'
        Get-ChildItem $Dir -Force | Should -BeNullOrEmpty
    }

    It 'says so when a report has no artifact of the kind asked for' {
        $out = $Failed | Save-FalconXArtifact -Path $Dir -ErrorVariable errors -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'FalconXArtifactNotInReport,*'
        $errors[0].Exception.Message | Should -BeLike '*FILE_TYPE_BAD_ERROR*'
    }
}
