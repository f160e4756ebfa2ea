@{
    Synopsis    = 'Connects to the Falcon X Sandbox API with an API client id and secret.'
    Description = @'
Connect-FalconX requests an OAuth2 token at once, so wrong credentials, a wrong cloud or a blocked network show up here and not in the middle of a script. It returns a connection object (cloud, base URL, client id, member CID, token expiry, quota when known; never the secret or the token) and makes it the default connection of the current runspace. Every other FalconX cmdlet also takes -Connection, so a script can hold connections to several tenants.

Credentials can be given three ways, none of which prompts: -Credential (user name = client id, password = secret), -ClientId with -ClientSecret (a SecureString), or, when neither is given, the environment variables FALCON_CLIENT_ID and FALCON_CLIENT_SECRET, which is what a scheduled task on Windows or Linux uses. FALCON_CLOUD, FALCON_BASE_URL and FALCON_MEMBER_CID are read the same way when the matching parameter is not given. Without any credential the command stops with an error naming the three ways.

-Cloud picks CrowdStrike's API host (US-2 by default). For the commercial clouds (US-1, US-2, EU-1) the tenant's cloud is found automatically: when the API answers the token request with a 308 redirect to another cloud, or names another region in X-Cs-Region, the connection moves to that cloud, shows it in Cloud and BaseUrl, and says so in the verbose stream. The secret is sent again only to FalconX's own API host for that cloud (never to an address taken from the answer), at most once, and never between the commercial clouds and GovCloud; a redirect to any other host is an error that names it. -BaseUrl points at an API gateway or the local emulator instead and is never redirected; it must use https, except on the loopback address where http is accepted with a warning.

The token is renewed before it expires and once more if the API refuses it; rate limits (429) are waited out as the API asks; server errors and dropped connections are retried with backoff when repeating the request is safe. Submissions are never sent twice. The secret is kept as a SecureString and is never written to any stream, error or file.
'@
    Parameters  = @{
        Credential                 = 'The API client id as the user name and the client secret as the password, e.g. from Get-Credential or Get-Secret (SecretManagement).'
        ClientId                   = 'The API client id (32 hexadecimal characters), shown under Support and resources > API clients and keys in the Falcon console. Use with -ClientSecret.'
        ClientSecret               = 'The API client secret as a SecureString. Use with -ClientId.'
        Cloud                      = 'The CrowdStrike cloud: US1, US2 (default), EU1, USGOV1 or USGOV2. For US1, US2 and EU1 the tenant''s real cloud is found automatically (the connection follows the API''s 308 redirect or X-Cs-Region). Cannot be combined with -BaseUrl.'
        BaseUrl                    = 'A fixed API base URL, such as an API gateway or the local emulator (http://127.0.0.1:5080). Must be https, except on a loopback address. Region discovery never moves away from it: a token redirect from it is an error naming where it points.'
        MemberCid                  = 'A Flight Control child CID to act on (32 hexadecimal characters; the -XX checksum shown in the console is accepted and dropped).'
        ConsoleHost                = 'The Falcon console host used in links to reports, e.g. falcon.eu-1.crowdstrike.com. Default: the console of the cloud, or US-1''s for -BaseUrl.'
        Proxy                      = 'A proxy URL, e.g. http://proxy.example.com:8080. Without it the system proxy settings apply.'
        ProxyCredential            = 'Credentials for the proxy (explicit or system).'
        ProxyUseDefaultCredentials = 'Send the signed-in user''s Windows credentials to the proxy (NTLM or Kerberos proxies).'
        TimeoutSec                 = 'Seconds one HTTP attempt may take before it is abandoned (and retried when that is safe). Default 100.'
        MaxRetryCount              = 'How often a call is retried after a server error, a dropped connection or a timeout. Default 4; 0 turns retries off.'
        RetryDelayMilliseconds     = 'The first wait before a retry, in milliseconds; it doubles with each retry, with random jitter. Default 1000.'
        MaxRateLimitWaitSec        = 'The longest total time one call waits for the API rate limit to reset before failing. Default 300.'
    }
    Examples    = @(
        @{
            Title   = 'Connect interactively with a prompted credential'
            Code    = @'
$cred = Get-Credential -Message 'Falcon API client id and secret'
Connect-FalconX -Credential $cred -Cloud EU1
'@
            Remarks = 'Connect-FalconX itself never prompts; Get-Credential does, and the secret stays a SecureString.'
        }
        @{
            Title   = 'A scheduled task with credentials in the environment'
            Code    = @'
# Set FALCON_CLIENT_ID, FALCON_CLIENT_SECRET and FALCON_CLOUD for the
# task's account, then in the script:
Connect-FalconX
Get-FalconXQuota
'@
            Remarks = 'With no credential parameters, the FALCON_* environment variables are used. Works in pwsh -NonInteractive on Windows and Linux.'
        }
        @{
            Title   = 'A secret from SecretManagement, for a child tenant'
            Code    = @'
$secret = Get-Secret -Name FalconSandboxSecret
Connect-FalconX -ClientId $env:FALCON_CLIENT_ID -ClientSecret $secret `
    -MemberCid 0123456789abcdef0123456789abcdef
'@
            Remarks = 'Flight Control parents lock the token to a member CID.'
        }
        @{
            Title   = 'Several tenants in parallel runspaces'
            Code    = @'
$eu = Connect-FalconX -Credential $euCred -Cloud EU1
1..8 | ForEach-Object -Parallel {
    Get-FalconXQuota -Connection $using:eu
}
'@
            Remarks = 'Each runspace has its own default connection, so pass the connection with -Connection. One connection is safe to share.'
        }
        @{
            Title   = 'Try it against the local emulator'
            Code    = @'
$cred = [pscredential]::new('a1b2c3d4e5f60718293a4b5c6d7e8f90',
    (Read-Host -AsSecureString 'Emulator secret'))
Connect-FalconX -BaseUrl http://127.0.0.1:5080 -Credential $cred
'@
            Remarks = 'Plain http is accepted only on a loopback address, with a warning.'
        }
    )
    Inputs      = @{ 'None' = 'Connect-FalconX takes no pipeline input.' }
    Outputs     = @{ 'FalconX.PowerShell.FalconXConnection' = 'The connection: Cloud, BaseUrl, ConsoleHost, ClientId, MemberCid, TokenExpiresAt, Quota, ConnectedAt, IsConnected.' }
    Notes       = 'The API client needs the Sandbox (Falcon Intelligence) read and write scopes, and Sample uploads write for uploads. Run with -Verbose to see each request, its status, duration, remaining rate limit and trace id.'
    Links       = @('Disconnect-FalconX', 'Get-FalconXConnection', 'Get-FalconXQuota', 'about_FalconX')
}
