# The client secret and the token never reach any stream, error, transcript or file: every cmdlet is run with
# -Verbose -Debug under Start-Transcript in a child pwsh against an emulator whose secret is a canary, and
# everything that came out is searched for the canary and for anything shaped like the emulator's tokens.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common.psm1') -Force
    $script:Canary = 'CanaryZq7Xw3Vb9Np2Lk5Jh8Gf4Dd6Ss1AeRtYuI'
    $script:Emulator = Start-TestEmulator -ArgumentList @('--client-secret', $Canary, '--token-lifetime-sec', '2')
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ("falconx-secrets-" + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $Work
}

AfterAll {
    $Emulator | Stop-TestEmulator
    if ($Work -and (Test-Path $Work)) { Remove-Item $Work -Recurse -Force }
}

Describe 'Secrets stay secret' {
    BeforeAll {
        $transcriptFile = Join-Path $Work 'transcript.txt'
        $streamsFile = Join-Path $Work 'streams.txt'
        $errorsFile = Join-Path $Work 'errors.txt'
        $childScript = @"
`$ErrorActionPreference = 'Continue'
`$DebugPreference = 'Continue'
`$VerbosePreference = 'Continue'
`$InformationPreference = 'Continue'
Import-Module '$env:FALCONX_MODULE_PATH'
Start-Transcript -Path '$transcriptFile' -IncludeInvocationHeader | Out-Null
& {
    `$secure = ConvertTo-SecureString `$env:FALCON_CLIENT_SECRET -AsPlainText -Force
    `$cred = [pscredential]::new(`$env:FALCON_CLIENT_ID, `$secure)
    `$a = Connect-FalconX -BaseUrl '$($Emulator.BaseUrl)' -Credential `$cred -Verbose -Debug
    `$a; `$a | Format-List * | Out-String; "`$a"
    # Millisecond retries: the 500s below are retried to the end without the default 1 s, 2 s, 4 s... backoff.
    `$b = Connect-FalconX -BaseUrl '$($Emulator.BaseUrl)' -ClientId `$env:FALCON_CLIENT_ID -ClientSecret `$secure -RetryDelayMilliseconds 10 -Verbose -Debug
    `$c = Connect-FalconX -Verbose -Debug
    `$d = Connect-FalconX -Debug
    Get-FalconXConnection -Verbose -Debug | Format-List * | Out-String
    Invoke-RestMethod -Method Post -Uri '$($Emulator.BaseUrl)/_emulator/clock' -ContentType 'application/json' -Body '{"advanceSec":3}' | Out-Null   # the 2 s token expires at once: the next call refreshes it
    Get-FalconXQuota -Verbose -Debug
    Get-FalconXQuota -Connection `$b -Verbose -Debug | Format-Table | Out-String
    Invoke-RestMethod -Method Put -Uri '$($Emulator.BaseUrl)/_emulator/faults' -ContentType 'application/json' -Body '{"errorRate":1,"errorStatuses":[500],"errorRoutes":["GET *"]}' | Out-Null
    Get-FalconXQuota -Connection `$b -Verbose -Debug
    Invoke-RestMethod -Method Post -Uri '$($Emulator.BaseUrl)/_emulator/reset' | Out-Null
    `$bad = [pscredential]::new(`$env:FALCON_CLIENT_ID, (ConvertTo-SecureString 'WrongSecret0123456789abcdefghijklmnopqrs' -AsPlainText -Force))
    try { Connect-FalconX -BaseUrl '$($Emulator.BaseUrl)' -Credential `$bad -Verbose -Debug } catch { `$_ | Format-List * -Force | Out-String }
    Disconnect-FalconX -Connection `$b -PassThru -Verbose -Debug | Format-List * | Out-String
    Disconnect-FalconX -Verbose -Debug
    Get-FalconXQuota -Connection `$b -Verbose -Debug
} *>&1 | Out-String -Width 300 | Set-Content -Path '$streamsFile'
Stop-Transcript | Out-Null
`$Error | ForEach-Object { `$_ | Format-List * -Force | Out-String -Width 300; `$_.Exception.ToString() } | Set-Content -Path '$errorsFile'
"@
        $script:ChildOutput = (Invoke-ChildPwsh -Command $childScript -Environment @{
                FALCON_CLIENT_ID = $Emulator.ClientId; FALCON_CLIENT_SECRET = $Canary; FALCON_BASE_URL = $Emulator.BaseUrl
            }).Output
        $script:Transcript = Get-Content $transcriptFile -Raw
        $script:Streams = Get-Content $streamsFile -Raw
        $script:Errors = Get-Content $errorsFile -Raw
        $script:Everything = $Transcript + $Streams + $Errors + $ChildOutput
    }

    It 'ran every cmdlet and produced verbose, debug, error and transcript output' {
        $Streams | Should -Match 'New token for client'
        $Streams | Should -Match 'GET /falconx/queries/submissions/v1\?limit=1 → 200'
        $Streams | Should -Match 'response body'
        $Streams | Should -Match 'HTTP 500'
        $Streams | Should -Match 'Token of client .* revoked'
        $Errors | Should -Match 'FalconXServerError'
        $Errors | Should -Match 'FalconXAuthenticationFailed'
        $Errors | Should -Match 'FalconXConnectionClosed'
        $Transcript | Should -Match 'Get-FalconXQuota'
        $Errors | Should -Not -BeNullOrEmpty
        ([regex]::Matches($Streams, 'New token for client')).Count | Should -BeGreaterOrEqual 4 -Because 'the 2 s token was renewed'
    }

    It 'never shows the client secret anywhere' {
        $Everything.IndexOf($Canary, [StringComparison]::Ordinal) | Should -Be -1
    }

    It 'never shows a bearer token anywhere' {
        # Emulator tokens are 128 base64url characters; nothing else in the output is that long and unbroken.
        $Everything | Should -Not -Match '[A-Za-z0-9_-]{100,}'
        # Any case, as a header or a log line would write it; the API's own 401 text 'invalid bearer token' (seen when
        # the emulator's clock has expired the token first) names no credential.
        $Everything | Should -Not -Match 'Bearer (?!token\b)[A-Za-z0-9]'
    }

    It 'left nothing on disk apart from what the test itself wrote' {
        $written = Get-ChildItem $Work -Recurse -File | ForEach-Object Name | Sort-Object
        $written | Should -Be @('errors.txt', 'streams.txt', 'transcript.txt')
        $started = (Get-Item $transcriptFile).CreationTimeUtc
        Get-ChildItem $env:FALCONX_MODULE_PATH -Recurse -File | Where-Object LastWriteTimeUtc -gt $started | Should -BeNullOrEmpty
    }
}
