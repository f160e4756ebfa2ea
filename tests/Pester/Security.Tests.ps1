# Security properties end to end (docs/reliability.md, "Security"):
# - a canary client secret and document password, and every bearer token the emulator issued, are never found in any
#   stream, $Error, transcript, exception, temp file or saved artifact after every cmdlet ran with -Verbose -Debug
#   (Secrets.Tests.ps1 covers the connection cmdlets alone; this run covers all of them, with faults);
# - plain http to a non-loopback host is refused; TLS certificate checks cannot be turned off;
# - redirects are never followed, so the token never reaches another host;
# - artifact names from the API cannot leave the target folder;
# - samples are opened read-only and shared for reading, and nothing is written next to them.
BeforeAll {
    Import-Module $env:FALCONX_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'Common.psm1') -Force
    Import-Module (Join-Path $env:FALCONX_REPO_ROOT 'tools/LoopbackServer.psm1') -Force
    $script:Canary = 'CanarySecretQ7w3Vb9Np2Lk5Jh8Gf4Dd6Ss1AeRtYu'
    $script:PasswordCanary = 'PwCanary8Hq2Zx'
    $script:Emulator = Start-TestEmulator -ArgumentList @('--client-secret', $Canary)
    $script:Base = $Emulator.BaseUrl
    $script:Root = Join-Path ([IO.Path]::GetTempPath()) ('falconx-security-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $Root
    $script:Cred = [pscredential]::new($Emulator.ClientId, (ConvertTo-SecureString $Canary -AsPlainText -Force))
    function Set-Canned([hashtable] $Answer) {
        Invoke-RestMethod -Method Put -Uri "$Base/_emulator/canned" -ContentType 'application/json' -Body ($Answer | ConvertTo-Json -Depth 8) | Out-Null
    }
    function Reset-Emulator { Reset-EmulatorState $Emulator }
    function Get-TokenIds {
        @(Get-EmulatorRequests $Emulator | ForEach-Object tokenId | Where-Object { $_ } | Sort-Object -Unique)
    }
    # Every 128-character base64url run (the emulator's token shape) whose SHA-256 prefix is a token the emulator saw.
    function Find-Tokens([string] $Text, [string[]] $TokenIds) {
        $sha = [System.Security.Cryptography.SHA256]::Create()
        try {
            foreach ($run in [regex]::Matches($Text, '[A-Za-z0-9_-]{128,}')) {
                for ($i = 0; $i -le $run.Value.Length - 128; $i++) {
                    $candidate = $run.Value.Substring($i, 128)
                    $id = [Convert]::ToHexString($sha.ComputeHash([Text.Encoding]::UTF8.GetBytes($candidate)), 0, 6).ToLowerInvariant()
                    if ($TokenIds -contains $id) { $id }
                }
            }
        } finally { $sha.Dispose() }
    }
}

AfterAll {
    Get-FalconXConnection -ErrorAction SilentlyContinue | Disconnect-FalconX -ErrorAction SilentlyContinue
    $Emulator | Stop-TestEmulator
    if ($Root -and (Test-Path $Root)) { Remove-Item -LiteralPath $Root -Recurse -Force }
}

Describe 'A canary secret and the tokens never leak, whatever runs' {
    BeforeAll {
        Reset-Emulator
        $script:ChildTemp = Join-Path $Root 'tmp'
        $script:Samples = Join-Path $Root 'samples'
        $script:Artifacts = Join-Path $Root 'artifacts'
        $script:Logs = Join-Path $Root 'logs'
        $null = New-Item -ItemType Directory -Path $ChildTemp, $Samples, $Artifacts, $Logs
        [IO.File]::WriteAllText((Join-Path $Samples 'evil.exe'), "MZ $([guid]::NewGuid()) FALCONX-MALICIOUS")
        [IO.File]::WriteAllText((Join-Path $Samples 'odd.doc'), "PK $([guid]::NewGuid()) FALCONX-ERROR")
        # (File names in variables of their own: PowerShell names are case-insensitive, $streams would be $Streams.)
        $transcriptFile = Join-Path $Logs 'transcript.txt'
        $streamsFile = Join-Path $Logs 'streams.txt'
        $errorsFile = Join-Path $Logs 'errors.txt'
        $child = @'
$ErrorActionPreference = 'Continue'
$DebugPreference = 'Continue'
$VerbosePreference = 'Continue'
$InformationPreference = 'Continue'
Import-Module '{module}'
Start-Transcript -Path '{transcript}' -IncludeInvocationHeader | Out-Null
& {
    $base = '{base}'
    function Set-Faults($json) { Invoke-RestMethod -Method Put -Uri "$base/_emulator/faults" -ContentType 'application/json' -Body $json | Out-Null }
    $cred = [pscredential]::new($env:FALCON_CLIENT_ID, (ConvertTo-SecureString $env:FALCON_CLIENT_SECRET -AsPlainText -Force))
    $password = ConvertTo-SecureString $env:FALCONX_TEST_DOC_PASSWORD -AsPlainText -Force
    Set-Faults '{"tokenLifetimeSec":2}'
    $conn = Connect-FalconX -BaseUrl $base -Credential $cred -RetryDelayMilliseconds 10 -Verbose -Debug
    $conn | Format-List * | Out-String
    Get-FalconXConnection -Verbose -Debug | Format-List * | Out-String
    Get-FalconXEnvironment -Verbose -Debug | Out-String
    Get-FalconXQuota -Verbose -Debug | Out-String
    # Every answer slow enough that the 2 s tokens expire mid-run; some GETs fail, some answers are cut off.
    Set-Faults '{"errorRate":0.3,"errorRoutes":["GET *"],"dropConnectionRate":0.1,"dropConnectionRoutes":["* *"]}'
    $reports = Get-ChildItem '{samples}' -File | Submit-FalconXSample -Wait -PollIntervalSec 1 -DocumentPassword $password -CommandLine '/quiet' -UserTag canary-run -Verbose -Debug
    $reports | Format-List * | Out-String
    Submit-FalconXSample -Url 'https://example.com/falconx-suspicious/' -DocumentPassword $password -Verbose -Debug | Get-FalconXSubmission -Verbose -Debug | Format-List * | Out-String
    Get-FalconXSubmission -Filter "user_tags:'canary-run'" -All -Verbose -Debug | Out-String
    $full = $reports | Get-FalconXReport -IncludeIoc -Verbose -Debug
    $full | ConvertTo-Json -Depth 12
    $full | Save-FalconXArtifact -Path '{artifacts}' -Kind All -Verbose -Debug | Out-String
    $full | ConvertTo-ThreatQEntity -Include All -Verbose -Debug | Format-List * | Out-String
    $full | ConvertTo-ThreatQEntity -AsConsumePayload -Verbose -Debug | ConvertTo-Json -Depth 12
    Set-Faults '{"errorRate":1,"errorStatuses":[500],"errorRoutes":["GET *"],"dropConnectionRate":0}'
    Get-FalconXReport -Sha256 ('ab' * 32) -Verbose -Debug
    Set-Faults '{"errorRate":0,"htmlErrorRate":1,"errorRoutes":["GET /falconx/queries/*"]}'
    Get-FalconXQuota -Verbose -Debug
    Set-Faults '{"htmlErrorRate":0}'
    $bad = [pscredential]::new($env:FALCON_CLIENT_ID, (ConvertTo-SecureString ($env:FALCON_CLIENT_SECRET + 'x') -AsPlainText -Force))
    try { Connect-FalconX -BaseUrl $base -Credential $bad -Verbose -Debug } catch { $_ | Format-List * -Force | Out-String }
    Disconnect-FalconX -Connection $conn -Verbose -Debug
    Get-FalconXQuota -Connection $conn -Verbose -Debug
} *>&1 | Out-String -Width 300 | Set-Content -Path '{streams}'
Stop-Transcript | Out-Null
$Error | ForEach-Object { $_ | Format-List * -Force | Out-String -Width 300; $_.Exception.ToString(); $_.ErrorDetails | Format-List * | Out-String } | Set-Content -Path '{errors}'
'@
        $child = $child.Replace('{module}', $env:FALCONX_MODULE_PATH).Replace('{transcript}', $transcriptFile).Replace('{base}', $Base).
            Replace('{samples}', $Samples).Replace('{artifacts}', $Artifacts).Replace('{streams}', $streamsFile).Replace('{errors}', $errorsFile)
        $script:ChildOutput = (Invoke-ChildPwsh -Command $child -Environment @{
                FALCON_CLIENT_ID = $Emulator.ClientId; FALCON_CLIENT_SECRET = $Canary; FALCONX_TEST_DOC_PASSWORD = $PasswordCanary
                TMPDIR = $ChildTemp; TMP = $ChildTemp; TEMP = $ChildTemp
            }).Output
        $script:Streams = Get-Content $streamsFile -Raw
        $script:Errors = Get-Content $errorsFile -Raw
        $script:Transcript = Get-Content $transcriptFile -Raw
        # Everything the run left on disk: logs, its temp folder, saved artifacts, and the sample folder.
        $script:Files = @(Get-ChildItem -LiteralPath $Root -Recurse -File -Force)
        $script:TokenIds = Get-TokenIds
    }

    It 'ran every cmdlet, through faults, token renewals and errors' {
        $Streams | Should -Match 'Connected: '
        $Streams | Should -Match 'POST /samples/entities/samples/v2'
        $Streams | Should -Match 'GET /falconx/entities/reports/v1'
        $Streams | Should -Match 'request body'
        $Streams | Should -Match 'document_password":"\*\*\*"'
        $Streams | Should -Match 'FalconXDetonationFailed|FILE_TYPE_BAD_ERROR'
        $Errors | Should -Match 'FalconXServerError'
        $Errors | Should -Match 'FalconXAuthenticationFailed'
        $Errors | Should -Match 'FalconXConnectionClosed'
        $Transcript | Should -Match 'Save-FalconXArtifact'
        @(Get-ChildItem -LiteralPath $Artifacts -File).Count | Should -BeGreaterThan 10
        ([regex]::Matches($Streams, 'New token for client')).Count | Should -BeGreaterOrEqual 2
        $TokenIds.Count | Should -BeGreaterOrEqual 2
    }

    It 'never wrote the client secret or the document password to any stream, error, transcript or file' {
        foreach ($text in @($Streams, $Errors, $Transcript, $ChildOutput)) {
            $text.IndexOf($Canary, [StringComparison]::Ordinal) | Should -Be -1
            $text.IndexOf($PasswordCanary, [StringComparison]::Ordinal) | Should -Be -1
        }
        foreach ($file in $Files) {
            $bytes = [IO.File]::ReadAllBytes($file.FullName)
            foreach ($encoding in [Text.Encoding]::UTF8, [Text.Encoding]::Unicode) {
                $text = $encoding.GetString($bytes)
                $text.IndexOf($Canary, [StringComparison]::Ordinal) | Should -Be -1 -Because $file.FullName
                $text.IndexOf($PasswordCanary, [StringComparison]::Ordinal) | Should -Be -1 -Because $file.FullName
            }
        }
    }

    It 'never wrote a bearer token the emulator issued anywhere' {
        # The detector itself: a token used once is found in a text that holds it.
        $probe = Invoke-RestMethod -Method Post -Uri "$Base/oauth2/token" -Body @{ client_id = $Emulator.ClientId; client_secret = $Canary }
        $null = Invoke-RestMethod -Uri "$Base/falconx/queries/submissions/v1?limit=1" -Headers @{ Authorization = "Bearer $($probe.access_token)" }
        Find-Tokens "before $($probe.access_token) after" (Get-TokenIds) | Should -Not -BeNullOrEmpty

        Find-Tokens ($Streams + $Errors + $Transcript + $ChildOutput) $TokenIds | Should -BeNullOrEmpty
        foreach ($file in $Files) {
            Find-Tokens ([Text.Encoding]::Latin1.GetString([IO.File]::ReadAllBytes($file.FullName))) $TokenIds | Should -BeNullOrEmpty -Because $file.FullName
        }
        $Streams | Should -Not -Match 'Bearer [A-Za-z0-9]'
    }

    It 'left no temp file behind and nothing next to the samples' {
        @(Get-ChildItem -LiteralPath $ChildTemp -Recurse -File -Force) | Where-Object Name -notlike 'CoreFxPipe_*' | Should -BeNullOrEmpty
        (Get-ChildItem -LiteralPath $Samples -Force).Name | Sort-Object | Should -Be @('evil.exe', 'odd.doc')
        Get-ChildItem -LiteralPath $Artifacts -Force -Filter '*.partial' | Should -BeNullOrEmpty
    }
}

Describe 'Plain http and TLS' {
    It 'refuses plain http to <Url>' -ForEach @(
        @{ Url = 'http://api.falconx.invalid' }
        @{ Url = 'http://10.0.0.1' }
        @{ Url = 'http://localhost.falconx.invalid' }
        @{ Url = 'http://127.0.0.1.falconx.invalid' }
        @{ Url = 'http://127.0.0.1@api.falconx.invalid' }
    ) {
        { Connect-FalconX -BaseUrl $Url -Credential $Cred -ErrorAction Stop } | Should -Throw -ErrorId 'FalconXInvalidBaseUrl,FalconX.PowerShell.Commands.ConnectFalconXCommand'
    }

    It 'refuses plain http from FALCON_BASE_URL too' {
        $saved = $env:FALCON_BASE_URL
        try {
            $env:FALCON_BASE_URL = 'http://api.falconx.invalid'
            { Connect-FalconX -Credential $Cred -ErrorAction Stop } | Should -Throw -ErrorId 'FalconXInvalidBaseUrl,FalconX.PowerShell.Commands.ConnectFalconXCommand'
        } finally { $env:FALCON_BASE_URL = $saved }
    }

    It 'accepts plain http on loopback only (<HostName>), with a warning' -ForEach @(@{ HostName = '127.0.0.1' }, @{ HostName = 'localhost' }) {
        $conn = Connect-FalconX -BaseUrl "http://$($HostName):$($Emulator.Port)" -Credential $Cred -WarningVariable warned -WarningAction SilentlyContinue
        "$warned" | Should -Match 'plain http'
        $conn.IsConnected | Should -BeTrue
    }

    It 'offers no switch to skip certificate checks on any cmdlet' {
        $names = (Get-Command -Module FalconX).Parameters.Keys | Sort-Object -Unique
        $names | Where-Object { $_ -match 'Skip|Insecure|Certificate|Validat|Trust|NoVerify' } | Should -BeNullOrEmpty
    }

    It 'still checks the certificate when a script turned validation off for the session' {
        $tls = Start-LoopbackServer -Mode Tls
        $before = [System.Net.ServicePointManager]::ServerCertificateValidationCallback
        try {
            # The classic "trust everything" line of old scripts: FalconX's HttpClient must not honour it.
            [System.Net.ServicePointManager]::ServerCertificateValidationCallback = { $true }
            $PSDefaultParameterValues['*:SkipCertificateCheck'] = $true
            { Connect-FalconX -BaseUrl $tls.Url -Credential $Cred -ErrorAction Stop } | Should -Throw -ErrorId 'FalconXConnectionFailed,FalconX.PowerShell.Commands.ConnectFalconXCommand'
            $tls.Connections.Count | Should -Be 1 -Because 'a TLS failure is not retried'
            $tls.Requests.Count | Should -Be 0 -Because 'no request, so no secret, went over the untrusted connection'
        } finally {
            [System.Net.ServicePointManager]::ServerCertificateValidationCallback = $before
            $PSDefaultParameterValues.Remove('*:SkipCertificateCheck')
            $tls.Stop()
        }
    }
}

Describe 'Redirects never carry the token to another host' {
    BeforeAll {
        $script:Other = Start-LoopbackServer
        $script:Conn = Connect-FalconX -BaseUrl $Base -Credential $Cred -WarningAction SilentlyContinue
        $script:RedirectSample = Join-Path $Root 'redirect-sample.exe'
        [IO.File]::WriteAllText($RedirectSample, "MZ $([guid]::NewGuid())")
    }
    AfterAll { $Other.Stop() }
    BeforeEach { Reset-Emulator; $Other.Connections.Clear() }

    It '<Status> on <Route> to <Target> is not followed' -ForEach @(
        @{ Status = 301; Route = 'GET /falconx/queries/submissions/v1'; Target = 'another port'; Call = { Get-FalconXQuota -Connection $Conn } }
        @{ Status = 302; Route = 'GET /falconx/entities/reports/v1'; Target = 'another port'; Call = { Get-FalconXReport -ReportId ('ace79a13936f4ec8ad4de36606814bfc_' + '0' * 32) -Connection $Conn } }
        @{ Status = 307; Route = 'POST /samples/entities/samples/v2'; Target = 'another port'; Call = { Submit-FalconXSample -LiteralPath $RedirectSample -Connection $Conn } }
        @{ Status = 308; Route = 'GET /falconx/entities/artifacts/v1'; Target = 'another port'; Call = { Save-FalconXArtifact -ArtifactId ('c' * 64) -Path (Join-Path $Root 'redirected') -Connection $Conn } }
        @{ Status = 307; Route = 'POST /oauth2/token'; Target = 'another port'; Call = { Connect-FalconX -BaseUrl $Base -Credential $Cred -WarningAction SilentlyContinue } }
        @{ Status = 301; Route = 'GET /falconx/queries/submissions/v1'; Target = 'localhost'; Call = { Get-FalconXQuota -Connection $Conn } }
    ) {
        $location = if ($Target -eq 'localhost') { "http://localhost:$($Emulator.Port)/redirected-here" } else { "$($Other.Url)/redirected-here" }
        Set-Canned @{ route = $Route; status = $Status; headers = @{ Location = $location }; count = 0 }
        try { $records = @(& $Call 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) } catch { $records = @($_) }

        $records | Should -Not -BeNullOrEmpty
        $records[0].FullyQualifiedErrorId | Should -BeLike 'FalconXInvalidResponse,*'
        $records[0].Exception.Message | Should -Match "HTTP $Status .*redirected-here\W+(which )?FalconX does not follow"
        $Other.Connections.Count | Should -Be 0
        @(Get-EmulatorRequests $Emulator | Where-Object path -eq '/redirected-here') | Should -BeNullOrEmpty
    }
}

Describe 'Artifact names from the API cannot leave the target folder' {
    BeforeAll {
        $script:Conn = Connect-FalconX -BaseUrl $Base -Credential $Cred -WarningAction SilentlyContinue
        $script:Jail = Join-Path $Root 'jail'
        $script:Target = Join-Path $Jail 'inside'
        $null = New-Item -ItemType Directory -Force -Path $Target
    }
    BeforeEach { Reset-Emulator }

    It 'keeps <Name> inside as <Expected>' -ForEach @(
        @{ Name = '../../escape.txt'; Expected = 'escape.txt' }
        @{ Name = '..\..\escape-win.txt'; Expected = 'escape-win.txt' }
        @{ Name = '/etc/falconx-absolute.txt'; Expected = 'falconx-absolute.txt' }
        @{ Name = '..'; Expected = "$('d' * 64).bin" }
        @{ Name = '.hidden-profile'; Expected = 'hidden-profile' }
        @{ Name = 'CON.txt'; Expected = '_CON.txt' }
    ) {
        $id = 'd' * 64
        Set-Canned @{ route = 'GET /falconx/entities/artifacts/v1'; contentType = 'application/octet-stream'; headers = @{ 'Content-Disposition' = "attachment; filename=`"$Name`"" }; body = 'payload' }
        $before = @(Get-ChildItem -LiteralPath $Jail -Recurse -Force | ForEach-Object FullName)

        $saved = Save-FalconXArtifact -ArtifactId $id -Path $Target -Connection $Conn -Force

        $saved.Name | Should -Be $Expected
        Split-Path $saved.Path -Parent | Should -Be (Resolve-Path $Target).Path
        Get-Content -LiteralPath $saved.Path -Raw | Should -Be 'payload'
        $after = @(Get-ChildItem -LiteralPath $Jail -Recurse -Force | ForEach-Object FullName)
        @($after | Where-Object { $before -notcontains $_ }) | Should -Be @($saved.Path)
        Test-Path -LiteralPath '/etc/falconx-absolute.txt' | Should -BeFalse
        Remove-Item -LiteralPath $saved.Path
    }

    It 'sanitises -Name too' {
        Set-Canned @{ route = 'GET /falconx/entities/artifacts/v1'; contentType = 'text/plain'; body = 'x' }
        $saved = Save-FalconXArtifact -ArtifactId ('e' * 64) -Name '../../../up.txt' -Path $Target -Connection $Conn
        $saved.Path | Should -Be (Join-Path (Resolve-Path $Target).Path 'up.txt')
        Test-Path -LiteralPath (Join-Path $Jail 'up.txt') | Should -BeFalse
    }
}

Describe 'Samples are only read' {
    BeforeAll {
        $script:Conn = Connect-FalconX -BaseUrl $Base -Credential $Cred -WarningAction SilentlyContinue
        $script:SampleDir = Join-Path $Root 'readonly'
        $null = New-Item -ItemType Directory -Force -Path $SampleDir
    }
    BeforeEach { Reset-Emulator }

    It 'uploads a file another program holds open for reading, and writes nothing next to it' {
        $path = Join-Path $SampleDir 'held.exe'
        [IO.File]::WriteAllText($path, "MZ $([guid]::NewGuid())")
        $stamp = (Get-Item -LiteralPath $path).LastWriteTimeUtc
        $listing = @(Get-ChildItem -LiteralPath $SampleDir -Force | ForEach-Object Name)
        # A reader that shares only reading: an upload that wanted to write, or to be alone, would fail.
        $reader = [IO.File]::Open($path, [IO.FileMode]::Open, [IO.FileAccess]::Read, [IO.FileShare]::Read)
        try {
            $submission = Submit-FalconXSample -LiteralPath $path -Connection $Conn
        } finally { $reader.Dispose() }

        $submission.Sha256 | Should -Be (Get-FileHash -LiteralPath $path).Hash.ToLowerInvariant()
        (Get-Item -LiteralPath $path).LastWriteTimeUtc | Should -Be $stamp
        @(Get-ChildItem -LiteralPath $SampleDir -Force | ForEach-Object Name) | Should -Be $listing
    }

    It 'holds the sample open read-only while it uploads (Linux: /proc/self/fdinfo)' -Skip:(-not $IsLinux) {
        $path = Join-Path $SampleDir 'big.bin'
        $fs = [IO.File]::Create($path)
        try { $fs.SetLength(64MB) } finally { $fs.Dispose() }
        # Slow answers keep the upload (and its file handle) open long enough to look at it.
        Set-EmulatorFaults $Base @{ latencyMs = 2500 }
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$($env:FALCONX_MODULE_PATH)'; Submit-FalconXSample -LiteralPath '$path' -Connection `$args[0]").AddArgument($Conn)
        $running = $ps.BeginInvoke()
        $flags = @()
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while (-not $running.IsCompleted -and [DateTime]::UtcNow -lt $deadline -and -not $flags) {
                foreach ($fd in Get-ChildItem /proc/self/fd -ErrorAction SilentlyContinue) {
                    $target = try { $fd.LinkTarget } catch { $null }
                    if ($target -eq $path) {
                        $line = Get-Content "/proc/self/fdinfo/$($fd.Name)" -ErrorAction SilentlyContinue | Where-Object { $_ -like 'flags:*' }
                        if ($line) { $flags += [Convert]::ToInt32(($line -split '\s+')[1], 8) }
                    }
                }
                if (-not $flags) { Start-Sleep -Milliseconds 20 }
            }
            # Seen (or given up): the other requests of the upload need not be slow.
            Set-EmulatorFaults $Base @{ latencyMs = 0 }
            $result = $ps.EndInvoke($running)
        } finally { $ps.Dispose() }

        $flags | Should -Not -BeNullOrEmpty -Because 'the upload had the file open while the answer was slow'
        foreach ($f in $flags) { $f -band 3 | Should -Be 0 -Because 'O_RDONLY: neither O_WRONLY (1) nor O_RDWR (2)' }
        $result.Sha256 | Should -Be (Get-FileHash -LiteralPath $path).Hash.ToLowerInvariant()
        @(Get-ChildItem -LiteralPath $SampleDir -Force | ForEach-Object Name) | Should -Not -Contain 'big.bin.partial'
    }
}
