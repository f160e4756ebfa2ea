@{
    Synopsis    = 'Reads attachments (files) from ThreatQ by id, name, type or tag.'
    Description = @'
Get-ThreatQAttachment lists ThreatQ's attachments (GET /api/attachments, paged) filtered by name, type and tag, or reads them by ThreatQ id. The objects pipe into Submit-FalconXSample, which downloads each one to a private temporary file (computing its SHA-256 while it streams), submits it under the attachment's name, and deletes the file whatever happens (the guide's "Submit File" action). The reports of those submissions remember the attachment, so ConvertTo-ThreatQEntity relates the results, including the sample's SHA-256, to it.
'@
    Parameters  = @{
        Connection = 'The ThreatQ connection to use. Default: the one the last Connect-ThreatQ in this runspace made.'
        Id    = 'ThreatQ ids of attachments.'
        Name  = 'The exact file name.'
        Type  = 'The attachment type, e.g. Malware Sample.'
        Tag   = 'A tag name, e.g. detonate.'
        First = 'Return at most this many attachments.'
    }
    Examples    = @(
        @{
            Title   = 'The guide''s Submit File action as a pipeline'
            Code    = @'
Get-ThreatQAttachment -Tag detonate | Submit-FalconXSample -Wait |
    ConvertTo-ThreatQEntity | Send-ThreatQEntity
'@
            Remarks = 'Each file is detonated and its report, sample SHA-256 and MalQuery hashes land in ThreatQ related to the attachment.'
        }
        @{
            Title   = 'List the malware samples'
            Code    = 'Get-ThreatQAttachment -Type ''Malware Sample'' | Format-Table'
            Remarks = 'Id, name, type, size and tags.'
        }
    )
    Inputs      = @{ 'System.Int64' = 'ThreatQ ids, by property name ThreatQId.' }
    Outputs     = @{ 'FalconX.ThreatQ.Api.ThreatQAttachment' = 'Attachments with ThreatQId, Name, Type, FileSize, Md5, Tags, Link and ThreatQSource.' }
    Links       = @('Submit-FalconXSample', 'Send-ThreatQEntity', 'about_FalconX', 'about_FalconX_ThreatQ')
}
