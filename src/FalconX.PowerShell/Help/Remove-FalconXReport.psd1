@{
    Synopsis    = 'Deletes Falcon X Sandbox reports by report id; asks first, and -WhatIf sends nothing.'
    Description = @'
Remove-FalconXReport deletes sandbox reports (DELETE /falconx/entities/reports/v1, one id per request, as the API takes them). Report ids come from -ReportId or the pipeline by property name: reports and summaries (ReportId) and submissions (SubmissionId; a submission's report has the same id).

Deleting is final, so the command has ConfirmImpact High: PowerShell asks before each report unless you pass -Confirm:$false. -WhatIf lists what would be deleted and sends no request.

The API deletes in the background: a deleted report may still be returned for a short while. Each failure is its own error and the other ids go on: a value that is not a report id (FalconXInvalidReportId, nothing sent) and an unknown, already deleted or still running report (FalconXReportNotFound). The uploaded sample stays; Remove-FalconXSample deletes it.
'@
    Parameters  = @{
        PassThru   = 'Writes the report id of each deletion the API accepted, e.g. for a log.'
        ReportId   = 'Report ids (<32 hex>_<32 hex>). From the pipeline by property name: ReportId of reports and summaries, SubmissionId of submissions.'
        Connection = 'The connection to use. Default: the runspace''s default connection from Connect-FalconX.'
        WhatIf     = 'Lists the reports that would be deleted, without sending anything.'
        Confirm    = 'Asks before each report (the default, as ConfirmImpact is High). -Confirm:$false deletes without asking.'
    }
    Examples    = @(
        @{
            Title   = 'Delete the reports of a test run without being asked'
            Code    = @'
Get-FalconXReport -Filter "user_tags:'test-run'" |
    Remove-FalconXReport -Confirm:$false
'@
            Remarks = 'Every report tagged test-run is deleted; each one that fails is reported as its own error.'
        }
        @{
            Title   = 'See what would be deleted'
            Code    = '$submissions | Remove-FalconXReport -WhatIf'
            Remarks = 'Lists the report ids of the submissions; nothing is sent to the API.'
        }
    )
    Inputs      = @{ 'FalconX.Models.FalconXReport, FalconXSubmission, System.String' = 'Objects with a ReportId or SubmissionId property, or ids.' }
    Outputs     = @{ 'System.String' = 'With -PassThru, the report id of each deletion the API accepted; otherwise nothing (-Verbose tells each one).' }
    Links       = @('Get-FalconXReport', 'Remove-FalconXSample', 'about_FalconX')
}
