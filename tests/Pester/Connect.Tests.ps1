# Connect-FalconX, Disconnect-FalconX, Get-FalconXConnection and Get-FalconXQuota against the emulator
# (started as a process): credential paths, errors as ErrorRecords, verbose plumbing, runspaces, Ctrl+C.
BeforeAll {
    Import-Module $env:FALCONX_MODULE_PATH -Force
    Import-Module (Join-Path $env:FALCONX_REPO_ROOT 'tools/EmulatorHost.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Common.psm1') -Force
    $script:Emulator = Start-TestEmulator -Faults @{ submissionDelayMs = 100 }
    $script:BaseUrl = $Emulator.BaseUrl
    $script:Secret = ConvertTo-SecureString $Emulator.ClientSecret -AsPlainText -Force
    $script:Cred = [pscredential]::new($Emulator.ClientId, $Secret)

    function Set-Faults([hashtable] $Faults, $Target = $Emulator) { Set-EmulatorFaults $Target $Faults }
    function Reset-Emulator($Target = $Emulator) { Reset-TestEmulator $Target }
    function Get-Stats($Target = $Emulator) { Get-EmulatorStats $Target }

    # What needs a fresh 'pwsh -NonInteractive' (the FALCON_* variables, never prompting, no connection yet) runs in
    # ONE such child: each scenario in turn with only its own FALCON_* variables set and $ErrorActionPreference Stop,
    # its output (host lines included) between markers. ExitCode is 1 when an error stopped the scenario, as it would
    # stop 'pwsh -Command'. The ones that must not find a connection run before any scenario connects.
    function Invoke-ChildScenarios([System.Collections.Specialized.OrderedDictionary] $Scenarios) {
        $encode = { param($text) [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($text)) }
        $lines = foreach ($name in $Scenarios.Keys) {
            $scenario = $Scenarios[$name]
            "Invoke-Scenario '$name' '$(& $encode ($scenario.Environment | ConvertTo-Json -Compress))' '$(& $encode $scenario.Script)'"
        }
        $child = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$env:FALCONX_MODULE_PATH'
function Invoke-Scenario([string] `$Name, [string] `$Environment, [string] `$Script) {
    `$decode = { param(`$b) [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String(`$b)) }
    foreach (`$n in 'FALCON_CLIENT_ID', 'FALCON_CLIENT_SECRET', 'FALCON_CLOUD', 'FALCON_BASE_URL', 'FALCON_MEMBER_CID') { [Environment]::SetEnvironmentVariable(`$n, `$null) }
    `$variables = & `$decode `$Environment | ConvertFrom-Json
    if (`$variables) { foreach (`$p in `$variables.PSObject.Properties) { [Environment]::SetEnvironmentVariable(`$p.Name, [string]`$p.Value) } }
    Write-Host "=== BEGIN `$Name"
    `$stopped = 0
    try { & ([scriptblock]::Create((& `$decode `$Script))) | Out-Host } catch { `$stopped = 1; Write-Host "ERROR: `$_" }
    Write-Host "=== END `$Name EXIT=`$stopped"
}
$($lines -join "`n")
"@
        $run = Invoke-ChildPwsh -Command $child -Environment @{ FALCON_CLIENT_ID = $null; FALCON_CLIENT_SECRET = $null; FALCON_CLOUD = $null; FALCON_BASE_URL = $null; FALCON_MEMBER_CID = $null }
        $results = @{}
        foreach ($name in $Scenarios.Keys) {
            $pattern = '(?s)=== BEGIN ' + [regex]::Escape($name) + '\r?\n(.*?)=== END ' + [regex]::Escape($name) + ' EXIT=(\d)'
            $m = [regex]::Match($run.Output, $pattern)
            $results[$name] = if ($m.Success) { [pscustomobject]@{ Output = $m.Groups[1].Value; ExitCode = [int]$m.Groups[2].Value } }
            else { [pscustomobject]@{ Output = "The child did not run '$name' to its end (exit code $($run.ExitCode)): $($run.Output)"; ExitCode = -1 } }
        }
        $results
    }

    $good = @{ FALCON_CLIENT_ID = $Emulator.ClientId; FALCON_CLIENT_SECRET = $Emulator.ClientSecret; FALCON_BASE_URL = $BaseUrl }
    $script:Child = Invoke-ChildScenarios ([ordered]@{
            'not connected'        = @{ Environment = @{}; Script = "try { Get-FalconXQuota } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }" }
            'no credentials'       = @{ Environment = @{}; Script = "try { Connect-FalconX -BaseUrl '$BaseUrl' } catch { `$_.FullyQualifiedErrorId; `$_.CategoryInfo.Category; `$_.Exception.Message }" }
            'no secret'            = @{ Environment = @{ FALCON_CLIENT_ID = $Emulator.ClientId }; Script = "try { Connect-FalconX -BaseUrl '$BaseUrl' } catch { `$_.Exception.Message }" }
            'malformed cloud'      = @{ Environment = @{ FALCON_CLIENT_ID = $Emulator.ClientId; FALCON_CLIENT_SECRET = $Emulator.ClientSecret; FALCON_CLOUD = 'moon-1' }; Script = "try { Connect-FalconX } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }" }
            'environment'          = @{ Environment = $good; Script = "`$c = Connect-FalconX -WarningAction SilentlyContinue; (Get-FalconXQuota).Total; `$c.Cloud; 'DONE'" }
            'debug'                = @{ Environment = $good; Script = "`$null = Connect-FalconX -Debug; `$q = Get-FalconXQuota -Debug; 'TOTAL=' + `$q.Total" }
        })
}

AfterAll {
    Get-FalconXConnection | Disconnect-FalconX -ErrorAction SilentlyContinue
    $Emulator | Stop-TestEmulator
}

Describe 'Connect-FalconX credential paths' {
    BeforeEach { Reset-Emulator }

    It 'connects with -Credential, proves it with one token request and returns the connection' {
        $c = Connect-FalconX -BaseUrl $BaseUrl -Credential $Cred -WarningAction SilentlyContinue
        $c | Should -BeOfType 'FalconX.PowerShell.FalconXConnection'
        $c.Cloud | Should -Be 'Custom'
        $c.BaseUrl.ToString() | Should -Be "$BaseUrl/"
        $c.ClientId | Should -Be $Emulator.ClientId
        $c.ConsoleHost.ToString() | Should -Be 'https://falcon.crowdstrike.com/'
        $c.TokenExpiresAt | Should -BeGreaterThan (Get-Date)
        $c.IsConnected | Should -BeTrue
        (Get-Stats).tokenRequests | Should -Be 1
        Get-FalconXConnection | Should -Be $c
    }

    It 'connects with -ClientId and -ClientSecret and keeps the member CID normalised' {
        $c = Connect-FalconX -BaseUrl $BaseUrl -ClientId $Emulator.ClientId -ClientSecret $Secret `
            -MemberCid 'ACE79A13936F4EC8AD4DE36606814BFC-7A' -WarningAction SilentlyContinue
        $c.MemberCid | Should -Be 'ace79a13936f4ec8ad4de36606814bfc'
        $c.ToString() | Should -Match 'member ace79a13936f4ec8ad4de36606814bfc'
    }

    It 'warns about plain http on loopback' {
        $null = Connect-FalconX -BaseUrl $BaseUrl -Credential $Cred -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings | Should -HaveCount 1
        "$warnings" | Should -Match 'plain http'
    }

    It 'connects from FALCON_CLIENT_ID / FALCON_CLIENT_SECRET / FALCON_BASE_URL in pwsh -NonInteractive' {
        $r = $Child['environment']
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Output | Should -Match '(?m)^100\s*$'
        $r.Output | Should -Match 'Custom'
        $r.Output | Should -Match 'DONE'
    }

    It 'works with -Debug alone in pwsh -NonInteractive (no "inquire" prompt on verbose or warning lines)' {
        $r = $Child['debug']
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Output | Should -Not -Match 'NonInteractive mode'
        $r.Output | Should -Match 'TOTAL=100'
        $r.Output | Should -Match 'DEBUG: VERBOSE: GET /falconx/queries/submissions/v1'
        $r.Output | Should -Match 'DEBUG: WARNING: Connecting over plain http'
    }

    It 'fails in pwsh -NonInteractive without credentials, naming the three ways and never prompting' {
        $r = $Child['no credentials']
        $r.Output | Should -Match 'FalconXCredentialMissing'
        $r.Output | Should -Match 'InvalidArgument'
        $r.Output | Should -Match '-Credential'
        $r.Output | Should -Match '-ClientId with -ClientSecret'
        $r.Output | Should -Match 'FALCON_CLIENT_ID and FALCON_CLIENT_SECRET'
        $r.Output | Should -Not -Match 'NonInteractive mode'
    }

    It 'names the one missing environment variable' {
        $r = $Child['no secret']
        $r.Output | Should -Match 'FALCON_CLIENT_SECRET is not set'
    }

    It 'refuses a malformed FALCON_CLOUD with a clear error' {
        $r = $Child['malformed cloud']
        $r.Output | Should -Match 'FalconXInvalidCloud'
        $r.Output | Should -Match 'US1, US2, EU1, USGOV1 or USGOV2'
    }
}

Describe 'Connect-FalconX input errors' {
    It 'refuses -Cloud together with -BaseUrl' {
        { Connect-FalconX -Cloud EU1 -BaseUrl $BaseUrl -Credential $Cred } | Should -Throw -ErrorId 'FalconXCloudAndBaseUrl,FalconX.PowerShell.Commands.ConnectFalconXCommand'
    }

    It 'refuses plain http to a non-loopback host, saying why' {
        $err = { Connect-FalconX -BaseUrl 'http://api.example.com' -Credential $Cred } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Match '^FalconXInvalidBaseUrl'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match 'use https'
    }

    It 'refuses a malformed member CID' {
        { Connect-FalconX -BaseUrl $BaseUrl -Credential $Cred -MemberCid 'abc' -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'FalconXInvalidMemberCid,FalconX.PowerShell.Commands.ConnectFalconXCommand'
    }

    It 'turns refused credentials into an AuthenticationError with status and trace id, and keeps the old default' {
        $good = Connect-FalconX -BaseUrl $BaseUrl -Credential $Cred -WarningAction SilentlyContinue
        $bad = [pscredential]::new($Emulator.ClientId, (ConvertTo-SecureString 'NotTheSecret0123456789abcdefghijklmnopqr' -AsPlainText -Force))
        $err = { Connect-FalconX -BaseUrl $BaseUrl -Credential $bad -WarningAction SilentlyContinue } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'FalconXAuthenticationFailed,FalconX.PowerShell.Commands.ConnectFalconXCommand'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.Exception.Message | Should -Match 'HTTP 403'
        $err.Exception.Message | Should -Match 'trace id [0-9a-f-]{8,}'
        $err.Exception.StatusCode | Should -Be 403
        $err.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $err.Exception.Message | Should -Not -Match 'NotTheSecret'
        Get-FalconXConnection | Should -Be $good
    }

    It 'reports an unreachable host as a ConnectionError' {
        $err = { Connect-FalconX -BaseUrl 'https://falconx-no-such-host.invalid' -Credential $Cred -MaxRetryCount 0 } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Match '^FalconXConnectionFailed'
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
        $err.Exception.Message | Should -Match 'falconx-no-such-host.invalid'
    }
}

Describe 'Region autodiscovery' {
    BeforeAll {
        # EU-1 is this file's emulator; the other cloud is a second one, playing US-2 (it names EU-1 in X-Cs-Region)
        # or US-1 (its token route answers 308 to EU-1) as each test sets it up.
        $script:Europe = $Emulator
        $script:Other = Start-TestEmulator -Name second
        function Use-Other([hashtable] $Faults) { Reset-TestEmulator $Other; Set-EmulatorFaults $Other $Faults; $Other }
    }
    BeforeEach { Reset-Emulator $Europe }
    AfterAll {
        $env:FALCONX_CLOUD_HOSTS_OVERRIDE = $null
        $Other | Stop-TestEmulator
    }

    It 'switches a named cloud to the cloud in X-Cs-Region, says so in Verbose, and keeps working' {
        $Us2 = Use-Other @{ region = 'eu-1' }
        # Test-only map: US-2 and EU-1 are two local emulators; no CrowdStrike host is contacted.
        $env:FALCONX_CLOUD_HOSTS_OVERRIDE = "US2=$($Us2.BaseUrl);EU1=$($Europe.BaseUrl)"
        $c = Connect-FalconX -Cloud US2 -Credential $Cred -Verbose 4>&1 | Tee-Object -Variable all | Where-Object { $_ -is [FalconX.PowerShell.FalconXConnection] }
        $verbose = $all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        ($verbose -join "`n") | Should -Match 'belongs to EU-1 \(X-Cs-Region: eu-1\), not US-2: switching'
        $c.Cloud | Should -Be 'EU-1'
        $c.BaseUrl.ToString() | Should -Be "$($Europe.BaseUrl)/"
        $c.ConsoleHost.ToString() | Should -Be 'https://falcon.eu-1.crowdstrike.com/'
        (Get-FalconXQuota -Connection $c).Total | Should -Be 100
        (Get-Stats $Europe).byRoute.'GET /falconx/queries/submissions/v1' | Should -Be 1
    }

    It 'follows a token 308 from the wrong cloud to the tenant''s cloud, shows it on the connection and says so in Verbose' {
        $Us1 = Use-Other @{ tokenRedirectRegion = 'eu-1' }
        $env:FALCONX_CLOUD_HOSTS_OVERRIDE = "US1=$($Us1.BaseUrl);EU1=$($Europe.BaseUrl)"
        $c = Connect-FalconX -Cloud US1 -Credential $Cred -Verbose 4>&1 | Tee-Object -Variable all | Where-Object { $_ -is [FalconX.PowerShell.FalconXConnection] }
        $verbose = $all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        ($verbose -join "`n") | Should -Match 'Redirected: .* answered 308 .* belongs to EU-1 \(X-Cs-Region: eu-1\)'
        $c.Cloud | Should -Be 'EU-1'
        $c.BaseUrl.ToString() | Should -Be "$($Europe.BaseUrl)/"
        (Get-FalconXQuota -Connection $c).Total | Should -Be 100
        (Get-Stats $Us1).tokenRequests | Should -Be 1
        (Get-Stats $Us1).requests | Should -Be 1
    }

    It 'does not follow a token 308 from -BaseUrl and names the target' {
        $Us1 = Use-Other @{ tokenRedirectRegion = 'eu-1' }
        $err = { Connect-FalconX -BaseUrl $Us1.BaseUrl -Credential $Cred -WarningAction SilentlyContinue } | Should -Throw -PassThru
        $err.Exception.Message | Should -Match 'https://api\.eu-1\.crowdstrike\.com/oauth2/token'
        $err.Exception.Message | Should -Match 'does not follow redirects from a -BaseUrl'
    }

    It 'never moves away from -BaseUrl' {
        $Us2 = Use-Other @{ region = 'eu-1' }
        $c = Connect-FalconX -BaseUrl $Us2.BaseUrl -Credential $Cred -WarningAction SilentlyContinue
        $c.BaseUrl.ToString() | Should -Be "$($Us2.BaseUrl)/"
        $c.Cloud | Should -Be 'Custom'
    }
}

Describe 'Get-FalconXQuota and errors from API calls' {
    BeforeAll {
        Reset-Emulator
        $script:Conn = Connect-FalconX -BaseUrl $BaseUrl -Credential $Cred -RetryDelayMilliseconds 5 -WarningAction SilentlyContinue
    }
    BeforeEach { Set-Faults @{ errorRate = 0; htmlErrorRate = 0; quotaUsed = 0; latencyMs = 0 } }

    It 'returns Total, Used, InProgress and Remaining and remembers them on the connection' {
        Set-Faults @{ quotaTotal = 120; quotaUsed = 20 }
        $q = Get-FalconXQuota
        $q | Should -BeOfType 'FalconX.Models.FalconXQuota'
        $q.Total | Should -Be 120
        $q.Used | Should -Be 20
        $q.Remaining | Should -Be 100
        $q.InProgress | Should -Be 0
        (Get-FalconXConnection).Quota.Remaining | Should -Be 100
    }

    It 'writes method, path, status, duration, rate limit remaining and trace id to Verbose' {
        $verbose = Get-FalconXQuota -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'GET /falconx/queries/submissions/v1\?limit=1 → 200 in \d+ ms; rate limit remaining \d+; trace id [0-9a-f-]+'
    }

    It 'rides out injected 5xx on GETs' {
        Set-Faults @{ errorRate = 0.3; errorRoutes = @('GET *'); errorStatuses = @(500, 502, 503) }
        $results = 1..30 | ForEach-Object { Get-FalconXQuota -ErrorAction Stop }
        $results | Should -HaveCount 30
    }

    It 'gives a ResourceUnavailable error with status and trace id when retries run out' {
        $c = Connect-FalconX -BaseUrl $BaseUrl -Credential $Cred -MaxRetryCount 1 -RetryDelayMilliseconds 5 -WarningAction SilentlyContinue
        Set-Faults @{ errorRate = 1; errorRoutes = @('GET *'); errorStatuses = @(500) }
        $q = Get-FalconXQuota -Connection $c -ErrorVariable err -ErrorAction SilentlyContinue
        $q | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'FalconXServerError,FalconX.PowerShell.Commands.GetFalconXQuotaCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $err[0].Exception.Message | Should -Match 'GET /falconx/queries/submissions/v1: HTTP 500'
        $err[0].Exception.Message | Should -Match 'trace id'
        $err[0].Exception.TraceId | Should -Not -BeNullOrEmpty
    }

    It 'quotes a proxy''s HTML page instead of failing to parse it' {
        $c = Connect-FalconX -BaseUrl $BaseUrl -Credential $Cred -MaxRetryCount 0 -WarningAction SilentlyContinue
        Set-Faults @{ htmlErrorRate = 1; errorRoutes = @('GET *') }
        Get-FalconXQuota -Connection $c -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].Exception.Message | Should -Match 'HTTP 502 Bad Gateway'
        $err[0].Exception.Message | Should -Match '"502 Bad Gateway"'
        $err[0].Exception.Message | Should -Not -Match 'invalid start of a value'
    }

    It 'stops with FalconXNotConnected when there is no connection' {
        $r = $Child['not connected']
        $r.Output | Should -Match 'FalconXNotConnected'
        $r.Output | Should -Match 'Run Connect-FalconX first'
    }

    It 'stops a call when Ctrl+C (StopProcessing) arrives, abandoning the request' {
        Set-Faults @{ latencyMs = 10000 }
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:FALCONX_MODULE_PATH'; Get-FalconXQuota -Connection `$args[0]").AddArgument($Conn)
            $handle = $ps.BeginInvoke()
            Wait-EmulatorRequestInFlight $Emulator   # the call is on the wire, held by latencyMs
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $handle.IsCompleted | Should -BeTrue
        } finally {
            $ps.Dispose()
        }
        # The emulator saw the client leave while it was still delaying the answer (499).
        $aborted = Wait-Until -TimeoutSec 5 -Because 'the emulator never recorded the abandoned request as 499' -Condition {
            @(Get-EmulatorRequests $Emulator | Where-Object { $_.path -eq '/falconx/queries/submissions/v1' -and $_.status -eq 499 })
        }
        $aborted | Should -Not -BeNullOrEmpty
    }
}

Describe 'Runspaces' {
    BeforeAll {
        Reset-Emulator
        $script:Shared = Connect-FalconX -BaseUrl $BaseUrl -Credential $Cred -WarningAction SilentlyContinue
    }

    It 'shares one connection across 8 parallel runspaces with zero errors and one token' {
        $before = (Get-Stats).tokenRequests
        $errors = $null
        $results = 1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
            Import-Module $env:FALCONX_MODULE_PATH
            1..15 | ForEach-Object { Get-FalconXQuota -Connection $using:Shared }
        } -ErrorVariable errors
        $errors | Should -BeNullOrEmpty
        $results | Should -HaveCount 120
        (Get-Stats).tokenRequests | Should -Be $before
    }

    It 'gives each parallel runspace its own (empty) default, so -Connection is needed there' {
        $ids = 1..2 | ForEach-Object -Parallel {
            Import-Module $env:FALCONX_MODULE_PATH
            try { Get-FalconXQuota } catch { $_.FullyQualifiedErrorId }
        }
        $ids | ForEach-Object { $_ | Should -Match '^FalconXNotConnected' }
    }
}

Describe 'Disconnect-FalconX' {
    BeforeEach { Reset-Emulator }

    It 'revokes the token, forgets the default and makes the connection unusable' {
        $c = Connect-FalconX -BaseUrl $BaseUrl -Credential $Cred -WarningAction SilentlyContinue
        $closed = Disconnect-FalconX -PassThru
        $closed | Should -Be $c
        $closed.IsConnected | Should -BeFalse
        $closed.ToString() | Should -Match 'disconnected'
        (Get-Stats).revokes | Should -Be 1
        Get-FalconXConnection | Should -BeNullOrEmpty
        { Get-FalconXQuota -Connection $c } | Should -Throw -ErrorId 'FalconXConnectionClosed,FalconX.PowerShell.Commands.GetFalconXQuotaCommand'
    }

    It 'does nothing when not connected' {
        Get-FalconXConnection | Disconnect-FalconX
        { Disconnect-FalconX -ErrorAction Stop } | Should -Not -Throw
    }

    It 'closes a non-default connection given by pipeline and leaves the default alone' {
        $default = Connect-FalconX -BaseUrl $BaseUrl -Credential $Cred -WarningAction SilentlyContinue
        $other = Connect-FalconX -BaseUrl $BaseUrl -Credential $Cred -WarningAction SilentlyContinue
        $null = Connect-FalconX -BaseUrl $BaseUrl -Credential $Cred -WarningAction SilentlyContinue
        $default | Disconnect-FalconX
        $default.IsConnected | Should -BeFalse
        (Get-FalconXConnection).IsConnected | Should -BeTrue
        $other.IsConnected | Should -BeTrue
    }
}
