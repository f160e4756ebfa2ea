# Get-FalconXSubmission against the emulator: by id (batched, in order, with per-id errors) and by FQL filter
# (limit, offset, sort, -All paging).
BeforeAll {
    Import-Module $env:FALCONX_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'Common.psm1') -Force
    # A process of its own: the tests move its clock, which a reset does not undo.
    $script:Emulator = Start-TestEmulator -Private
    $script:BaseUrl = $Emulator.BaseUrl
    $cred = [pscredential]::new($Emulator.ClientId, (ConvertTo-SecureString $Emulator.ClientSecret -AsPlainText -Force))
    $null = Connect-FalconX -BaseUrl $BaseUrl -Credential $cred -WarningAction SilentlyContinue
    $script:Root = Join-Path ([IO.Path]::GetTempPath()) ('falconx-getsub-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory $Root

    function Get-Requests([string] $Method, [string] $Path) {
        $all = Invoke-RestMethod -Uri "$BaseUrl/_emulator/requests"
        @($all | ForEach-Object { $_ } | Where-Object { $_.method -eq $Method -and $_.path -eq $Path })
    }
    function New-Submission([string] $Name, [string] $Marker = '', [string] $Environment = 'win10_x64') {
        $path = Join-Path $Root $Name
        Set-Content -LiteralPath $path -Value "$([guid]::NewGuid()) $Marker" -NoNewline
        Submit-FalconXSample -LiteralPath $path -EnvironmentId $Environment -UserTag 'getsub-test'
    }
    function New-FakeId { 'ace79a13936f4ec8ad4de36606814bfc_' + [guid]::NewGuid().ToString('N') }

    # Seven submissions, oldest first: five in Windows 10, two in Windows 7 x86, one of them failing.
    $script:Made = @(
        # The emulator's clock moves a second between submissions, so their created times differ without waiting.
        1..5 | ForEach-Object { New-Submission "g$_.exe"; $null = Move-EmulatorClock $Emulator 1 }
        New-Submission 'old7.exe' -Environment win7_x86
        $null = Move-EmulatorClock $Emulator 1
        New-Submission 'broken7.exe' -Marker 'FALCONX-ERROR' -Environment win7_x86
    )
}

AfterAll {
    Get-FalconXConnection | Disconnect-FalconX -ErrorAction SilentlyContinue
    $Emulator | Stop-TestEmulator
    Remove-Item -LiteralPath $Root -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Get-FalconXSubmission by id' {
    It 'returns the submissions in the order asked, with their current state' {
        $ids = $Made[3].SubmissionId, $Made[0].SubmissionId
        $got = Get-FalconXSubmission -Id $ids
        $got.SubmissionId | Should -Be $ids
        $got[0] | Should -BeOfType 'FalconX.Models.FalconXSubmission'
        $got[0].State | Should -Be 'success'
        $got[0].FileName | Should -Be 'g4.exe'
        $got[0].Sha256 | Should -Be $Made[3].Sha256
        $got[0].UserTags | Should -Be 'getsub-test'
    }

    It 'shows a failed detonation with its error type and message' {
        $failed = Get-FalconXSubmission -Id $Made[6].SubmissionId
        $failed.State | Should -Be 'error'
        $failed.IsFailed | Should -BeTrue
        $failed.ErrorType | Should -Be 'FILE_TYPE_BAD_ERROR'
        $failed.ErrorMessage | Should -Not -BeNullOrEmpty
    }

    It 'takes ids from the pipeline by SubmissionId and looks up 250 of them in two requests' {
        $before = (Get-Requests 'GET' '/falconx/entities/submissions/v1').Count
        $objects = @($Made | Select-Object SubmissionId) + @(1..243 | ForEach-Object { [pscustomobject]@{ SubmissionId = New-FakeId } })
        $got = $objects | Get-FalconXSubmission -ErrorVariable errs -ErrorAction SilentlyContinue
        $got | Should -HaveCount 7
        $errs | Should -HaveCount 243
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'FalconXSubmissionNotFound,*'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be $objects[7].SubmissionId
        ((Get-Requests 'GET' '/falconx/entities/submissions/v1').Count - $before) | Should -Be 2
    }

    It 'refuses a malformed id without a request and goes on with the others' {
        $before = (Get-Requests 'GET' '/falconx/entities/submissions/v1').Count
        $got = Get-FalconXSubmission -Id 'not-an-id', $Made[1].SubmissionId -ErrorVariable errs -ErrorAction SilentlyContinue
        $got.SubmissionId | Should -Be $Made[1].SubmissionId
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'FalconXInvalidSubmissionId,*'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        ((Get-Requests 'GET' '/falconx/entities/submissions/v1').Count - $before) | Should -Be 1
    }
}

Describe 'Get-FalconXSubmission by filter' {
    It 'returns the newest submissions first by default' {
        $got = Get-FalconXSubmission -Limit 3
        $got.SubmissionId | Should -Be @($Made[6].SubmissionId, $Made[5].SubmissionId, $Made[4].SubmissionId)
    }

    It 'filters with FQL and sorts oldest first on request' {
        $got = Get-FalconXSubmission -Filter 'sandbox.environment_id:100' -Sort created_timestamp.asc
        $got.FileName | Should -Be @('old7.exe', 'broken7.exe')
        (Get-FalconXSubmission -Filter "state:'error'").SubmissionId | Should -Be $Made[6].SubmissionId
    }

    It 'pages with -Offset and says in Verbose how to get the rest' {
        $page = Get-FalconXSubmission -Filter 'sandbox.environment_id:160' -Limit 2 -Offset 2 -Sort created_timestamp.asc -Verbose 4>&1
        $objects = @($page | Where-Object { $_ -is [FalconX.Models.FalconXSubmission] })
        $verbose = @($page | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        $objects.FileName | Should -Be @('g3.exe', 'g4.exe')
        $verbose | Should -Match '5 submissions match'
        $verbose | Should -Match '-Offset 4'
    }

    It 'returns every match with -All, one page per request of -Limit' {
        $before = (Get-Requests 'GET' '/falconx/queries/submissions/v1').Count
        $got = Get-FalconXSubmission -Filter "user_tags:'getsub-test'" -All -Limit 3
        $got | Should -HaveCount 7
        ($got.SubmissionId | Sort-Object) | Should -Be ($Made.SubmissionId | Sort-Object)
        ((Get-Requests 'GET' '/falconx/queries/submissions/v1').Count - $before) | Should -Be 3
    }

    It 'turns a malformed filter into an InvalidArgument error with the API''s message' {
        $err = { Get-FalconXSubmission -Filter 'no such field' } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'FalconXInvalidRequest,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match 'HTTP 400'
    }
}
