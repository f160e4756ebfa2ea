@{
    Synopsis    = 'Shows the default ThreatQ connection of the current runspace.'
    Description = @'
Get-ThreatQConnection returns the connection the last Connect-ThreatQ in this runspace made: URL, client id, user, grant type, token expiry and the number of requests sent. It never shows a password, secret or token. When nothing is connected it returns nothing.
'@
    Parameters  = @{}
    Examples    = @(
        @{
            Title   = 'See where the session is connected'
            Code    = 'Get-ThreatQConnection | Format-List'
            Remarks = 'Lists URL, client id, user, grant type, token expiry and request count.'
        }
        @{
            Title   = 'Connect only when needed'
            Code    = 'if (-not (Get-ThreatQConnection)) { Connect-ThreatQ }'
            Remarks = 'Uses the THREATQ_* environment variables on the first run.'
        }
    )
    Inputs      = @{ 'None' = 'No pipeline input.' }
    Outputs     = @{ 'FalconX.PowerShell.ThreatQConnection' = 'The default connection, or nothing.' }
    Links       = @('Connect-ThreatQ', 'Disconnect-ThreatQ', 'about_FalconX', 'about_FalconX_ThreatQ')
}
