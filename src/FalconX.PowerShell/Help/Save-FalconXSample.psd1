@{
    Synopsis    = 'Downloads uploaded samples, or files a detonation dropped, by SHA-256 into a folder, never running them.'
    Description = @'
Save-FalconXSample downloads samples by SHA-256 (GET /samples/entities/samples/v2): files the tenant uploaded, and files a detonation dropped, which reports list in Sandbox.ExtractedFiles. Each file is streamed to a temporary file in the folder, its SHA-256 is computed on the way and must equal the one asked for, and only then is it renamed to <sha256>.bin. The .bin extension is harmless on purpose: nothing opens or runs the file by a double click, and FalconX never opens it.

With -PasswordProtected the API sends a zip protected with the password "infected", the usual way to exchange malware, saved as <sha256>.zip.

An existing file is never replaced: it is an error (FalconXSampleFileExists) before any request. The folder is created when missing. Each failure is its own error and the other hashes go on: a value that is not a SHA-256 (FalconXInvalidSha256), a hash the API does not hold (FalconXSampleNotFound), a download that does not match its hash (FalconXInvalidResponse, nothing kept). -WhatIf lists the files that would be written.
'@
    Parameters  = @{
        Sha256            = 'SHA-256 hashes. From the pipeline by value or by property name: a report''s Sandbox.ExtractedFiles, reports, submissions, Get-FalconXSample.'
        Path              = 'The folder to save into; created when missing. A file there with the same name is never replaced.'
        PasswordProtected = 'Ask for the API''s zip with the password "infected" (saved as <sha256>.zip) instead of the raw bytes (<sha256>.bin).'
        Connection        = 'The connection to use. Default: the runspace''s default connection from Connect-FalconX.'
        WhatIf            = 'Lists the files that would be written, without downloading anything.'
        Confirm           = 'Asks before each download.'
    }
    Examples    = @(
        @{
            Title   = 'Keep what a sample dropped, zipped with the usual password'
            Code    = @'
$report = Get-FalconXReport -Sha256 $sha -Latest
$report.Sandbox.ExtractedFiles |
    Save-FalconXSample -Path ./dropped -PasswordProtected
'@
            Remarks = 'One <sha256>.zip per dropped file, each protected with the password "infected".'
        }
        @{
            Title   = 'Fetch an uploaded sample back for a colleague'
            Code    = 'Save-FalconXSample -Sha256 $sha -Path ./handover'
            Remarks = 'Writes ./handover/<sha256>.bin after checking its SHA-256; an existing file stays untouched.'
        }
    )
    Inputs      = @{ 'System.String, objects with a Sha256 property' = 'Hashes, extracted files, reports, submissions, Get-FalconXSample output.' }
    Outputs     = @{ 'FalconX.Client.FalconXSavedSample' = 'Sha256, Path, Name, Length and PasswordProtected.' }
    Links       = @('Get-FalconXSample', 'Remove-FalconXSample', 'Get-FalconXReport', 'Save-FalconXArtifact', 'about_FalconX')
}
