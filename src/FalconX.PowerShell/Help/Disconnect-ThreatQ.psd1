@{
    Synopsis    = 'Closes a ThreatQ connection and forgets its token.'
    Description = @'
Disconnect-ThreatQ forgets the connection's token, closes its HTTP connections and, when it was the runspace's default, forgets it. Later calls through the closed connection stop with an error that says to run Connect-ThreatQ again. Without a connection it does nothing.
'@
    Parameters  = @{
        Connection = 'The connection to close. Default: the runspace''s default ThreatQ connection.'
        PassThru   = 'Write the closed connection to the pipeline.'
    }
    Examples    = @(
        @{
            Title   = 'Close the connection at the end of a script'
            Code    = @'
Connect-ThreatQ
try { Get-ThreatQIndicator -Type SHA-256 -Status Review }
finally { Disconnect-ThreatQ }
'@
            Remarks = 'The token is forgotten even when the work in between fails.'
        }
        @{
            Title   = 'Close one of two connections'
            Code    = 'Disconnect-ThreatQ -Connection $lab -PassThru'
            Remarks = 'Shows the closed connection with IsConnected False.'
        }
    )
    Inputs      = @{ 'FalconX.PowerShell.ThreatQConnection' = 'A connection to close.' }
    Outputs     = @{ 'FalconX.PowerShell.ThreatQConnection' = 'With -PassThru, the closed connection.' }
    Links       = @('Connect-ThreatQ', 'Get-ThreatQConnection', 'about_FalconX', 'about_FalconX_ThreatQ')
}
