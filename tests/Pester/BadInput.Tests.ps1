# The bad-input matrix (docs/bad-input-matrix.md, one It per row, same numbers): every cmdlet with wrong parameter
# values, wrong API answers and failing environments. Each row must end in one ErrorRecord with the row's error id
# and category whose text says what to do, and leave nothing behind: no partial file, the default connection as it
# was, and (for input refused before sending) no request at all. Every peer is on loopback: the emulator, its canned
# answers, or a small server from tools/LoopbackServer.psm1; the DNS failure uses a name under .invalid.
BeforeDiscovery {
    $script:Rows = @(
        # --- Connect-FalconX: parameters -------------------------------------------------------------------------
        @{ N = 1; Area = 'Connect-FalconX'; Given = '-BaseUrl ftp://127.0.0.1/'; Category = 'InvalidArgument'; ErrorId = 'FalconXInvalidBaseUrl'
            Tells = 'use https://host[:port]'; Says = 'Use https://host'; Quiet = $true
            Run = { Connect-FalconX -BaseUrl 'ftp://127.0.0.1/' -Credential $Ctx.Cred } }
        @{ N = 2; Area = 'Connect-FalconX'; Given = '-BaseUrl http://api.falconx.invalid (plain http, not loopback)'; Category = 'InvalidArgument'; ErrorId = 'FalconXInvalidBaseUrl'
            Tells = 'secret and token would travel in clear text: use https'; Says = 'clear text: use https'; Quiet = $true
            Run = { Connect-FalconX -BaseUrl 'http://api.falconx.invalid' -Credential $Ctx.Cred } }
        @{ N = 3; Area = 'Connect-FalconX'; Given = "-BaseUrl 'not a url'"; Category = 'InvalidArgument'; ErrorId = 'FalconXInvalidBaseUrl'
            Tells = 'give the base URL as https://host[:port], or use -Cloud'; Says = 'or use -Cloud'; Quiet = $true
            Run = { Connect-FalconX -BaseUrl 'not a url' -Credential $Ctx.Cred } }
        @{ N = 4; Area = 'Connect-FalconX'; Given = '-Cloud EU1 together with -BaseUrl'; Category = 'InvalidArgument'; ErrorId = 'FalconXCloudAndBaseUrl'
            Tells = 'give -Cloud or -BaseUrl, not both'; Says = 'not both'; Quiet = $true
            Run = { Connect-FalconX -Cloud EU1 -BaseUrl $Ctx.Base -Credential $Ctx.Cred } }
        @{ N = 5; Area = 'Connect-FalconX'; Given = "-MemberCid 'xyz'"; Category = 'InvalidArgument'; ErrorId = 'FalconXInvalidMemberCid'
            Tells = 'a member CID is 32 hex characters, optionally with the -XX checksum'; Says = '32 hex'; Quiet = $true
            Run = { Connect-FalconX -BaseUrl $Ctx.Base -Credential $Ctx.Cred -MemberCid 'xyz' -WarningAction SilentlyContinue } }
        @{ N = 6; Area = 'Connect-FalconX'; Given = "-ConsoleHost 'ftp://console'"; Category = 'InvalidArgument'; ErrorId = 'FalconXInvalidConsoleHost'
            Tells = 'give the console host, e.g. falcon.us-2.crowdstrike.com'; Says = 'falcon\.us-2\.crowdstrike\.com'; Quiet = $true
            Run = { Connect-FalconX -BaseUrl $Ctx.Base -Credential $Ctx.Cred -ConsoleHost 'ftp://console' -WarningAction SilentlyContinue } }
        @{ N = 7; Area = 'Connect-FalconX'; Given = "-Proxy 'proxy:8080' (no scheme)"; Category = 'InvalidArgument'; ErrorId = 'FalconXInvalidProxy'
            Tells = 'give the proxy as http://proxy.example.com:8080'; Says = 'http://proxy\.example\.com:8080'; Quiet = $true
            Run = { Connect-FalconX -BaseUrl $Ctx.Base -Credential $Ctx.Cred -Proxy 'proxy:8080' -WarningAction SilentlyContinue } }
        @{ N = 8; Area = 'Connect-FalconX'; Given = '-TimeoutSec -1 (negative timeout)'; Category = 'InvalidData'; ErrorId = 'ParameterArgumentValidationError'
            Tells = 'the argument is below the minimum of 1: supply one of at least 1'; Says = 'greater than or equal to 1'; Quiet = $true
            Run = { Connect-FalconX -BaseUrl $Ctx.Base -Credential $Ctx.Cred -TimeoutSec -1 } }
        @{ N = 9; Area = 'Connect-FalconX'; Given = '-RetryDelayMilliseconds -5 (negative delay)'; Category = 'InvalidData'; ErrorId = 'ParameterArgumentValidationError'
            Tells = 'the argument is below the minimum of 0'; Says = 'greater than or equal to 0'; Quiet = $true
            Run = { Connect-FalconX -BaseUrl $Ctx.Base -Credential $Ctx.Cred -RetryDelayMilliseconds -5 } }
        @{ N = 10; Area = 'Connect-FalconX'; Given = 'no credentials and no FALCON_CLIENT_ID / FALCON_CLIENT_SECRET'; Category = 'InvalidArgument'; ErrorId = 'FalconXCredentialMissing'
            Tells = 'the three ways to give credentials (-Credential, -ClientId/-ClientSecret, the variables)'; Says = '-Credential .*-ClientId .*FALCON_CLIENT_ID'; Quiet = $true
            Run = { Invoke-WithEnvironment @{ FALCON_CLIENT_ID = $null; FALCON_CLIENT_SECRET = $null; FALCON_BASE_URL = $null } { Connect-FalconX } } }
        @{ N = 11; Area = 'Connect-FalconX'; Given = 'FALCON_CLOUD=mars'; Category = 'InvalidArgument'; ErrorId = 'FalconXInvalidCloud'
            Tells = 'the clouds that exist (US1, US2, EU1, USGOV1, USGOV2)'; Says = 'US1, US2, EU1'; Quiet = $true
            Run = { Invoke-WithEnvironment @{ FALCON_CLOUD = 'mars'; FALCON_BASE_URL = $null } { Connect-FalconX -Credential $Ctx.Cred } } }
        @{ N = 12; Area = 'Connect-FalconX'; Given = 'a wrong client secret'; Category = 'AuthenticationError'; ErrorId = 'FalconXAuthenticationFailed'
            Tells = 'check the client id, secret and scopes, then connect again'; Says = 'client id and secret'
            Run = { Connect-FalconX -BaseUrl $Ctx.Base -Credential ([pscredential]::new($Ctx.Emulator.ClientId, (ConvertTo-SecureString 'WrongSecret0123456789abcdefghijklmnopqrs' -AsPlainText -Force))) -WarningAction SilentlyContinue } }
        # --- Connect-FalconX: the environment fails ---------------------------------------------------------------
        @{ N = 13; Area = 'Environment'; Given = 'DNS failure: -BaseUrl https://api.falconx.invalid'; Category = 'ConnectionError'; ErrorId = 'FalconXConnectionFailed'
            Tells = 'could not reach the host (named); check the network, the proxy and the base URL'; Says = 'api\.falconx\.invalid.*Check the network'
            Run = { Connect-FalconX -BaseUrl 'https://api.falconx.invalid' -Credential $Ctx.Cred -MaxRetryCount 0 } }
        @{ N = 14; Area = 'Environment'; Given = 'connection refused: a closed loopback port'; Category = 'ConnectionError'; ErrorId = 'FalconXConnectionFailed'
            Tells = 'connection refused at the address; check the network, the proxy and the base URL'; Says = 'refused.*Check the network'
            Run = { Connect-FalconX -BaseUrl "http://127.0.0.1:$($Ctx.ClosedPort)" -Credential $Ctx.Cred -MaxRetryCount 1 -RetryDelayMilliseconds 10 -WarningAction SilentlyContinue } }
        @{ N = 15; Area = 'Environment'; Given = 'TLS failure: a server whose certificate nobody trusts'; Category = 'ConnectionError'; ErrorId = 'FalconXConnectionFailed'
            Tells = 'no secure connection; certificates are always checked; trust a re-signing proxy''s root or fix -BaseUrl'; Says = 'always checks the server''s certificate.*trusted certificates'
            Run = { Connect-FalconX -BaseUrl $Ctx.Tls.Url -Credential $Ctx.Cred } }
        @{ N = 16; Area = 'Environment'; Given = 'TLS failure: a peer that does not speak TLS'; Category = 'ConnectionError'; ErrorId = 'FalconXConnectionFailed'
            Tells = 'no secure (TLS) connection to the host; check -BaseUrl'; Says = 'No secure \(TLS\) connection.*-BaseUrl'
            Run = { Connect-FalconX -BaseUrl $Ctx.NotTls.Url -Credential $Ctx.Cred } }
        @{ N = 17; Area = 'Environment'; Given = 'a proxy that asks for credentials (407)'; Category = 'AuthenticationError'; ErrorId = 'FalconXProxyAuthenticationRequired'
            Tells = 'give the proxy''s credentials with -ProxyCredential or -ProxyUseDefaultCredentials'; Says = '-ProxyCredential.*-ProxyUseDefaultCredentials'
            Run = { Connect-FalconX -BaseUrl 'https://api.falconx.invalid' -Proxy $Ctx.Proxy.Url -Credential $Ctx.Cred } }
        @{ N = 18; Area = 'Environment'; Given = 'no answer within -TimeoutSec 1 (3 s latency)'; Category = 'OperationTimeout'; ErrorId = 'FalconXTimeout'
            Tells = 'try again, or raise -TimeoutSec for slow links'; Says = 'raise -TimeoutSec'
            Setup = { Set-Faults @{ latencyMs = 3000 } }
            Run = { Connect-FalconX -BaseUrl $Ctx.Base -Credential $Ctx.Cred -TimeoutSec 1 -MaxRetryCount 0 -WarningAction SilentlyContinue } }
        @{ N = 19; Area = 'Wrong API answer'; Given = 'the token request answered 307 to another host'; Category = 'InvalidResult'; ErrorId = 'FalconXInvalidResponse'
            Tells = 'a redirect (to where) is never followed; the secret goes to the base URL only; check -BaseUrl'; Says = 'redirected the token request of client \w+ to http://127\.0\.0\.1:\d+/oauth2/token\. FalconX does not follow redirects from a -BaseUrl'
            Setup = { Set-Canned @{ route = 'POST /oauth2/token'; status = 307; headers = @{ Location = "$($Ctx.Other.Url)/oauth2/token" } } }
            After = { $Ctx.Other.Connections.Count | Should -Be 0 -Because 'the secret must not travel to another host' }
            Run = { Connect-FalconX -BaseUrl $Ctx.Base -Credential $Ctx.Cred -WarningAction SilentlyContinue } }
        # --- Submit-FalconXSample: paths ---------------------------------------------------------------------------
        @{ N = 20; Area = 'Submit-FalconXSample'; Given = '-Path a directory'; Category = 'InvalidArgument'; ErrorId = 'FalconXSampleIsDirectory'
            Tells = 'pass the files in it: Get-ChildItem <dir> -File | Submit-FalconXSample'; Says = 'Get-ChildItem .* -File \| Submit-FalconXSample'; Quiet = $true
            Run = { Submit-FalconXSample -LiteralPath $Ctx.Work } }
        @{ N = 21; Area = 'Submit-FalconXSample'; Given = '-LiteralPath /dev/zero (a device)'; Category = 'InvalidData'; ErrorId = 'FalconXSampleEmpty'; Unix = $true
            Tells = 'it is a device, not a file: pass a regular file'; Says = 'is a device, not a file'; Quiet = $true
            Run = { Submit-FalconXSample -LiteralPath '/dev/zero' } }
        @{ N = 22; Area = 'Submit-FalconXSample'; Given = 'a symbolic link loop'; Category = 'ReadError'; ErrorId = 'FalconXSampleUnreadable'; Unix = $true
            Tells = 'the link leads back to itself: fix it or pass the sample''s own path'; Says = 'leads back to itself.*own path'; Quiet = $true
            Setup = { New-Item -ItemType SymbolicLink -Path (Join-Path $Ctx.Work 'loop-a.exe') -Target (Join-Path $Ctx.Work 'loop-b.exe') -Force | Out-Null
                New-Item -ItemType SymbolicLink -Path (Join-Path $Ctx.Work 'loop-b.exe') -Target (Join-Path $Ctx.Work 'loop-a.exe') -Force | Out-Null }
            Run = { Submit-FalconXSample -LiteralPath (Join-Path $Ctx.Work 'loop-a.exe') } }
        @{ N = 23; Area = 'Submit-FalconXSample'; Given = 'a symbolic link to a missing file'; Category = 'ObjectNotFound'; ErrorId = 'FalconXSampleNotFound'; Unix = $true
            Tells = 'the link points to a file that does not exist (named)'; Says = 'symbolic link to .*gone\.exe.*does not exist'; Quiet = $true
            Setup = { New-Item -ItemType SymbolicLink -Path (Join-Path $Ctx.Work 'dangling.exe') -Target (Join-Path $Ctx.Work 'gone.exe') -Force | Out-Null }
            Run = { Submit-FalconXSample -LiteralPath (Join-Path $Ctx.Work 'dangling.exe') } }
        @{ N = 24; Area = 'Submit-FalconXSample'; Given = 'a file another program holds open exclusively'; Category = 'ReadError'; ErrorId = 'FalconXSampleUnreadable'
            Tells = 'it cannot be read: check permissions or close the program that holds it'; Says = 'close the program that holds it open'; Quiet = $true
            Setup = { $path = New-Sample 'locked.exe'; $Ctx.Lock = [IO.File]::Open($path, 'Open', 'ReadWrite', 'None') }
            After = { $Ctx.Lock.Dispose() }
            Run = { Submit-FalconXSample -LiteralPath (Join-Path $Ctx.Work 'locked.exe') } }
        @{ N = 25; Area = 'Submit-FalconXSample'; Given = 'a file over 256 MB'; Category = 'LimitsExceeded'; ErrorId = 'FalconXSampleTooLarge'
            Tells = 'the API takes up to 256 MB: compress it, or submit its URL'; Says = '256 MB.*-Url'; Quiet = $true
            Setup = { $fs = [IO.File]::Create((Join-Path $Ctx.Work 'huge.bin')); try { $fs.SetLength(256MB + 1) } finally { $fs.Dispose() } }
            Run = { Submit-FalconXSample -LiteralPath (Join-Path $Ctx.Work 'huge.bin') } }
        @{ N = 26; Area = 'Submit-FalconXSample'; Given = 'an empty file'; Category = 'InvalidData'; ErrorId = 'FalconXSampleEmpty'
            Tells = 'the sandbox needs a regular file with content'; Says = 'needs a regular file with content'; Quiet = $true
            Setup = { $null = New-Item -ItemType File -Force (Join-Path $Ctx.Work 'empty.exe') }
            Run = { Submit-FalconXSample -LiteralPath (Join-Path $Ctx.Work 'empty.exe') } }
        @{ N = 27; Area = 'Submit-FalconXSample'; Given = '-Path a file that does not exist'; Category = 'ObjectNotFound'; ErrorId = 'FalconXSampleNotFound'
            Tells = 'the file does not exist; nothing was sent for it'; Says = 'does not exist. Nothing was sent'; Quiet = $true
            Run = { Submit-FalconXSample -Path (Join-Path $Ctx.Work 'missing.exe') } }
        @{ N = 28; Area = 'Submit-FalconXSample'; Given = '-Path Env:\PATH (not a file system path)'; Category = 'InvalidArgument'; ErrorId = 'FalconXNotAFileSystemPath'
            Tells = 'only files can be submitted'; Says = 'only files can be submitted'; Quiet = $true
            Run = { Submit-FalconXSample -Path 'Env:\PATH' } }
        # --- Submit-FalconXSample: other parameters ---------------------------------------------------------------
        @{ N = 29; Area = 'Submit-FalconXSample'; Given = "-Sha256 'xyz'"; Category = 'InvalidArgument'; ErrorId = 'FalconXInvalidSha256'
            Tells = 'a SHA-256 is 64 hexadecimal characters'; Says = '64 hexadecimal'; Quiet = $true
            Run = { Submit-FalconXSample -Sha256 'xyz' } }
        @{ N = 30; Area = 'Submit-FalconXSample'; Given = '-Sha256 of a sample never uploaded'; Category = 'InvalidArgument'; ErrorId = 'FalconXInvalidRequest'
            Tells = 'the API''s words: upload it first'; Says = 'upload it first'
            Run = { Submit-FalconXSample -Sha256 ('ab' * 32) } }
        @{ N = 31; Area = 'Submit-FalconXSample'; Given = "-Url 'file:///etc/passwd'"; Category = 'InvalidArgument'; ErrorId = 'FalconXInvalidUrl'
            Tells = 'the sandbox detonates http, https and ftp URLs only'; Says = 'http, https and ftp'; Quiet = $true
            Run = { Submit-FalconXSample -Url 'file:///etc/passwd' } }
        @{ N = 32; Area = 'Submit-FalconXSample'; Given = "-Url 'not a url'"; Category = 'InvalidArgument'; ErrorId = 'FalconXInvalidUrl'
            Tells = 'what an absolute URL looks like'; Says = 'https?://'; Quiet = $true
            Run = { Submit-FalconXSample -Url 'not a url' } }
        @{ N = 33; Area = 'Submit-FalconXSample'; Given = '-EnvironmentId win99 (unknown name)'; Category = 'InvalidData'; ErrorId = 'ParameterArgumentTransformationError'
            Tells = 'the names that exist; Get-FalconXEnvironment lists them'; Says = 'Get-FalconXEnvironment lists them'; Quiet = $true
            Run = { Submit-FalconXSample -Url 'https://example.com/' -EnvironmentId win99 } }
        @{ N = 34; Area = 'Submit-FalconXSample'; Given = '-EnvironmentId 999 (a number the API does not know)'; Category = 'InvalidArgument'; ErrorId = 'FalconXInvalidRequest'
            Tells = 'the API''s words: the environment ids it knows'; Says = 'use one of 100, 110'
            Run = { Submit-FalconXSample -Url 'https://example.com/' -EnvironmentId 999 -WarningAction SilentlyContinue } }
        @{ N = 35; Area = 'Submit-FalconXSample'; Given = "-SystemDate '2024-13-45'"; Category = 'InvalidArgument'; ErrorId = 'FalconXInvalidSubmitParameter'
            Tells = 'write the date yyyy-MM-dd; nothing was sent'; Says = 'yyyy-MM-dd.*Nothing was sent'; Quiet = $true
            Run = { Submit-FalconXSample -Url 'https://example.com/' -SystemDate '2024-13-45' } }
        @{ N = 36; Area = 'Submit-FalconXSample'; Given = "-SystemTime '25:61'"; Category = 'InvalidArgument'; ErrorId = 'FalconXInvalidSubmitParameter'
            Tells = 'write the time HH:mm'; Says = 'HH:mm'; Quiet = $true
            Run = { Submit-FalconXSample -Url 'https://example.com/' -SystemTime '25:61' } }
        @{ N = 37; Area = 'Submit-FalconXSample'; Given = '-CommandLine of 3,000 characters'; Category = 'InvalidArgument'; ErrorId = 'FalconXInvalidSubmitParameter'
            Tells = 'the API accepts at most 2048 characters'; Says = 'at most 2048'; Quiet = $true
            Run = { Submit-FalconXSample -Url 'https://example.com/' -CommandLine ('x' * 3000) } }
        @{ N = 38; Area = 'Submit-FalconXSample'; Given = '-Wait -TimeoutSec -1'; Category = 'InvalidData'; ErrorId = 'ParameterArgumentValidationError'
            Tells = 'the argument is below the minimum of 1'; Says = 'greater than or equal to 1'; Quiet = $true
            Run = { Submit-FalconXSample -Url 'https://example.com/' -Wait -TimeoutSec -1 } }
        @{ N = 39; Area = 'Submit-FalconXSample'; Given = 'the quota is used up'; Category = 'LimitsExceeded'; ErrorId = 'FalconXQuotaExhausted'
            Tells = 'the quota figures; Get-FalconXQuota shows it; reuse existing reports until it resets'; Says = '100 of 100.*Get-FalconXQuota'
            Setup = { Set-Faults @{ quotaUsed = 100 } }
            Run = { Submit-FalconXSample -LiteralPath (New-Sample 'quota.exe') } }
        @{ N = 40; Area = 'Wrong API answer'; Given = 'the upload answer names another SHA-256'; Category = 'InvalidResult'; ErrorId = 'FalconXInvalidResponse'
            Tells = 'the file changed or something on the way altered it; nothing was submitted'; Says = 'altered it\. Nothing was submitted'
            Setup = { Set-Canned @{ route = 'POST /samples/entities/samples/v2'; body = @{ meta = @{}; resources = @(@{ sha256 = '0' * 64; file_name = 'x.exe' }); errors = @() } } }
            After = { (Get-Stats).submissions | Should -Be 0 }
            Run = { Submit-FalconXSample -LiteralPath (New-Sample 'altered.exe') } }
        @{ N = 41; Area = 'Wrong API answer'; Given = 'every submission answer is JSON of the wrong types'; Category = 'InvalidResult'; ErrorId = 'FalconXInvalidResponse'
            Tells = 'the answer could not be read; checked that no submission was made, so no quota was spent'; Says = 'wrong type.*no quota was spent'
            Setup = { Set-Canned @{ route = 'POST /falconx/entities/submissions/v1'; count = 0; body = @{ meta = @{}; resources = @(@{ id = 5; state = @(1) }); errors = @() } } }
            After = { (Get-Stats).submissions | Should -Be 0 }
            Run = { Submit-FalconXSample -LiteralPath (New-Sample 'types.exe') -Connection $Ctx.Fast } }
        # --- Get-FalconXSubmission ---------------------------------------------------------------------------------
        @{ N = 42; Area = 'Get-FalconXSubmission'; Given = "-Id 'bad'"; Category = 'InvalidArgument'; ErrorId = 'FalconXInvalidSubmissionId'
            Tells = 'ids look like <32 hex>_<32 hex>, e.g. the SubmissionId of Submit-FalconXSample'; Says = '<32 hex>_<32 hex>'; Quiet = $true
            Run = { Get-FalconXSubmission -Id 'bad' } }
        @{ N = 43; Area = 'Get-FalconXSubmission'; Given = 'an id the API does not know'; Category = 'ObjectNotFound'; ErrorId = 'FalconXSubmissionNotFound'
            Tells = 'it may belong to another tenant or cloud'; Says = 'another tenant or cloud'
            Run = { Get-FalconXSubmission -Id $Ctx.UnknownId } }
        @{ N = 44; Area = 'Get-FalconXSubmission'; Given = "-Filter `"nosuch:'x'`""; Category = 'InvalidArgument'; ErrorId = 'FalconXInvalidRequest'
            Tells = 'the API''s words: the filter fields it supports'; Says = 'not supported; use one of'
            Run = { Get-FalconXSubmission -Filter "nosuch:'x'" } }
        @{ N = 45; Area = 'Get-FalconXSubmission'; Given = '-Limit 0'; Category = 'InvalidData'; ErrorId = 'ParameterArgumentValidationError'
            Tells = 'the argument is below the minimum of 1'; Says = 'greater than or equal to 1'; Quiet = $true
            Run = { Get-FalconXSubmission -Limit 0 } }
        @{ N = 46; Area = 'Wrong API answer'; Given = 'a 200 whose errors[] reports a failure instead of the submission'; Category = 'ResourceUnavailable'; ErrorId = 'FalconXServerError'
            Tells = 'the API reported a failure (its words quoted); try again later'; Says = 'internal error.*try again later'
            Setup = { Set-Canned @{ route = 'GET /falconx/entities/submissions/v1'; body = @{ meta = @{}; resources = @(); errors = @(@{ code = 500; message = 'internal error' }) } } }
            Run = { Get-FalconXSubmission -Id $Ctx.UnknownId } }
        @{ N = 47; Area = 'Wrong API answer'; Given = 'a submission with fields of the wrong JSON type'; Category = 'InvalidResult'; ErrorId = 'FalconXInvalidResponse'
            Tells = 'which field could not be read; try again, check -Proxy and the base URL'; Says = 'wrong type at \$\.state.*check -Proxy'
            Setup = { Set-Canned @{ route = 'GET /falconx/entities/submissions/v1'; body = @{ meta = @{}; resources = @(@{ id = $Ctx.UnknownId; state = 123 }); errors = @() } } }
            Run = { Get-FalconXSubmission -Id $Ctx.UnknownId } }
        # --- Get-FalconXReport -------------------------------------------------------------------------------------
        @{ N = 48; Area = 'Get-FalconXReport'; Given = "-ReportId 'bad'"; Category = 'InvalidArgument'; ErrorId = 'FalconXInvalidReportInput'
            Tells = 'report ids look like <32 hex>_<32 hex>'; Says = '<32 hex>_<32 hex>'; Quiet = $true
            Run = { Get-FalconXReport -ReportId 'bad' } }
        @{ N = 49; Area = 'Get-FalconXReport'; Given = "-Sha256 'zz'"; Category = 'InvalidArgument'; ErrorId = 'FalconXInvalidReportInput'
            Tells = 'a SHA-256 is 64 hexadecimal characters'; Says = '64 hexadecimal'; Quiet = $true
            Run = { Get-FalconXReport -Sha256 'zz' } }
        @{ N = 50; Area = 'Get-FalconXReport'; Given = 'a report id the API does not know'; Category = 'ObjectNotFound'; ErrorId = 'FalconXReportNotFound'
            Tells = 'the id may belong to another tenant or cloud, or the report was deleted'; Says = 'another tenant or cloud'
            Run = { Get-FalconXReport -ReportId $Ctx.UnknownId } }
        @{ N = 51; Area = 'Wrong API answer'; Given = '404 for a report id that exists'; Category = 'ObjectNotFound'; ErrorId = 'FalconXReportNotFound'
            Tells = 'no report for the id: another tenant or cloud, deleted, or not finished'; Says = 'another tenant or cloud'
            Setup = { $Ctx.Known = New-Report; Set-Canned @{ route = 'GET /falconx/entities/reports/v1'; count = 0; status = 404; body = @{ meta = @{}; resources = @(); errors = @(@{ code = 404; message = 'not found' }) } } }
            Run = { Get-FalconXReport -ReportId $Ctx.Known } }
        @{ N = 52; Area = 'Wrong API answer'; Given = 'a 200 with empty resources for a report that exists'; Category = 'ObjectNotFound'; ErrorId = 'FalconXReportNotFound'
            Tells = 'the API returned no report for the id, and why that can be'; Says = 'the API returned none'
            Setup = { $Ctx.Known = New-Report; Set-Canned @{ route = 'GET /falconx/entities/reports/v1'; count = 0; body = @{ meta = @{}; resources = @(); errors = @() } } }
            Run = { Get-FalconXReport -ReportId $Ctx.Known } }
        @{ N = 53; Area = 'Wrong API answer'; Given = 'an HTML proxy page (502) instead of JSON, every time'; Category = 'ResourceUnavailable'; ErrorId = 'FalconXServerError'
            Tells = 'the page''s title is quoted; retried, then: try again later, quote the trace id'; Says = '502 Bad Gateway.*Gave up after \d+ retries'
            Setup = { $Ctx.Known = New-Report; Set-Faults @{ htmlErrorRate = 1; errorRoutes = @('GET /falconx/entities/reports/v1') } }
            Run = { Get-FalconXReport -ReportId $Ctx.Known -Connection $Ctx.Fast } }
        @{ N = 54; Area = 'Wrong API answer'; Given = 'a 200 HTML login page instead of JSON'; Category = 'InvalidData'; ErrorId = 'FalconXUnreadableReport'
            Tells = 'the answer is not JSON (its title quoted); something in between changed it'; Says = 'not JSON \(text/html\): "Sign in"'
            Setup = { $Ctx.Known = New-Report; Set-Canned @{ route = 'GET /falconx/entities/reports/v1'; count = 0; contentType = 'text/html'; body = '<html><head><title>Sign in</title></head></html>' } }
            Run = { Get-FalconXReport -ReportId $Ctx.Known -Connection $Ctx.Fast } }
        @{ N = 55; Area = 'Wrong API answer'; Given = 'truncated JSON, every time'; Category = 'InvalidData'; ErrorId = 'FalconXUnreadableReport'
            Tells = 'the JSON is malformed or cut short; retried, then gave up'; Says = 'malformed or cut short'
            Setup = { $Ctx.Known = New-Report; Set-Faults @{ truncatedJsonRate = 1; errorRoutes = @('GET /falconx/entities/reports/v1') } }
            Run = { Get-FalconXReport -ReportId $Ctx.Known -Connection $Ctx.Fast } }
        @{ N = 56; Area = 'Wrong API answer'; Given = "JSON of the wrong type: 'resources' is an object"; Category = 'InvalidData'; ErrorId = 'FalconXUnreadableReport'
            Tells = 'what was wrong with the answer; this report skipped, the others unaffected'; Says = "'resources' is a JSON object, not a list"
            Setup = { $Ctx.Known = New-Report; Set-Canned @{ route = 'GET /falconx/entities/reports/v1'; body = @{ meta = @{}; resources = @{ id = 'x' }; errors = @() } } }
            Run = { Get-FalconXReport -ReportId $Ctx.Known } }
        @{ N = 57; Area = 'Wrong API answer'; Given = 'a 200 whose errors[] reports a failure instead of the report'; Category = 'ResourceUnavailable'; ErrorId = 'FalconXServerError'
            Tells = 'the API reported a failure (its words quoted); try again later'; Says = 'backend unavailable.*try again later'
            Setup = { $Ctx.Known = New-Report; Set-Canned @{ route = 'GET /falconx/entities/reports/v1'; body = @{ meta = @{}; resources = @(); errors = @(@{ code = 503; message = 'backend unavailable' }) } } }
            Run = { Get-FalconXReport -ReportId $Ctx.Known } }
        @{ N = 58; Area = 'Wrong API answer'; Given = 'a 301 to another host'; Category = 'InvalidResult'; ErrorId = 'FalconXInvalidResponse'
            Tells = 'a redirect (to where) is never followed; the token goes to the base URL only'; Says = 'redirect to http://127\.0\.0\.1:\d+/falconx/entities/reports/v1, which FalconX does not follow'
            Setup = { $Ctx.Known = New-Report; Set-Canned @{ route = 'GET /falconx/entities/reports/v1'; status = 301; headers = @{ Location = "$($Ctx.Other.Url)/falconx/entities/reports/v1" } } }
            After = { $Ctx.Other.Connections.Count | Should -Be 0 -Because 'the bearer token must not travel to another host' }
            Run = { Get-FalconXReport -ReportId $Ctx.Known } }
        @{ N = 59; Area = 'Get-FalconXReport'; Given = '-Wait -PollIntervalSec -1'; Category = 'InvalidData'; ErrorId = 'ParameterArgumentValidationError'
            Tells = 'the argument is below the minimum of 1'; Says = 'greater than or equal to 1 and'; Quiet = $true
            Run = { Get-FalconXReport -ReportId $Ctx.UnknownId -Wait -PollIntervalSec -1 } }
        @{ N = 60; Area = 'Get-FalconXReport'; Given = "-Filter `"bogus:'x'`""; Category = 'InvalidArgument'; ErrorId = 'FalconXInvalidRequest'
            Tells = 'the API''s words: the filter fields it supports'; Says = 'not supported; use one of'
            Run = { Get-FalconXReport -Filter "bogus:'x'" } }
        @{ N = 61; Area = 'Get-FalconXReport'; Given = '-Summary with -IncludeIoc'; Category = 'InvalidArgument'; ErrorId = 'FalconXIncludeIocWithSummary'
            Tells = 'leave out -Summary, or fetch IOCs with Save-FalconXArtifact'; Says = 'Save-FalconXArtifact'; Quiet = $true
            Run = { Get-FalconXReport -ReportId $Ctx.UnknownId -Summary -IncludeIoc } }
        # --- Save-FalconXArtifact ----------------------------------------------------------------------------------
        @{ N = 62; Area = 'Save-FalconXArtifact'; Given = '-Path an existing file'; Category = 'InvalidArgument'; ErrorId = 'FalconXArtifactPathIsFile'
            Tells = '-Path takes the folder to save into'; Says = 'takes the folder'; Quiet = $true
            Run = { Save-FalconXArtifact -ArtifactId ('c' * 64) -Path (New-Sample 'not-a-folder.txt') } }
        @{ N = 63; Area = 'Save-FalconXArtifact'; Given = 'an artifact id the API does not know'; Category = 'ObjectNotFound'; ErrorId = 'FalconXArtifactNotFound'
            Tells = 'take artifact ids from a current report; memory dumps need -Kind'; Says = 'Get-FalconXReport.*-Kind MemoryDump'
            Run = { Save-FalconXArtifact -ArtifactId ('c' * 64) -Path $Ctx.Out } }
        @{ N = 64; Area = 'Save-FalconXArtifact'; Given = 'the target file exists, no -Force'; Category = 'ResourceExists'; ErrorId = 'FalconXArtifactFileExists'
            Tells = 'add -Force to replace it, or save elsewhere; the file is left as it was'; Says = 'left as it is.*-Force'
            Setup = { $Ctx.Report = Get-FalconXReport -ReportId (New-Report); Set-Content -LiteralPath (Join-Path $Ctx.Out "$($Ctx.Report.SubmitName)_$($Ctx.Report.ReportId)_ioc-strict.csv") 'mine' }
            After = { Get-Content -LiteralPath (Join-Path $Ctx.Out "$($Ctx.Report.SubmitName)_$($Ctx.Report.ReportId)_ioc-strict.csv") | Should -Be 'mine' }
            Run = { $Ctx.Report | Save-FalconXArtifact -Path $Ctx.Out -Kind IocStrictCsv } }
        @{ N = 65; Area = 'Environment'; Given = 'the connection drops in the middle of a download'; Category = 'ConnectionError'; ErrorId = 'FalconXConnectionFailed'
            Tells = 'the connection broke (before or during the body, after retries); check the network; no file is left'; Says = '(broke off.*Nothing was saved|Could not reach.*Check the network)'
            Setup = { $Ctx.Report = Get-FalconXReport -ReportId (New-Report); Set-Faults @{ dropConnectionRate = 1; errorRoutes = @('GET /falconx/entities/artifacts/v1') } }
            After = { Get-ChildItem -LiteralPath $Ctx.Out -Force | Should -BeNullOrEmpty }
            Run = { $Ctx.Report | Save-FalconXArtifact -Path $Ctx.Out -Kind Pcap -Connection $Ctx.Fast } }
        @{ N = 66; Area = 'Save-FalconXArtifact'; Given = '-ArtifactId with -Kind Ioc (a group)'; Category = 'InvalidArgument'; ErrorId = 'FalconXArtifactKindAmbiguous'
            Tells = 'with -ArtifactId, -Kind names the one kind of that artifact'; Says = 'names the one kind'; Quiet = $true
            Run = { Save-FalconXArtifact -ArtifactId ('c' * 64) -Kind Ioc -Path $Ctx.Out } }
        # --- ConvertTo-ThreatQEntity -------------------------------------------------------------------------------
        @{ N = 67; Area = 'ConvertTo-ThreatQEntity'; Given = "'{not json'"; Category = 'ParserError'; ErrorId = 'InvalidReportJson'
            Tells = 'the report text is cut short; what to pass instead'; Says = 'cut short.*Get-Content report\.json -Raw'; Quiet = $true
            Run = { '{not json' | ConvertTo-ThreatQEntity } }
        @{ N = 68; Area = 'ConvertTo-ThreatQEntity'; Given = 'JSON that is not a report'; Category = 'InvalidData'; ErrorId = 'NotAReport'
            Tells = 'it has none of the report fields, and which fields it has'; Says = 'none of the report fields.*its fields are a'; Quiet = $true
            Run = { '{"a":1}' | ConvertTo-ThreatQEntity } }
        @{ N = 69; Area = 'ConvertTo-ThreatQEntity'; Given = 'a report without an id'; Category = 'InvalidData'; ErrorId = 'ReportWithoutId'
            Tells = 'ThreatQ needs the id: convert reports as the API returns them'; Says = "with its 'id' field"; Quiet = $true
            Run = { '{"verdict":"malicious","sandbox":[{"environment_id":160}]}' | ConvertTo-ThreatQEntity } }
        @{ N = 70; Area = 'ConvertTo-ThreatQEntity'; Given = 'a number (42)'; Category = 'InvalidType'; ErrorId = 'UnsupportedInput'
            Tells = 'it takes Falcon X reports, and in which forms'; Says = 'it takes Falcon X reports'; Quiet = $true
            Run = { 42 | ConvertTo-ThreatQEntity } }
        @{ N = 71; Area = 'ConvertTo-ThreatQEntity'; Given = 'a .json file that does not exist'; Category = 'ReadError'; ErrorId = 'ReportFileUnreadable'
            Tells = 'check that the file exists and may be read'; Says = 'Check that the file exists'; Quiet = $true
            Run = { [IO.FileInfo](Join-Path $Ctx.Work 'missing-report.json') | ConvertTo-ThreatQEntity } }
        @{ N = 72; Area = 'ConvertTo-ThreatQEntity'; Given = '-Cloud mars'; Category = 'InvalidData'; ErrorId = 'ParameterArgumentValidationError'
            Tells = 'the clouds it accepts'; Says = 'US-1,\s*US-2,\s*EU-1'; Quiet = $true
            Run = { '{"a":1}' | ConvertTo-ThreatQEntity -Cloud mars } }
        # --- Environments, connections -----------------------------------------------------------------------------
        @{ N = 73; Area = 'Get-FalconXEnvironment'; Given = "-Name 'nosuch'"; Category = 'ObjectNotFound'; ErrorId = 'EnvironmentNotFound'
            Tells = 'run it without arguments to list them; unknown numbers still work with -EnvironmentId'; Says = 'without arguments to list them'; Quiet = $true
            Run = { Get-FalconXEnvironment -Name 'nosuch' } }
        @{ N = 74; Area = 'Any API cmdlet'; Given = 'no Connect-FalconX in this runspace'; Category = 'InvalidOperation'; ErrorId = 'FalconXNotConnected'
            Tells = 'run Connect-FalconX first, or pass -Connection ($using: in -Parallel)'; Says = 'Run Connect-FalconX first'; Quiet = $true
            Run = { Invoke-InFreshRunspace 'Get-FalconXQuota' } }
        @{ N = 75; Area = 'Any API cmdlet'; Given = 'a connection closed by Disconnect-FalconX'; Category = 'InvalidOperation'; ErrorId = 'FalconXConnectionClosed'
            Tells = 'run Connect-FalconX again'; Says = 'Run Connect-FalconX again'; Quiet = $true
            Setup = { $Ctx.Closed = Connect-FalconX -BaseUrl $Ctx.Base -Credential $Ctx.Cred -WarningAction SilentlyContinue; Disconnect-FalconX -Connection $Ctx.Closed; Restore-DefaultConnection }
            Run = { Get-FalconXQuota -Connection $Ctx.Closed } }
        # --- Submit options, samples, deletions, verdicts ----------------------------------------------------------
        @{ N = 76; Area = 'Submit-FalconXSample'; Given = "-Browser ' ' (an empty browser name)"; Category = 'InvalidArgument'; ErrorId = 'FalconXInvalidSubmitParameter'
            Tells = 'the browser name is empty: give one, or leave -Browser out'; Says = 'browser name is empty'; Quiet = $true
            Run = { Submit-FalconXSample -Url 'https://example.invalid/b' -Browser ' ' } }
        @{ N = 77; Area = 'Get-FalconXSample'; Given = "-Sha256 'nope'"; Category = 'InvalidArgument'; ErrorId = 'FalconXInvalidSha256'
            Tells = 'a SHA-256 is 64 hexadecimal characters'; Says = '64 hexadecimal characters'; Quiet = $true
            Run = { Get-FalconXSample -Sha256 'nope' } }
        @{ N = 78; Area = 'Save-FalconXSample'; Given = 'the file <sha256>.bin already exists in the folder'; Category = 'ResourceExists'; ErrorId = 'FalconXSampleFileExists'
            Tells = 'it was left as it is: move or delete it, or save into another folder'; Says = 'left as it is.*Move or delete it'; Quiet = $true
            Setup = { Set-Content -LiteralPath (Join-Path $Ctx.Out ('6' * 64 + '.bin')) -Value 'keep' }
            Run = { Save-FalconXSample -Sha256 ('6' * 64) -Path $Ctx.Out } }
        @{ N = 79; Area = 'Save-FalconXSample'; Given = 'a hash the tenant does not hold'; Category = 'ObjectNotFound'; ErrorId = 'FalconXSampleNotFound'
            Tells = 'only uploaded samples and dropped files can be downloaded; Get-FalconXSample tells which are uploaded'; Says = 'Get-FalconXSample tells'
            Run = { Save-FalconXSample -Sha256 ('7' * 64) -Path $Ctx.Out } }
        @{ N = 80; Area = 'Save-FalconXSample'; Given = '-Path names a file'; Category = 'InvalidArgument'; ErrorId = 'FalconXSamplePathIsFile'
            Tells = '-Path takes the folder to save samples into'; Says = '-Path takes the folder'; Quiet = $true
            Run = { Save-FalconXSample -Sha256 ('7' * 64) -Path (New-Sample 'a-file.txt') } }
        @{ N = 81; Area = 'Save-FalconXSample'; Given = 'the download does not hash to the SHA-256 asked for'; Category = 'InvalidResult'; ErrorId = 'FalconXInvalidResponse'
            Tells = 'the download was altered or cut short; nothing was saved; try again'; Says = 'altered or cut short.*try again'
            Setup = { Set-Canned @{ route = 'GET /samples/entities/samples/v2'; contentType = 'application/octet-stream'; body = 'not the sample' } }
            Run = { Save-FalconXSample -Sha256 ('8' * 64) -Path $Ctx.Out } }
        @{ N = 82; Area = 'Remove-FalconXSample'; Given = "-Sha256 'nope'"; Category = 'InvalidArgument'; ErrorId = 'FalconXInvalidSha256'
            Tells = 'a SHA-256 is 64 hexadecimal characters; nothing was deleted'; Says = '64 hexadecimal characters. Nothing was deleted'; Quiet = $true
            Run = { Remove-FalconXSample -Sha256 'nope' -Confirm:$false } }
        @{ N = 83; Area = 'Remove-FalconXSample'; Given = 'a hash the tenant does not hold'; Category = 'ObjectNotFound'; ErrorId = 'FalconXSampleNotFound'
            Tells = 'check the hash; Get-FalconXSample tells which hashes are uploaded'; Says = 'Get-FalconXSample tells'
            Run = { Remove-FalconXSample -Sha256 ('9' * 64) -Confirm:$false } }
        @{ N = 84; Area = 'Remove-FalconXReport'; Given = "-ReportId 'x'"; Category = 'InvalidArgument'; ErrorId = 'FalconXInvalidReportId'
            Tells = 'report ids look like <32 hex>_<32 hex>; nothing was deleted'; Says = '<32 hex>_<32 hex>.*Nothing was deleted'; Quiet = $true
            Run = { Remove-FalconXReport -ReportId 'x' -Confirm:$false } }
        @{ N = 85; Area = 'Remove-FalconXReport'; Given = 'an unknown report id'; Category = 'ObjectNotFound'; ErrorId = 'FalconXReportNotFound'
            Tells = 'it may be deleted already, belong to another tenant, or still be running'; Says = 'deleted already'
            Run = { Remove-FalconXReport -ReportId $Ctx.UnknownId -Confirm:$false } }
        @{ N = 86; Area = 'Get-FalconXVerdict'; Given = "-Sha256 'x'"; Category = 'InvalidArgument'; ErrorId = 'FalconXInvalidSha256'
            Tells = 'a SHA-256 is 64 hexadecimal characters'; Says = '64 hexadecimal characters'; Quiet = $true
            Run = { Get-FalconXVerdict -Sha256 'x' } }
        @{ N = 87; Area = 'Submit-FalconXArchive'; Given = 'a password that does not open the zip'; Category = 'InvalidData'; ErrorId = 'FalconXArchiveFailed'
            Tells = 'the API''s reason (wrong password); check -Password (malware zips usually use infected)'; Says = 'wrong password.*-Password'
            Setup = { $Ctx.Known = (Save-FalconXSample -Sha256 (Submit-FalconXSample -LiteralPath (New-Sample 'zipped.exe')).Sha256 -Path $Ctx.Out -PasswordProtected).Path }
            Run = { Submit-FalconXArchive -LiteralPath $Ctx.Known -Password (ConvertTo-SecureString 'nope' -AsPlainText -Force) } }
        @{ N = 88; Area = 'Submit-FalconXArchive'; Given = 'a damaged archive (not a zip)'; Category = 'InvalidData'; ErrorId = 'FalconXArchiveFailed'
            Tells = 'the API could not open it and why; check that the file is a complete zip archive'; Says = 'cannot be read.*complete zip'
            Run = { Submit-FalconXArchive -LiteralPath (New-Sample 'damaged.zip') } }
        @{ N = 89; Area = 'Submit-FalconXArchive'; Given = '-Include that matches no file of the archive'; Category = 'ObjectNotFound'; ErrorId = 'FalconXArchiveNoMatchingFile'
            Tells = 'no file matches; the archive''s files are listed'; Says = 'No file of the archive .* matches -Include \*\.pdf\. Its files: z\.exe'
            Setup = { Set-Content -LiteralPath (Join-Path $Ctx.Work 'z.exe') -Value 'MZ z'; $Ctx.Known = Join-Path $Ctx.Out 'z.zip'; Compress-Archive -Path (Join-Path $Ctx.Work 'z.exe') -DestinationPath $Ctx.Known }
            Run = { Submit-FalconXArchive -LiteralPath $Ctx.Known -Include *.pdf } }
    )
}

BeforeAll {
    Import-Module $env:FALCONX_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'Common.psm1') -Force
    Import-Module (Join-Path $env:FALCONX_REPO_ROOT 'tools/LoopbackServer.psm1') -Force
    $emulator = Start-TestEmulator
    $root = Join-Path ([IO.Path]::GetTempPath()) ('falconx-badinput-' + [guid]::NewGuid().ToString('N'))
    $script:Ctx = [pscustomobject]@{
        Emulator   = $emulator
        Base       = $emulator.BaseUrl
        Cred       = [pscredential]::new($emulator.ClientId, (ConvertTo-SecureString $emulator.ClientSecret -AsPlainText -Force))
        Root       = $root
        Work       = Join-Path $root 'work'
        Out        = Join-Path $root 'out'
        UnknownId  = 'ace79a13936f4ec8ad4de36606814bfc_' + ('0' * 31) + '1'
        ClosedPort = Get-ClosedLoopbackPort
        Tls        = Start-LoopbackServer -Mode Tls
        NotTls     = Start-LoopbackServer -Mode NotTls
        Proxy      = Start-LoopbackServer -Response "HTTP/1.1 407 Proxy Authentication Required`nProxy-Authenticate: Basic realm=`"corp`"`nContent-Length: 0`nConnection: close`n`n"
        Other      = Start-LoopbackServer
        Conn       = $null
        Fast       = $null
        Lock       = $null
        Known      = $null
        Report     = $null
        Closed     = $null
    }
    $null = New-Item -ItemType Directory -Path $Ctx.Work, $Ctx.Out

    function Set-Faults([hashtable] $Faults) {
        Set-EmulatorFaults $Ctx.Base $Faults
    }
    function Set-Canned([hashtable] $Answer) {
        Invoke-RestMethod -Method Put -Uri "$($Ctx.Base)/_emulator/canned" -ContentType 'application/json' -Body ($Answer | ConvertTo-Json -Depth 8) | Out-Null
    }
    function Get-Stats { Get-EmulatorStats $Ctx.Base }
    function New-Sample([string] $Name) {
        $path = Join-Path $Ctx.Work $Name
        [IO.File]::WriteAllText($path, "MZ $([guid]::NewGuid()) $Name")
        $path
    }
    # A finished report, made through the module itself. Detonations finish at once here (--submission-delay-ms 0), so
    # Get-FalconXReport -Wait finds it at its first check instead of Submit-FalconXSample -Wait's first check after 1 s.
    function New-Report {
        $submission = Submit-FalconXSample -LiteralPath (New-Sample "report-$([guid]::NewGuid().ToString('N')).exe")
        (Get-FalconXReport -ReportId $submission.SubmissionId -Wait -PollIntervalSec 1 -TimeoutSec 30).ReportId
    }
    function Restore-DefaultConnection {
        $script:Ctx.Conn = Connect-FalconX -BaseUrl $Ctx.Base -Credential $Ctx.Cred -WarningAction SilentlyContinue
    }
    function Invoke-WithEnvironment([hashtable] $Variables, [scriptblock] $Script) {
        $saved = @{}
        foreach ($name in $Variables.Keys) {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $Variables[$name])
        }
        try { & $Script } finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }
    function Invoke-InFreshRunspace([string] $Command) {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$($env:FALCONX_MODULE_PATH)'; $Command")
            try { $null = $ps.Invoke() } catch { $_.Exception.InnerException.ErrorRecord }
            $ps.Streams.Error
        } finally { $ps.Dispose() }
    }
    # Runs a row: every error it raises, terminating or not, as ErrorRecords.
    function Invoke-Row([scriptblock] $Run) {
        $records = [System.Collections.Generic.List[object]]::new()
        try {
            foreach ($item in @(& $Run 2>&1 3>$null)) {
                if ($item -is [System.Management.Automation.ErrorRecord]) { $records.Add($item) }
            }
        } catch {
            $records.Add($_)
        }
        , $records.ToArray()
    }

    Restore-DefaultConnection
    # For rows that exhaust retries: the same emulator, with millisecond backoff and few retries.
    $script:Ctx.Fast = Connect-FalconX -BaseUrl $Ctx.Base -Credential $Ctx.Cred -MaxRetryCount 2 -RetryDelayMilliseconds 10 -WarningAction SilentlyContinue
    Restore-DefaultConnection
}

AfterAll {
    foreach ($server in @($Ctx.Tls, $Ctx.NotTls, $Ctx.Proxy, $Ctx.Other)) { if ($server) { $server.Stop() } }
    Get-FalconXConnection -ErrorAction SilentlyContinue | Disconnect-FalconX -ErrorAction SilentlyContinue
    $Ctx.Emulator | Stop-TestEmulator
    if ($Ctx.Root -and (Test-Path $Ctx.Root)) { Remove-Item -LiteralPath $Ctx.Root -Recurse -Force }
}

Describe 'Bad input matrix' {
    BeforeEach {
        Reset-TestEmulator $Ctx.Emulator
        Get-ChildItem -LiteralPath $Ctx.Work, $Ctx.Out -Force | Remove-Item -Recurse -Force
        $Ctx.Other.Connections.Clear()
    }

    It '#<N> <Area>: <Given>' -ForEach $Rows -Skip:($IsWindows -and $_.Unix) {
        if ($Setup) { . $Setup }
        $defaultBefore = Get-FalconXConnection
        $requestsBefore = (Get-Stats).requests

        $records = Invoke-Row $Run

        try {
            $records | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" } | Should -HaveCount 1
            $record = $records[0]
            $record.FullyQualifiedErrorId.Split(',')[0] | Should -Be $ErrorId
            $record.CategoryInfo.Category | Should -Be $Category
            "$($record.Exception.Message) $($record.ErrorDetails.Message) $($record.ErrorDetails.RecommendedAction)" | Should -Match $Says
            # Nothing left behind: no half-written file, the default connection as it was, and refused input sends nothing.
            Get-ChildItem -LiteralPath $Ctx.Root -Recurse -Force -Filter '*.partial' | Should -BeNullOrEmpty
            $defaultAfter = Get-FalconXConnection
            [object]::ReferenceEquals($defaultAfter, $defaultBefore) | Should -BeTrue -Because 'a failed command must not replace the default connection'
            $defaultAfter.IsConnected | Should -BeTrue
            if ($Quiet) { (Get-Stats).requests | Should -Be $requestsBefore -Because 'input refused before sending costs no request' }
            if ($After) { . $After }
        } finally {
            if ($Ctx.Lock) { $Ctx.Lock.Dispose(); $Ctx.Lock = $null }
        }
    }

    It 'docs/bad-input-matrix.md lists exactly these rows' -TestCases @(@{ Expected = @($Rows | ForEach-Object { "$($_.N)|$($_.Area)|$($_.Category)|$($_.ErrorId)" }) }) {
        $doc = Get-Content (Join-Path $env:FALCONX_REPO_ROOT 'docs/bad-input-matrix.md')
        $documented = @($doc | Where-Object { $_ -match '^\|\s*\d+\s*\|' } | ForEach-Object {
                $cells = @($_.Trim('|').Split('|') | ForEach-Object { $_.Trim().Trim('`') })
                "$($cells[0])|$($cells[1])|$($cells[3])|$($cells[4])"
            })
        $documented | Should -Be $Expected
        $Expected.Count | Should -BeGreaterOrEqual 40
    }
}
