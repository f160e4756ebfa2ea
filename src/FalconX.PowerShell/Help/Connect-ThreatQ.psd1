@{
    Synopsis    = 'Signs in to ThreatQ and makes the connection the default for the ThreatQ cmdlets.'
    Description = @'
Connect-ThreatQ signs in to a ThreatQ instance at once, so that a wrong URL, client id or password shows here and not halfway through a pipeline. It supports the two sign-ins ThreatQ integrations use: the password grant (a ThreatQ user's e-mail and password with the API client id) and the client-credentials grant (client id and secret, sent with HTTP Basic). The token is renewed before it expires (ThreatQ's expires_in) and once more after an unexpected 401.

Credentials come from -Credential or -ClientSecret, or from the environment variables THREATQ_URL, THREATQ_CLIENT_ID, THREATQ_USERNAME and THREATQ_PASSWORD (or THREATQ_CLIENT_SECRET). The command never prompts. Passwords, secrets and tokens never appear in output, errors or logs.

Only https is accepted, except on the loopback address (the local emulator). Certificates are checked against this machine's trusted store; there is no switch to skip the check: add an internal CA's root to the store instead. The proxy settings work as for Connect-FalconX.
'@
    Parameters  = @{
        Uri                        = 'The ThreatQ host, e.g. https://threatq.example.org. Default: $env:THREATQ_URL.'
        Credential                 = 'The ThreatQ user''s e-mail (user name) and password, for the password grant. Default: $env:THREATQ_USERNAME and $env:THREATQ_PASSWORD.'
        ClientId                   = 'The ThreatQ API client id. Default: $env:THREATQ_CLIENT_ID.'
        ClientSecret               = 'The client secret (SecureString), for the client-credentials grant. Default: $env:THREATQ_CLIENT_SECRET when no user and password are set.'
        Proxy                      = 'An explicit proxy, e.g. http://proxy.example.com:8080. Default: the system proxy.'
        ProxyCredential            = 'Credentials for the proxy.'
        ProxyUseDefaultCredentials = 'Sign in to the proxy with the current Windows account.'
        TimeoutSec                 = 'Seconds one HTTP attempt may take. Default 100.'
        MaxRetryCount              = 'Retries after 5xx answers and dropped connections, for calls that are safe to repeat. Default 4.'
        RetryDelayMilliseconds     = 'First backoff delay; it doubles each retry, with jitter. Default 1000.'
    }
    Examples    = @(
        @{
            Title   = 'Sign in as a user'
            Code    = @'
$tq = Get-Credential analyst@example.org
$uri = 'https://threatq.example.org'
Connect-ThreatQ -Uri $uri -Credential $tq -ClientId $tqClientId
'@
            Remarks = 'Password grant: the client id with the user''s e-mail and password.'
        }
        @{
            Title   = 'Scheduled task with environment variables'
            Code    = @'
# The task's account has THREATQ_URL, THREATQ_CLIENT_ID and
# THREATQ_CLIENT_SECRET set
Connect-ThreatQ
'@
            Remarks = 'Client-credentials grant, no prompt.'
        }
    )
    Inputs      = @{ 'None' = 'Connect-ThreatQ takes no pipeline input.' }
    Outputs     = @{ 'FalconX.PowerShell.ThreatQConnection' = 'The connection (URL, client id, user, grant type; never a secret).' }
    Links       = @('Disconnect-ThreatQ', 'Get-ThreatQConnection', 'about_FalconX', 'about_FalconX_ThreatQ')
}
