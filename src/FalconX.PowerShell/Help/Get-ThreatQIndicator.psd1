@{
    Synopsis    = 'Reads indicators from ThreatQ by value, type, status or tag, or by id.'
    Description = @'
Get-ThreatQIndicator queries ThreatQ's indicators (POST /api/indicators/query, paged 500 at a time) by exact value, type, status and tag, or reads indicators by ThreatQ id with their attributes, sources, tags and score.

SHA-256 indicators pipe straight into Get-FalconXReport: their Sha256 property binds by name, and each report remembers the indicator it was fetched for, so ConvertTo-ThreatQEntity and Send-ThreatQEntity relate the results to it (the guide's "Get Reports" action). An indicator of another type piped there gives one clear error and the rest goes on.
'@
    Parameters  = @{
        Connection = 'The ThreatQ connection to use. Default: the one the last Connect-ThreatQ in this runspace made.'
        Id     = 'ThreatQ ids of indicators to read, with attributes, sources, tags and score.'
        Value  = 'Exact indicator values.'
        Type   = 'The indicator type, e.g. SHA-256.'
        Status = 'The status, e.g. Review.'
        Tag    = 'A tag name.'
        First  = 'Return at most this many indicators.'
    }
    Examples    = @(
        @{
            Title   = 'The guide''s Get Reports action as a pipeline'
            Code    = @'
Get-ThreatQIndicator -Type SHA-256 -Status Review |
    Get-FalconXReport -Latest |
    ConvertTo-ThreatQEntity | Send-ThreatQEntity
'@
            Remarks = 'Each report, with its MalQuery hashes, lands in ThreatQ related to the indicator it was fetched for.'
        }
        @{
            Title   = 'One indicator with its details'
            Code    = 'Get-ThreatQIndicator -Id 1234 | Format-List *'
            Remarks = 'Attributes, sources, tags, score and the web link.'
        }
    )
    Inputs      = @{ 'System.Int64' = 'ThreatQ ids, by property name ThreatQId.' }
    Outputs     = @{ 'FalconX.ThreatQ.Api.ThreatQIndicator' = 'Indicators with ThreatQId, Type, Value, Status, Score, Tags, Sources, Attributes, Link, Sha256 and ThreatQSource.' }
    Links       = @('Get-FalconXReport', 'Send-ThreatQEntity', 'about_FalconX', 'about_FalconX_ThreatQ')
}
