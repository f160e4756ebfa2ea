@{
    Synopsis    = 'Gets the Falcon X Sandbox submission quota: total, used, in progress and remaining.'
    Description = @'
Each sandbox detonation counts against a monthly quota of the tenant. Get-FalconXQuota asks the API (the quota rides along on every sandbox query answer; the cheapest one is used) and returns Total, Used, InProgress and Remaining (Total minus Used). The connection remembers the figures, so Get-FalconXConnection shows them too.

If the API client lacks the Sandbox (Falcon Intelligence) read scope, the answer carries no quota and the command writes an error saying so.
'@
    Parameters  = @{
        Connection = 'The connection to use. Default: the runspace''s default connection from Connect-FalconX.'
    }
    Examples    = @(
        @{
            Title   = 'Check the quota before a batch of submissions'
            Code    = @'
$quota = Get-FalconXQuota
if ($quota.Remaining -lt 50) { throw "Only $($quota.Remaining) left." }
'@
            Remarks = 'Stops a script before it spends the last submissions.'
        }
        @{
            Title   = 'Quota of several tenants'
            Code    = @'
$tenants | ForEach-Object {
    Get-FalconXQuota -Connection $_ | Select-Object Total, Used, Remaining
}
'@
            Remarks = 'Each connection in $tenants comes from its own Connect-FalconX.'
        }
    )
    Inputs      = @{ 'None' = 'Get-FalconXQuota takes no pipeline input.' }
    Outputs     = @{ 'FalconX.Models.FalconXQuota' = 'Total, Used, InProgress, Remaining and ObservedAt.' }
    Links       = @('Connect-FalconX', 'Get-FalconXConnection', 'Submit-FalconXSample', 'about_FalconX')
}
