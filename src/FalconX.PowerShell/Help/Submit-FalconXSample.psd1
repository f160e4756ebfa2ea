@{
    Synopsis    = 'Submits files, URLs or uploaded samples to the Falcon X Sandbox for detonation, reusing existing reports and waiting if asked.'
    Description = @'
Submit-FalconXSample sends each file to the Falcon X Sandbox and starts a detonation in the chosen environment (Windows 10 64-bit, 160, unless -EnvironmentId says otherwise). It takes paths with wildcards (-Path), literal paths and the output of Get-ChildItem (-LiteralPath, bound by the PSPath or FullName property), URLs (-Url) or the SHA-256 of samples already in the tenant (-Sha256).

Each file is checked before anything is sent: a missing or unreadable path, a directory, an empty file or a file over the API's 256 MB limit gets an error of its own, and the other files go on. A file is read once: it is streamed to the upload (one buffer in memory, whatever its size) while its SHA-256 is computed from the bytes sent, and the upload is accepted only when the API stores it under that same SHA-256.

Reuse before quota: uploads spend no quota, submissions do. So after the upload, and before submitting, Submit-FalconXSample looks for a finished, successful report of the same SHA-256 (or URL) in the same environment. When there is one it returns that submission (Reused is true, and a warning says so) instead of spending quota; -Force submits anyway. A detonation of the same sample or URL in the same environment that is still created or running (a job that timed out or was killed, or runs again while the first run waits) is adopted the same way: the warning says it is still being detonated, and -Wait waits for it. URLs are looked up in the defanged form the API stores them in (hxxps://www.example[.]com/); SubmitUrl on the output is the clickable URL and SubmitUrlDefanged the API's form. The same sample twice in one pipeline is submitted once. This order (upload while hashing, then look up) is what lets each file be read only once; to skip the upload of a sample you know is in the tenant, pass its hash with -Sha256.

Quota: each new submission reports the quota left (in the Verbose stream, and in the Quota property), with a warning when 10% or fewer submissions are left. When the quota is used up, the item gets a LimitsExceeded error (id FalconXQuotaExhausted) naming it, and the rest of the pipeline fails at once without further requests; what was submitted before is still output.

-WhatIf lists what would be uploaded and submitted, and sends nothing (not even the lookup). -Confirm asks before each item.

Without -Wait, each submission is output as soon as it is made: SubmissionId, Sha256, FileName, EnvironmentId, State, CreatedAt, Quota, LocalFile and Reused. It pipes into Get-FalconXReport and Get-FalconXSubmission by SubmissionId.

With -Wait, every submission of the pipeline is waited for together, after the last item is submitted: one status request per check for all of them (not one per submission): the first check 3 s after the wait begins, then twice as long each time up to -PollIntervalSec, with a progress bar saying in words how many of N are finished, detonating, waiting to start or not checked yet, and the time elapsed. Each finished detonation's report is output as soon as it is seen (reports of one check are fetched in one request). A detonation that ends in error gives an error (id FalconXDetonationFailed) naming the file and the API's error_type and error_message. Submissions still running after -TimeoutSec give an OperationTimeout error each (the detonations go on; wait again with Get-FalconXReport -Wait). Ctrl+C stops waiting within a second; it does not stop the detonations, and a warning on the console names the submissions not reported yet and the Get-FalconXReport -Wait -ReportId command that waits for them again.
'@
    Parameters  = @{
        ThreatQAttachment = 'ThreatQ attachments from Get-ThreatQAttachment (pipeline). Each is downloaded to a private temporary file, checked against the 256 MB limit, submitted under the attachment''s name and deleted locally; its report remembers the attachment for ConvertTo-ThreatQEntity.'
        Path             = 'Files to submit. Wildcards are expanded; a pattern that matches nothing is an error. Directories are refused (pass the files in them).'
        LiteralPath      = 'Files to submit, taken as written (no wildcards). Get-ChildItem output binds here through its PSPath and FullName properties.'
        Url              = 'Web pages or file URLs to detonate: absolute http, https or ftp URLs. Any other scheme is refused before anything is sent.'
        Sha256           = 'SHA-256 hashes (64 hexadecimal characters) of samples already uploaded to the tenant; nothing is uploaded. Binds from objects with a Sha256 property.'
        EnvironmentId    = 'The detonation environment, by name (win10_x64, win11_x64, win7_x64, win7_x86, android, ubuntu24_x64, macos_tahoe_arm...), description or id (160, 140, 110, 100, 200, 310, 330, 400, 430). Tab completion lists them. A number this version does not know is sent as given, with a warning, so new environments work without a new release. A deprecated environment (ubuntu16_x64 300, ubuntu20_x64 310, macos_catalina 400) is submitted to the one the API runs it in (330, 330, 430), with a warning, as the API maps deprecated ids to their recommended equivalents. Default 160 (Windows 10 64-bit). Binds by property name, per pipeline item.'
        ActionScript     = 'The script the sandbox runs to interact with the sample: default, default_maxantievasion, default_randomfiles, default_randomtheme or default_openie. Tab completion shows what each does.'
        CommandLine      = 'The command line the sample is started with, at most 2048 characters.'
        DocumentPassword = 'The password of a protected Office or PDF document, as a SecureString, at most 32 characters. It is never written to any log.'
        NetworkSetting   = 'The sandbox network: default (full network), tor, simulated or offline. Tab completion shows what each does.'
        SubmitName       = 'The name the sandbox uses for the sample (it drives file type detection). Default: the file name.'
        SystemDate       = 'The date of the sandbox clock, written yyyy-MM-dd, e.g. 2024-05-31.'
        SystemTime       = 'The time of the sandbox clock, written HH:mm (24-hour), e.g. 09:30.'
        UserTag          = 'Tags attached to every submission, e.g. a case number.'
        Comment          = 'A comment stored with each uploaded file.'
        Confidential     = 'Keeps uploaded files private to the tenant in MalQuery. This is the API''s default and applies unless -Confidential:$false is given, which lets other CrowdStrike customers see the files.'
        SendEmailNotification = 'Asks the API to e-mail the API client''s owner when each detonation ends (send_email_notification). Without it the API''s default applies; -SendEmailNotification:$false sends false.'
        Interactive      = 'Asks for an interactive detonation (the 2026 schema''s sandbox.interactivity). Without it the API''s default applies. Alias: -Interactivity.'
        Browser          = 'The browser the sandbox opens a URL with (the 2026 schema''s sandbox.browser). The API lists no values, so any name of at most 64 printable characters is sent as given; an empty name is refused before anything is sent.'
        AutoDetectEnvironment = 'Lets the sandbox pick the environment from the file (the 2026 schema''s auto_detect_environment). -EnvironmentId is still sent, and the earlier-report lookup uses it.'
        Force            = 'Submits even when a successful report of the same sample (or URL) in the same environment exists, spending quota again.'
        Wait             = 'Waits for the detonations, with a progress bar, and outputs their reports instead of the submissions. All submissions of the pipeline are polled together.'
        TimeoutSec       = 'With -Wait: how long to wait in all, in seconds (1 to 86400). Default 1200 (20 minutes); detonations usually take less than 15 minutes.'
        PollIntervalSec  = 'With -Wait: the longest time between two status checks, in whole seconds, each one request for every submission still running (1 to 3600). The first check comes after 3 s and the gaps double up to this. Default 30.'
        Connection       = 'The connection to use. Default: the runspace''s default connection from Connect-FalconX.'
    }
    Examples    = @(
        @{
            Title   = 'Detonate a link interactively, with an e-mail at the end'
            Code    = @'
Submit-FalconXSample -Url https://login.example.com/reset -Interactive `
    -Browser chrome -SendEmailNotification
'@
            Remarks = 'Sends sandbox.interactivity, sandbox.browser and send_email_notification as the 2026 schema names them; the browser name is passed as given.'
        }
        @{
            Title   = 'Submit a folder of samples and wait for the reports'
            Code    = @'
Get-ChildItem C:\Quarantine -File |
    Submit-FalconXSample -EnvironmentId win10_x64 -Wait |
    Select-Object SubmitName, Verdict, ThreatScore
'@
            Remarks = 'Uploads each file once, reuses existing reports, waits for all detonations together and outputs one report per file. Empty, oversized or unreadable files get an error each; the others go on.'
        }
        @{
            Title   = 'See what would be sent'
            Code    = 'Submit-FalconXSample -Path .\samples\*.exe -WhatIf'
            Remarks = 'Lists each file with its size and the environment. Nothing is sent, not even the lookup of existing reports.'
        }
        @{
            Title   = 'Detonate a URL in Windows 11 with a simulated network'
            Code    = @'
Submit-FalconXSample -Url 'https://example.com/invoice' `
    -EnvironmentId win11_x64 -NetworkSetting simulated
'@
            Remarks = 'Returns the submission at once; pipe it to Get-FalconXReport -Wait later.'
        }
        @{
            Title   = 'Detonate a protected document again, tagged with a case'
            Code    = @'
$pw = Read-Host 'Document password' -AsSecureString
Submit-FalconXSample .\invoice.docm -DocumentPassword $pw `
    -UserTag 'case-1042' -Force
'@
            Remarks = '-Force submits even though a report of this file exists; the password is sent to the API only and never logged.'
        }
        @{
            Title   = 'Different environments per item from a CSV'
            Code    = @'
Import-Csv .\to-detonate.csv |   # columns: LiteralPath, EnvironmentId
    Submit-FalconXSample
'@
            Remarks = 'Each row binds its own LiteralPath and EnvironmentId by property name; names and numbers both work.'
        }
    )
    Inputs      = @{
        'System.IO.FileInfo'             = 'Files from Get-ChildItem, bound by PSPath/FullName.'
        'System.String'                  = 'Paths by value; paths, URLs, hashes and environment ids by property name.'
        'FalconX.Models.FalconXSubmission' = 'An earlier file submission: its Sha256 and EnvironmentId bind, to detonate the sample again (give -EnvironmentId for another environment, -Force for the same one). A URL submission keeps its URL in SubmitUrl, which does not bind: pass it with -Url.'
    }
    Outputs     = @{
        'FalconX.Models.FalconXSubmission' = 'Without -Wait: one per item, as soon as it is submitted (or reused).'
        'FalconX.Models.FalconXReport'     = 'With -Wait: the finished report of each successful detonation.'
    }
    Notes       = @'
Error ids: FalconXSampleNotFound, FalconXSampleIsDirectory, FalconXSampleEmpty, FalconXSampleTooLarge, FalconXSampleUnreadable, FalconXInvalidUrl, FalconXInvalidSha256, FalconXInvalidSubmitParameter (terminating, before anything is sent), FalconXQuotaExhausted, FalconXDetonationFailed, FalconXWaitTimedOut, and the API errors of every FalconX command (FalconXServerError, FalconXRateLimited...).

A submission is never sent twice by a retry: after a timeout or a dropped connection the API may have acted, so the error is reported instead. Uploads are retried, as storing the same bytes again is harmless.
'@
    Links       = @('Get-FalconXSubmission', 'Get-FalconXReport', 'Get-FalconXQuota', 'Get-FalconXEnvironment', 'about_FalconX')
}
