@{
    Synopsis    = 'Submits the files inside zip archives, password-protected ones included, and waits if asked.'
    Description = @'
Submit-FalconXArchive does what the API's archive family is for: malware exchanged as a password-protected ("infected") zip, or a file too large to upload alone. For each archive it:

1. uploads it (POST /archives/entities/archives/v2, with -Password) and waits until the API has opened it;
2. extracts every file, or only those whose name or path inside the archive matches one of the -Include wildcards (POST /archives/entities/extractions/v1); the extracted files become uploaded samples of the tenant;
3. submits each extracted file by SHA-256 to -EnvironmentId, with the user tag archive:<archive sha256> (plus -UserTag), so every submission and report says which archive it came from.

Without -Wait each submission is output as it is made; with -Wait all of them are waited for together (one status request per -PollIntervalSec) and their reports are output, as Submit-FalconXSample -Wait does.

Each archive fails on its own and the others go on: a wrong or missing password, a damaged file or an archive with no file (FalconXArchiveFailed, with the API's reason), no file matching -Include (FalconXArchiveNoMatchingFile), a file the API could not extract (FalconXArchiveFileNotExtracted). The emulator opens zip files (stored or deflated, plain or with traditional zip encryption); the API also takes 7z. -WhatIf sends nothing.
'@
    Parameters  = @{
        LiteralPath     = 'Archive files, taken as written. Get-ChildItem output binds through its PSPath and FullName properties.'
        Password        = 'The archive''s password as a SecureString, e.g. (ConvertTo-SecureString infected -AsPlainText -Force). It is never written to any log.'
        Include         = 'Wildcards (* and ?) on the file name or the path inside the archive; only matching files are extracted and submitted. Default: all files.'
        EnvironmentId   = 'The detonation environment by name, description or id, as for Submit-FalconXSample. Default 160 (Windows 10 64-bit).'
        UserTag         = 'Tags added to every submission, beside archive:<archive sha256>.'
        Wait            = 'Waits for the detonations, with a progress bar, and outputs their reports instead of the submissions.'
        TimeoutSec      = 'With -Wait: how long to wait in all, in seconds (1 to 86400). Default 1200.'
        PollIntervalSec = 'With -Wait: the longest time between two status checks, in whole seconds (1 to 3600). Default 30.'
        Connection      = 'The connection to use. Default: the runspace''s default connection from Connect-FalconX.'
        WhatIf          = 'Lists the archives that would be uploaded and submitted, without sending anything.'
        Confirm         = 'Asks before each archive.'
    }
    Examples    = @(
        @{
            Title   = 'Detonate the executables of an "infected" zip and wait'
            Code    = @'
$pw = Read-Host -AsSecureString 'Archive password'
Submit-FalconXArchive ./case-42.zip -Password $pw -Include *.exe, *.dll `
    -Wait
'@
            Remarks = 'Each report carries the user tag archive:<sha256 of case-42.zip>.'
        }
        @{
            Title   = 'Every zip of a folder, in Windows 11'
            Code    = @'
Get-ChildItem ./inbox -Filter *.zip |
    Submit-FalconXArchive -EnvironmentId win11_x64 -UserTag inbox
'@
            Remarks = 'Outputs one submission per file extracted; pipe them to Get-FalconXReport -Wait later.'
        }
    )
    Inputs      = @{ 'System.IO.FileInfo, System.String' = 'Archive files (Get-ChildItem output) or paths.' }
    Outputs     = @{
        'FalconX.Models.FalconXSubmission' = 'Without -Wait: one submission per extracted file.'
        'FalconX.Models.FalconXReport'     = 'With -Wait: one report per finished detonation.'
    }
    Links       = @('Submit-FalconXSample', 'Get-FalconXReport', 'about_FalconX')
}
