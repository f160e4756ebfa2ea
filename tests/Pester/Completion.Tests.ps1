# Tab completion as an interactive user gets it (TabExpansion2, what PSReadLine calls): the right values, in a useful
# order, each with a tooltip that says what it is; and the values offered are exactly the values that bind.
BeforeAll {
    Import-Module $env:FALCONX_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'Common.psm1') -Force
    function Get-Completion([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches)
    }
}

Describe '-EnvironmentId completion' {
    It 'offers every current environment by name, with its id and description as the tooltip, deprecated ones last' {
        $found = Get-Completion 'Submit-FalconXSample -EnvironmentId '
        $found.CompletionText | Should -Contain 'win10_x64'
        $found.CompletionText | Should -Contain 'ubuntu24_x64'
        ($found | Where-Object CompletionText -eq 'win10_x64').ToolTip | Should -Be '160: Windows 10 64 bit'
        $deprecated = @($found | Where-Object ToolTip -like '*(deprecated)')
        $deprecated.Count | Should -BeGreaterThan 0
        $firstDeprecated = [array]::IndexOf([string[]]$found.CompletionText, $deprecated[0].CompletionText)
        @($found | Select-Object -Skip $firstDeprecated | Where-Object ToolTip -notlike '*(deprecated)') | Should -BeNullOrEmpty
    }

    It 'completes a typed number to ids, showing the name' {
        $found = Get-Completion 'Submit-FalconXSample -EnvironmentId 1'
        $found.CompletionText | Should -Be '100', '110', '140', '160'
        ($found | Where-Object CompletionText -eq '160').ToolTip | Should -Be 'win10_x64: Windows 10 64 bit'
        ($found | Where-Object CompletionText -eq '160').ListItemText | Should -Be '160 win10_x64'
    }

    It 'finds names by prefix and by words of the description' {
        (Get-Completion 'Get-FalconXReport -EnvironmentId win1').CompletionText | Should -Be 'win11_x64', 'win10_x64'
        (Get-Completion 'Submit-FalconXSample -EnvironmentId Linux').CompletionText | Should -Contain 'ubuntu24_x64'
        (Get-Completion "Submit-FalconXSample -EnvironmentId 'andr").CompletionText | Should -Be 'android'
    }

    It 'completes Get-FalconXEnvironment -Name the same way' {
        (Get-Completion 'Get-FalconXEnvironment -Name mac').CompletionText | Should -Be 'macos_tahoe_arm', 'macos_catalina'
    }

    It 'offers only values that bind: every completed name resolves to its id' {
        foreach ($match in Get-Completion 'Get-FalconXEnvironment -Name ') {
            (Get-FalconXEnvironment -Name $match.CompletionText).Name | Should -Be $match.CompletionText
        }
    }
}

Describe 'Completion of <Line>' -ForEach @(
    @{ Line = 'Submit-FalconXSample -ActionScript '; Expected = 'default', 'default_maxantievasion', 'default_randomfiles', 'default_randomtheme', 'default_openie'; Tip = 'anti-evasion' }
    @{ Line = 'Submit-FalconXSample -NetworkSetting '; Expected = 'default', 'tor', 'simulated', 'offline'; Tip = 'nothing leaves' }
    @{ Line = 'ConvertTo-ThreatQEntity -Cloud '; Expected = 'US-1', 'US-2', 'EU-1', 'US-GOV-1', 'US-GOV-2'; Tip = 'falcon.eu-1.crowdstrike.com' }
    @{ Line = 'Connect-FalconX -Cloud '; Expected = 'EU1', 'US1', 'US2', 'USGOV1', 'USGOV2'; Tip = $null }
) {
    It 'offers exactly the accepted values' {
        $found = Get-Completion $Line
        @($found.CompletionText | Sort-Object) | Should -Be @($Expected | Sort-Object)
        if ($Tip) {
            ($found.ToolTip -join "`n") | Should -Match ([regex]::Escape($Tip)) -Because 'each value carries a tooltip saying what it does'
            foreach ($match in $found) { $match.ToolTip | Should -Not -Be $match.CompletionText }
        }
    }

    It 'narrows to what the typed prefix matches' {
        $prefix = $Expected[-1].Substring(0, 3)
        $found = Get-Completion ($Line + $prefix)
        $found.CompletionText | Should -Contain $Expected[-1]
        foreach ($text in $found.CompletionText) { $text | Should -BeLike "$prefix*" }
    }
}

Describe 'Save-FalconXArtifact -Kind completion' {
    It 'offers the groups first, then every kind with the file it writes' {
        $found = Get-Completion 'Save-FalconXArtifact -Path . -Kind '
        $found[0..3].CompletionText | Should -Be 'Ioc', 'IocStrict', 'IocBroad', 'All'
        ($found | Where-Object CompletionText -eq 'Pcap').ToolTip | Should -Match '<reportId>_network\.pcap'
        ($found | Where-Object CompletionText -eq 'IocStrictStix').ToolTip | Should -Match 'STIX'
        $found.CompletionText | Should -Not -Contain 'Unknown' -Because 'Unknown only binds from pipeline input'
    }

    It 'completes the second value of a list' {
        (Get-Completion 'Save-FalconXArtifact -Path . -Kind Pcap, Scr').CompletionText | Should -Be 'Screenshot'
    }
}

Describe 'Validation of completed parameters' {
    It 'refuses a value outside the list before anything runs, naming the accepted values' {
        $err = { Submit-FalconXSample -Url 'https://example.invalid/' -NetworkSetting bogus -WhatIf } | Should -Throw -ErrorId 'ParameterArgumentValidationError*' -PassThru
        $err.Exception.Message | Should -Match "'bogus' is not one of default, tor, simulated, offline"
        { Submit-FalconXSample -Url 'https://example.invalid/' -ActionScript nope -WhatIf } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { Save-FalconXArtifact -ArtifactId ('a' * 64) -Kind Bogus -Path $TestDrive } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }

    It 'accepts the values in any case, as ValidateSet does' {
        # -WhatIf sends nothing, so no connection is needed: binding is what is tested. (In a runspace without a host,
        # so the 'What if:' line stays out of the test output.)
        $errorId = try {
            $null = Invoke-WithoutHost { Submit-FalconXSample -Url 'https://example.invalid/' -NetworkSetting SIMULATED -ActionScript Default_OpenIE -WhatIf -ErrorAction Stop }
            'none'
        } catch { $_.FullyQualifiedErrorId }
        $errorId | Should -Be 'none'
    }
}
