@{
    Synopsis    = 'Writes ConvertTo-ThreatQEntity output into ThreatQ, related to the objects the actions ran on.'
    Description = @'
Send-ThreatQEntity writes ThreatQ entities (or -AsConsumePayload bodies) with ThreatQ's bulk upsert endpoint, POST /api/{collection}/consume, in batches of at most 500 objects: reports first, then indicators and attack patterns that link to them. Relationships to the source indicators and attachments travel inside the same bodies, so they cost no extra request.

Writing is safe to repeat: a consume body is an upsert keyed on collection, type and value, so a batch whose answer was lost (a dropped connection, a 5xx) is sent again without creating duplicates, and running the same pipeline twice creates nothing new. 429 and 503 answers are waited out.

When ThreatQ rejects a batch for one object, that object gets one error naming it (ThreatQObjectRejected) and the rest of the batch is sent again and written. A batch that fails for another reason gets one error and the other batches still go. -WhatIf shows each batch that would be written; -PassThru writes the written objects with their ThreatQ ids and web links ({host}/indicators/{id}/details).
'@
    Parameters  = @{
        Connection = 'The ThreatQ connection to use. Default: the one the last Connect-ThreatQ in this runspace made.'
        InputObject = 'Entities or consume bodies from ConvertTo-ThreatQEntity.'
        BatchSize   = 'Objects per consume body, 1 to 500. Default 500.'
        PassThru    = 'Write the objects written, with ThreatQId and Link.'
    }
    Examples    = @(
        @{
            Title   = 'Get Reports for the SHA-256 indicators under review'
            Code    = @'
Get-ThreatQIndicator -Type SHA-256 -Status Review |
    Get-FalconXReport -Latest |
    ConvertTo-ThreatQEntity | Send-ThreatQEntity -PassThru
'@
            Remarks = 'Shows every object written with its ThreatQ id and link.'
        }
        @{
            Title   = 'See what would be written'
            Code    = @'
Get-FalconXReport -Filter "verdict:'malicious'" -Limit 20 |
    ConvertTo-ThreatQEntity | Send-ThreatQEntity -WhatIf
'@
            Remarks = 'One line per batch; nothing is sent.'
        }
    )
    Inputs      = @{ 'FalconX.ThreatQ.ThreatQEntity' = 'Entities from ConvertTo-ThreatQEntity.'; 'FalconX.ThreatQ.ThreatQConsumePayload' = 'Bodies from ConvertTo-ThreatQEntity -AsConsumePayload.' }
    Outputs     = @{ 'FalconX.ThreatQ.Api.ThreatQWrittenObject' = 'With -PassThru, each written object with Collection, ThreatQId, Type, Value, Link and RelatedTo.' }
    Links       = @('ConvertTo-ThreatQEntity', 'Connect-ThreatQ', 'about_FalconX', 'about_FalconX_ThreatQ')
}
