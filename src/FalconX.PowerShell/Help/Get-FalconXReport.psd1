@{
    Synopsis    = 'Gets Falcon X Sandbox reports or summaries by SHA-256, by report or submission id, or by FQL filter.'
    Description = @'
Get-FalconXReport fetches the detonation reports of the Falcon X (Falcon Intelligence) Sandbox. It finds them three ways:

- by SHA-256 (-Sha256, or piped Get-FileHash output, submissions, reports or ThreatQ SHA-256 indicators): every report of each sample, newest first; -Latest keeps only the newest per hash and -EnvironmentId only those of one environment. Many hashes are looked up in a few queries.
- by report id (-ReportId; a report id is the submission id, so submissions from Submit-FalconXSample pipe straight in): exactly those reports.
- by FQL filter (-Filter, with -Sort, -Limit, -Offset and -All to page through every match).

Strings piped in are taken as report ids or SHA-256 hashes, whichever they look like, so a file of ids or hashes can be piped from Get-Content.

Many ids are fetched in batches (as many per request as the URL allows, about 210) and a few batches at a time, within the API's rate limit; the output keeps the input order. Reports are typed objects: ReportId, Sha256, Verdict, ThreatScore, EnvironmentId, EnvironmentDescription, FileType, SubmitName, CreatedAt, Tags, ConsoleUrl (the report's page in the Falcon console of the connection's cloud), the artifact ids, and the full sandbox detail (processes, network, extracted files, signatures, MITRE ATT&CK) as nested objects in Sandbox. Fields this version does not know are kept in AdditionalProperties. -Summary gets the summary endpoint's shorter objects instead. -IncludeIoc also fetches each report's strict JSON IOC pack into its Iocs property.

A report whose detonation failed is output like any other, with HasError, ErrorType and ErrorMessage set. An id or hash without a report is a non-terminating error (FalconXReportNotFound). A submission still detonating is an error that says its state and how long it has been running (FalconXDetonationNotFinished); with -Wait the command waits for it instead, checking all pending submissions with one request every -PollIntervalSec seconds and showing a progress bar, up to -TimeoutSec.
'@
    Parameters  = @{
        ReportId        = 'Report ids (<32 hex>_<32 hex>, the same as submission ids). Binds from the pipeline by the property names ReportId, SubmissionId and Id.'
        Sha256          = 'SHA-256 hashes of samples; every report of each is returned, newest first. Binds from the pipeline by the property names Sha256 and Hash (Get-FileHash output).'
        InputObject     = 'Pipeline input taken whole: strings (each a report id or a SHA-256) and ThreatQ SHA-256 indicators. Objects with a ReportId, SubmissionId, Sha256 or Hash property bind to those parameters instead.'
        Filter          = "An FQL filter on reports, e.g. verdict:'malicious' or sandbox.submit_name:'*.docm'. Terms join with +; ',' (OR) is refused by the API. URLs are stored defanged, so filter on that form: sandbox.submit_url:'hxxps://www.example[.]com/*'."
        Sort            = 'The order of -Filter results: created_timestamp.desc (the default), created_timestamp.asc, asc or desc.'
        Limit           = 'The most reports -Filter returns. Default 100. Ignored with -All.'
        Offset          = 'How many -Filter matches to skip first.'
        All             = 'Return every match of -Filter, paging through them 5000 ids at a time.'
        EnvironmentId   = 'Only reports of this sandbox environment: an id such as 160 or a name such as win10_x64 (Get-FalconXEnvironment lists them). Applies to -Sha256 and -Filter. Binds from the pipeline by property name.'
        Latest          = 'With -Sha256: only the newest report of each hash.'
        Wait            = 'Wait for submissions still detonating (and, with -Sha256, for running submissions of hashes that have no report yet) and output their reports when they finish, instead of an error.'
        TimeoutSec      = 'With -Wait: how long to wait in all, in seconds (1 to 86400). Default 1200 (20 minutes). Submissions still running then get a FalconXWaitTimedOut error; their detonation goes on.'
        PollIntervalSec = 'With -Wait: the longest time between two status checks, in whole seconds (1 to 3600), as for Submit-FalconXSample. Each check is one request for all pending submissions. Default 30.'
        Summary         = 'Get report summaries (verdict, score, tags, artifact ids; no sandbox detail) instead of full reports.'
        IncludeIoc      = 'Also download each report''s strict JSON IOC pack and put its indicators (Value, Type, Source) in the report''s Iocs property. Not with -Summary.'
        IncludeRawJson  = 'Keep each report''s (or summary''s) JSON exactly as the API sent it in its RawJson property, for archiving what the API said next to the typed object. Costs the memory of a second copy of each report.'
        Connection      = 'The connection to use. Default: the runspace''s default connection from Connect-FalconX.'
    }
    Examples    = @(
        @{
            Title   = 'Reports of local files, newest only'
            Code    = 'Get-ChildItem .\samples\*.exe | Get-FileHash | Get-FalconXReport -Latest'
            Remarks = 'Get-FileHash computes SHA-256 by default; each file''s newest report comes out in the order of the files. Files never detonated give a FalconXReportNotFound error.'
        }
        @{
            Title   = 'Submit, then collect the reports when they are done'
            Code    = @'
$subs = Get-ChildItem .\inbox | Submit-FalconXSample
$reports = $subs | Get-FalconXReport -Wait -TimeoutSec 1800
$reports | Where-Object Verdict -eq 'malicious' |
    Select-Object SubmitName, ThreatScore, ConsoleUrl
'@
            Remarks = 'The submissions bind by SubmissionId. -Wait polls all of them together with one request per check and shows a progress bar.'
        }
        @{
            Title   = 'Every malicious Windows 10 report of the last week'
            Code    = @'
$since = (Get-Date).ToUniversalTime().AddDays(-7).ToString('s') + 'Z'
Get-FalconXReport -EnvironmentId 160 -All -Summary `
    -Filter "verdict:'malicious'+created_timestamp:>'$since'"
'@
            Remarks = '-All pages through every match; -Summary fetches the lighter summary objects.'
        }
        @{
            Title   = 'Reports by id from a file, with their IOCs'
            Code    = @'
Get-Content .\report-ids.txt | Get-FalconXReport -IncludeIoc |
    ForEach-Object { $_.Iocs } | Where-Object Type -eq 'domain'
'@
            Remarks = 'Each line is a report id; the strict IOC pack of each report is fetched too.'
        }
        @{
            Title   = 'Archive exactly what the API said'
            Code    = @'
Get-FalconXReport -Filter "verdict:'malicious'" -IncludeRawJson |
    ForEach-Object {
        $file = ".\archive\$($_.ReportId).json"
        Set-Content -LiteralPath $file -Value $_.RawJson
    }
'@
            Remarks = 'RawJson is the report''s JSON as the API sent it, byte for byte apart from the encoding; the typed properties are read from the same text.'
        }
    )
    Inputs      = @{
        'System.String'                     = 'Report ids or SHA-256 hashes, one per string.'
        'FalconX.Models.FalconXSubmission'  = 'Submissions from Submit-FalconXSample or Get-FalconXSubmission, by SubmissionId.'
        'Microsoft.PowerShell.Commands.FileHashInfo' = 'Get-FileHash output, by Hash.'
        'FalconX.ThreatQ.ThreatQEntity'     = 'ThreatQ SHA-256 indicators, by Value.'
    }
    Outputs     = @{
        'FalconX.Models.FalconXReport'        = 'Full reports (the default).'
        'FalconX.Models.FalconXReportSummary' = 'Summaries, with -Summary.'
    }
    Notes       = 'Batch size follows the connection''s URL budget (Connect-FalconX keeps the client default of 15,000 characters, about 210 ids per request); up to 4 requests run at a time and the shared rate-limit gate holds them back when the API says so.'
    Links       = @('Submit-FalconXSample', 'Save-FalconXArtifact', 'ConvertTo-ThreatQEntity', 'Get-FalconXEnvironment', 'about_FalconX')
}
