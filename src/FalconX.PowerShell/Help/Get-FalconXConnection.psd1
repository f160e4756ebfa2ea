@{
    Synopsis    = 'Shows the default Falcon X connection of the current runspace.'
    Description = @'
Get-FalconXConnection returns the connection the last Connect-FalconX in this runspace made: cloud, API base URL, console host, client id, member CID, when the current token expires, and the submission quota from the last answer that reported it. It never shows the client secret or the token, and neither does the connection's ToString().

When nothing is connected it returns nothing, so "if (-not (Get-FalconXConnection)) { Connect-FalconX }" works. Runspaces started by ForEach-Object -Parallel or Start-ThreadJob have no default connection of their own; pass one with -Connection there.
'@
    Parameters  = @{}
    Examples    = @(
        @{
            Title   = 'See where the session is connected'
            Code    = 'Get-FalconXConnection | Format-List'
            Remarks = 'Lists cloud, base URL, console host, client id, member CID, token expiry and quota.'
        }
        @{
            Title   = 'Connect only when needed'
            Code    = 'if (-not (Get-FalconXConnection)) { Connect-FalconX }'
            Remarks = 'Uses the FALCON_* environment variables on the first run in a session.'
        }
    )
    Inputs      = @{ 'None' = 'Get-FalconXConnection takes no pipeline input.' }
    Outputs     = @{ 'FalconX.PowerShell.FalconXConnection' = 'The default connection, or nothing.' }
    Links       = @('Connect-FalconX', 'Disconnect-FalconX', 'about_FalconX')
}
