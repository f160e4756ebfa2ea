# The common parameters behave on every cmdlet as PowerShell users expect: -WhatIf sends nothing, -Verbose shows the
# requests, -ErrorAction decides whether a bad item stops the command (and try/catch sees it), and Ctrl+C stops a
# call in flight instead of waiting for it.
BeforeAll {
    Import-Module $env:FALCONX_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'Common.psm1') -Force
    $script:Emulator = Start-TestEmulator
    $script:BaseUrl = $Emulator.BaseUrl
    $script:Cred = [pscredential]::new($Emulator.ClientId, (ConvertTo-SecureString $Emulator.ClientSecret -AsPlainText -Force))
    $script:Conn = Connect-FalconX -BaseUrl $BaseUrl -Credential $Cred -WarningAction SilentlyContinue

    $script:Samples = Join-Path $TestDrive 'samples'
    $null = New-Item -ItemType Directory -Path $Samples
    $script:SamplePath = Join-Path $Samples 'known.exe'
    Set-Content $SamplePath "MZ FALCONX-MALICIOUS $([guid]::NewGuid())"
    $script:Report = Get-Item $SamplePath | Submit-FalconXSample -Wait -PollIntervalSec 1
    $script:UnknownId = ($Report.ReportId -split '_')[0] + '_' + ('0' * 32)

    function Get-Stats { Get-EmulatorStats $Emulator }
    function Set-Faults([hashtable] $Faults) { Set-EmulatorFaults $Emulator $Faults }

    # Each case: one good and one bad item; the scriptblock returns the output and the -ErrorVariable contents.
    $script:ErrorCases = @{
        'Get-FalconXEnvironment'  = { param($ea) $o = 'win10_x64', 'nosuch' | Get-FalconXEnvironment -ErrorAction $ea -ErrorVariable ev; @{ Output = $o; Errors = $ev } }
        'Get-FalconXSubmission'   = { param($ea) $o = Get-FalconXSubmission -Id $Report.ReportId, $UnknownId -ErrorAction $ea -ErrorVariable ev; @{ Output = $o; Errors = $ev } }
        'Get-FalconXReport'       = { param($ea) $o = Get-FalconXReport -ReportId $Report.ReportId, $UnknownId -ErrorAction $ea -ErrorVariable ev; @{ Output = $o; Errors = $ev } }
        'Submit-FalconXSample'    = { param($ea) $o = Submit-FalconXSample -LiteralPath $SamplePath, (Join-Path $Samples 'missing.exe') -ErrorAction $ea -ErrorVariable ev -WarningAction SilentlyContinue; @{ Output = $o; Errors = $ev } }
        'Save-FalconXArtifact'    = {
            param($ea)
            $items = @($Report.Artifacts | Where-Object Kind -eq 'IocStrictCsv') + [pscustomobject]@{ ArtifactId = 'f' * 64; Kind = 'IocStrictJson'; ReportId = $Report.ReportId }
            $o = $items | Save-FalconXArtifact -Path (Join-Path $TestDrive ([guid]::NewGuid())) -ErrorAction $ea -ErrorVariable ev
            @{ Output = $o; Errors = $ev }
        }
        'Get-FalconXSample'       = { param($ea) $o = Get-FalconXSample -Sha256 $Report.Sha256, 'not-a-hash' -ErrorAction $ea -ErrorVariable ev; @{ Output = $o; Errors = $ev } }
        'Save-FalconXSample'      = { param($ea) $o = Save-FalconXSample -Sha256 $Report.Sha256, ('e' * 64) -Path (Join-Path $TestDrive ([guid]::NewGuid())) -ErrorAction $ea -ErrorVariable ev; @{ Output = $o; Errors = $ev } }
        'ConvertTo-ThreatQEntity' = { param($ea) $o = $Report, '{ not json' | ConvertTo-ThreatQEntity -ErrorAction $ea -ErrorVariable ev; @{ Output = $o; Errors = $ev } }
    }
}

AfterAll {
    Disconnect-FalconX -Connection $Conn -ErrorAction SilentlyContinue
    $Emulator | Stop-TestEmulator
}

Describe '-WhatIf and -Confirm' {
    It 'are offered by exactly the cmdlets that spend quota or write files' {
        $withShouldProcess = Get-Command -Module FalconX -CommandType Cmdlet | Where-Object { $_.Parameters.ContainsKey('WhatIf') } | ForEach-Object Name | Sort-Object
        $withShouldProcess | Should -Be 'Remove-FalconXReport', 'Remove-FalconXSample', 'Save-FalconXArtifact', 'Save-FalconXSample', 'Send-ThreatQEntity', 'Submit-FalconXArchive', 'Submit-FalconXSample'
    }

    It 'Submit-FalconXSample -WhatIf sends no request at all, for files, URLs and hashes' {
        $before = (Get-Stats).requests
        # In a runspace without a host, so the 'What if:' lines stay out of the test output.
        $out = Invoke-WithoutHost -ArgumentList $Conn, $SamplePath, $Report.Sha256 {
            Submit-FalconXSample -LiteralPath $args[1] -WhatIf -Connection $args[0]
            Submit-FalconXSample -Url 'https://example.invalid/falconx-malicious/' -WhatIf -Connection $args[0]
            Submit-FalconXSample -Sha256 $args[2] -EnvironmentId win7_x86 -WhatIf -Connection $args[0]
        }
        $out | Should -BeNullOrEmpty
        (Get-Stats).requests | Should -Be $before
    }

    It 'Save-FalconXSample, Remove-FalconXSample and Remove-FalconXReport -WhatIf send nothing' {
        $folder = Join-Path $TestDrive 'whatif-samples'
        $before = (Get-Stats).requests
        # In a runspace without a host, so the 'What if:' lines stay out of the test output.
        $null = Invoke-WithoutHost -ArgumentList $Conn, $Report, $folder {
            $args[1] | Save-FalconXSample -Path $args[2] -WhatIf -Connection $args[0]
            $args[1] | Remove-FalconXSample -WhatIf -Connection $args[0]
            $args[1] | Remove-FalconXReport -WhatIf -Connection $args[0]
        }
        (Get-Stats).requests | Should -Be $before
        @(Get-ChildItem $folder -ErrorAction SilentlyContinue).Count | Should -Be 0
    }

    It 'Save-FalconXArtifact -WhatIf downloads and writes nothing' {
        $folder = Join-Path $TestDrive 'whatif'
        $before = (Get-Stats).requests
        $out = Invoke-WithoutHost -ArgumentList $Conn, $Report, $folder { $args[1] | Save-FalconXArtifact -Path $args[2] -Kind All -WhatIf -Connection $args[0] }
        $out | Should -BeNullOrEmpty
        (Get-Stats).requests | Should -Be $before
        @(Get-ChildItem $folder -ErrorAction SilentlyContinue).Count | Should -Be 0
    }
}

Describe '-Verbose on <Name>' -ForEach @(
    @{ Name = 'Connect-FalconX'; Route = 'POST /oauth2/token' }
    @{ Name = 'Get-FalconXQuota'; Route = 'GET /falconx/queries/submissions/v1' }
    @{ Name = 'Get-FalconXSubmission'; Route = 'GET /falconx/entities/submissions/v1' }
    @{ Name = 'Get-FalconXReport'; Route = 'GET /falconx/entities/reports/v1' }
    @{ Name = 'Save-FalconXArtifact'; Route = 'GET /falconx/entities/artifacts/v1' }
    @{ Name = 'Submit-FalconXSample'; Route = 'GET /falconx/queries/reports/v1' }
    @{ Name = 'Get-FalconXSample'; Route = 'POST /samples/queries/samples/GET/v1' }
    @{ Name = 'Save-FalconXSample'; Route = 'GET /samples/entities/samples/v2' }
    @{ Name = 'Disconnect-FalconX'; Route = 'POST /oauth2/revoke' }
) {
    It 'shows each API request with its status' {
        $run = @{
            'Connect-FalconX'       = { Connect-FalconX -BaseUrl $BaseUrl -Credential $Cred -WarningAction SilentlyContinue -Verbose }
            'Get-FalconXQuota'      = { Get-FalconXQuota -Connection $Conn -Verbose }
            'Get-FalconXSubmission' = { Get-FalconXSubmission -Id $Report.ReportId -Connection $Conn -Verbose }
            'Get-FalconXReport'     = { Get-FalconXReport -ReportId $Report.ReportId -Connection $Conn -Verbose }
            'Save-FalconXArtifact'  = { $Report | Save-FalconXArtifact -Path (Join-Path $TestDrive ([guid]::NewGuid())) -Kind Pcap -Connection $Conn -Verbose }
            'Submit-FalconXSample'  = { Submit-FalconXSample -Sha256 $Report.Sha256 -Connection $Conn -WarningAction SilentlyContinue -Verbose }
            'Get-FalconXSample'     = { Get-FalconXSample -Sha256 $Report.Sha256 -Connection $Conn -Verbose }
            'Save-FalconXSample'    = { Save-FalconXSample -Sha256 $Report.Sha256 -Path (Join-Path $TestDrive ([guid]::NewGuid())) -Connection $Conn -Verbose }
            'Disconnect-FalconX'    = { Connect-FalconX -BaseUrl $BaseUrl -Credential $Cred -WarningAction SilentlyContinue | Disconnect-FalconX -Verbose }
        }[$Name]
        $verbose = @(& $run 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        ($verbose -join "`n") | Should -Match "$([regex]::Escape($Route))\S* → \d{3} in \d+ ms"
    }
}

Describe '-ErrorAction on <Name>' -ForEach @(
    @{ Name = 'Get-FalconXEnvironment'; ErrorId = 'EnvironmentNotFound' }
    @{ Name = 'Get-FalconXSubmission'; ErrorId = 'FalconXSubmissionNotFound' }
    @{ Name = 'Get-FalconXReport'; ErrorId = 'FalconXReportNotFound' }
    @{ Name = 'Submit-FalconXSample'; ErrorId = 'FalconXSampleNotFound' }
    @{ Name = 'Save-FalconXArtifact'; ErrorId = 'FalconXArtifactNotFound' }
    @{ Name = 'Get-FalconXSample'; ErrorId = 'FalconXInvalidSha256' }
    @{ Name = 'Save-FalconXSample'; ErrorId = 'FalconXSampleNotFound' }
    @{ Name = 'ConvertTo-ThreatQEntity'; ErrorId = 'InvalidReportJson' }
) {
    BeforeAll {
        # The cases use the runspace's default connection.
        $null = Connect-FalconX -BaseUrl $BaseUrl -Credential $Cred -WarningAction SilentlyContinue
    }

    It 'SilentlyContinue: the good item comes out, the bad one is one error in -ErrorVariable with its id and a specific category' {
        $result = & $ErrorCases[$Name] 'SilentlyContinue'
        @($result.Output).Count | Should -BeGreaterThan 0
        @($result.Errors).Count | Should -Be 1
        $result.Errors[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $result.Errors[0].CategoryInfo.Category | Should -Not -Be 'NotSpecified'
        $result.Errors[0].TargetObject | Should -Not -BeNullOrEmpty
    }

    It 'Stop: the bad item becomes an exception that try/catch sees, with the same id' {
        $caught = $null
        try { $null = & $ErrorCases[$Name] 'Stop' } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
    }

    It 'Continue (the default): the error is written and the command still finishes' {
        $all = & { & $ErrorCases[$Name] 'Continue' } 2>&1
        $errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $errors.Count | Should -Be 1
        @(($all | Where-Object { $_ -is [hashtable] }).Output).Count | Should -BeGreaterThan 0
    }
}

Describe 'Ctrl+C on <Name>' -ForEach @(
    @{ Name = 'Get-FalconXReport'; Route = '/falconx/entities/reports/v1'; Script = 'Get-FalconXReport -ReportId $args[1].ReportId -Connection $args[0]' }
    @{ Name = 'Get-FalconXSubmission'; Route = '/falconx/queries/submissions/v1'; Script = 'Get-FalconXSubmission -Filter "state:''success''" -All -Connection $args[0]' }
    @{ Name = 'Save-FalconXArtifact'; Route = '/falconx/entities/artifacts/v1'; Script = '$args[1] | Save-FalconXArtifact -Path $args[2] -Kind Pcap -Connection $args[0]' }
    @{ Name = 'Submit-FalconXSample'; Route = '/samples/entities/samples/v*'; Script = 'Submit-FalconXSample -LiteralPath $args[3] -Force -Connection $args[0]' }
) {
    It 'abandons the request in flight and stops the pipeline' {
        $folder = Join-Path $TestDrive ([guid]::NewGuid())
        $fresh = Join-Path $Samples "fresh-$([guid]::NewGuid()).exe"
        Set-Content $fresh 'MZ fresh sample'
        Set-Faults @{ latencyMs = 20000 }
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:FALCONX_MODULE_PATH'; $Script").AddArgument($Conn).AddArgument($Report).AddArgument($folder).AddArgument($fresh)
            $handle = $ps.BeginInvoke()
            Wait-EmulatorRequestInFlight $BaseUrl   # the call is on the wire, held by latencyMs
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $handle.IsCompleted | Should -BeTrue
        } finally {
            $ps.Dispose()
            Set-Faults @{ latencyMs = 0 }
        }
        # The emulator saw the client hang up while it was still delaying the answer (499): Stop did not wait for it.
        $aborted = Wait-Until -TimeoutSec 5 -Because 'the emulator never recorded the abandoned request as 499' -Condition {
            @(Get-EmulatorRequests $Emulator | Where-Object { $_.path -like $Route -and $_.status -eq 499 })
        }
        $aborted | Should -Not -BeNullOrEmpty
        @(Get-ChildItem $folder -ErrorAction SilentlyContinue).Count | Should -Be 0 -Because 'nothing half-written stays behind'
    }

    It 'leaves the connection usable afterwards' {
        (Get-FalconXQuota -Connection $Conn).Total | Should -BeGreaterThan 0
    }
}
