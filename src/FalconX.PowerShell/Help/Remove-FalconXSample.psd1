@{
    Synopsis    = 'Deletes uploaded samples from the tenant by SHA-256; asks first, and -WhatIf sends nothing.'
    Description = @'
Remove-FalconXSample deletes uploaded samples (DELETE /samples/entities/samples/v2, one hash per request): the API removes "the file, its metadata and submissions". Reports are not deleted; Remove-FalconXReport does that.

Hashes come from -Sha256 or the pipeline by property name: Get-FalconXSample, Submit-FalconXSample's submissions, reports, and a report's extracted files all carry a Sha256 property.

Deleting is final, so the command has ConfirmImpact High: PowerShell asks before each sample unless you pass -Confirm:$false. -WhatIf lists what would be deleted and sends no request. Each failure is its own error and the other hashes go on: a value that is not a SHA-256 (FalconXInvalidSha256, nothing sent) and a sample the tenant does not hold (FalconXSampleNotFound).
'@
    Parameters  = @{
        PassThru   = 'Writes the SHA-256 of each deletion the API accepted, e.g. for a log.'
        Sha256     = 'SHA-256 hashes of uploaded samples. From the pipeline by property name (Sha256).'
        Connection = 'The connection to use. Default: the runspace''s default connection from Connect-FalconX.'
        WhatIf     = 'Lists the samples that would be deleted, without sending anything.'
        Confirm    = 'Asks before each sample (the default, as ConfirmImpact is High). -Confirm:$false deletes without asking.'
    }
    Examples    = @(
        @{
            Title   = 'Delete uploaded samples once their reports are in'
            Code    = @'
$reports = Get-ChildItem ./inbox -File | Submit-FalconXSample -Wait
$reports | Remove-FalconXSample -Confirm:$false
'@
            Remarks = 'The reports stay; only the uploaded files go.'
        }
        @{
            Title   = 'Delete only the hashes that are really uploaded'
            Code    = @'
Get-FalconXSample -Sha256 (Get-Content ./hashes.txt) -Uploaded |
    Remove-FalconXSample -WhatIf
'@
            Remarks = 'Shows what would be deleted; drop -WhatIf to delete (PowerShell asks for each one).'
        }
    )
    Inputs      = @{ 'System.String, objects with a Sha256 property' = 'Hashes, or Get-FalconXSample output, submissions and reports.' }
    Outputs     = @{ 'System.String' = 'With -PassThru, the SHA-256 of each deletion the API accepted; otherwise nothing (-Verbose tells each one).' }
    Links       = @('Get-FalconXSample', 'Save-FalconXSample', 'Remove-FalconXReport', 'about_FalconX')
}
