@{
    Synopsis    = 'Gets Falcon X Sandbox submissions and their state, by id or by FQL filter.'
    Description = @'
Get-FalconXSubmission shows where detonations stand: created, running, success or error (with the API's ErrorType and ErrorMessage).

By id: give submission ids (the same as report ids) as arguments or through the pipeline (by value, or by the SubmissionId or ReportId property). Ids are gathered and asked for together, about 200 per request, and come out in the order given. An id the API does not know gets an ObjectNotFound error; a malformed id gets an InvalidArgument error without a request.

By filter: an FQL filter (for example state:'running', sandbox.sha256:'<hash>', user_tags:'case-1042', or created_timestamp:>'2024-05-01') returns the newest 100 matches (-Limit, -Offset, -Sort), or every match page by page with -All. Without a filter, the newest submissions of the tenant are returned.
'@
    Parameters  = @{
        Id         = 'Submission ids, <32 hex>_<32 hex>. Binds from the pipeline by value and by the SubmissionId and ReportId properties.'
        Filter     = 'An FQL filter, e.g. state:''error'' or sandbox.environment_id:160+state:''running''. Without it, every submission matches.'
        Sort       = 'created_timestamp.desc (newest first, the default) or created_timestamp.asc.'
        Limit      = 'How many submissions to return, 1 to 5000. Default 100. With -All it is the page size: how many are asked for per request (default 500).'
        Offset     = 'How many matches to skip first, for the next page.'
        All        = 'Returns every matching submission, fetched page by page as they are written out.'
        Connection = 'The connection to use. Default: the runspace''s default connection from Connect-FalconX.'
    }
    Examples    = @(
        @{
            Title   = 'Check on a submission'
            Code    = 'Get-FalconXSubmission -Id $submission.SubmissionId'
            Remarks = 'Returns the submission with its current State; a failed one shows ErrorType and ErrorMessage.'
        }
        @{
            Title   = 'Everything still running'
            Code    = "Get-FalconXSubmission -Filter `"state:'running'`" -All"
            Remarks = 'Pages through every running submission of the tenant.'
        }
        @{
            Title   = 'The state of every submission made by a script'
            Code    = @'
$made = Get-ChildItem .\drop -File | Submit-FalconXSample
$made | Get-FalconXSubmission | Group-Object State
'@
            Remarks = 'The submissions bind by SubmissionId and are looked up in one request per 200.'
        }
    )
    Inputs      = @{
        'System.String'                  = 'Submission ids, by value.'
        'FalconX.Models.FalconXSubmission' = 'Submissions, by their SubmissionId property (also reports, by ReportId).'
    }
    Outputs     = @{ 'FalconX.Models.FalconXSubmission' = 'One per submission found: SubmissionId, State, Sha256 or SubmitUrl, FileName, EnvironmentId, CreatedAt, errors.' }
    Links       = @('Submit-FalconXSample', 'Get-FalconXReport', 'Get-FalconXQuota', 'about_FalconX')
}
