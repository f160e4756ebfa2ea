@{
    Synopsis    = 'Revokes the token of a Falcon X connection and closes it.'
    Description = @'
Disconnect-FalconX revokes the connection's token at the API (POST /oauth2/revoke), closes its HTTP connections and, when it was the runspace's default, forgets it. Later calls through the closed connection stop with an error that says to run Connect-FalconX again.

If revoking fails (the API cannot be reached, say), a non-terminating error is written and the connection is closed anyway; the token then expires by itself within 30 minutes. Without a connection to close, the command does nothing.
'@
    Parameters  = @{
        Connection = 'The connection to close. Default: the runspace''s default connection from Connect-FalconX.'
        PassThru   = 'Write the closed connection to the pipeline.'
    }
    Examples    = @(
        @{
            Title   = 'Close the default connection at the end of a script'
            Code    = @'
Connect-FalconX
try { Get-FalconXQuota } finally { Disconnect-FalconX }
'@
            Remarks = 'The token is revoked even when the work in between fails.'
        }
        @{
            Title   = 'Close one of several connections'
            Code    = @'
$child = Connect-FalconX -Credential $cred -MemberCid $childCid
Disconnect-FalconX -Connection $child -PassThru
'@
            Remarks = 'Shows the closed connection, with IsConnected False.'
        }
    )
    Inputs      = @{ 'FalconX.PowerShell.FalconXConnection' = 'A connection to close, by value.' }
    Outputs     = @{ 'FalconX.PowerShell.FalconXConnection' = 'With -PassThru, the closed connection; otherwise nothing.' }
    Links       = @('Connect-FalconX', 'Get-FalconXConnection', 'about_FalconX')
}
