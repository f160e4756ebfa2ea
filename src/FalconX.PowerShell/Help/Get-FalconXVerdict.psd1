@{
    Synopsis    = 'Gets the worst verdict and highest threat score per SHA-256, across every environment it was detonated in.'
    Description = @'
Get-FalconXVerdict answers "what is the worst verdict and the highest score we have for each of these hashes" in one call, as the XSOAR integration's per-hash verdict does. It collects the whole pipeline, finds every report of those hashes in any environment (a few report queries, many hashes per filter), reads their summaries in batches (summaries carry verdict, score and environment; no full report is read) and writes one object per distinct hash, in the order given:

Sha256, Verdict (the worst: malicious, then suspicious, then no specific threat, then no verdict, then whitelisted), ThreatScore (the highest), EnvironmentIds, ReportCount, FailedCount (failed detonations, which have no verdict of their own), LatestAt, WorstReportId and ReportIds (newest first).

A hash without any report comes out with an empty Verdict and ReportCount 0, so a script can tell "never detonated" from "clean". A value that is not a SHA-256 is its own error (FalconXInvalidSha256) and is not sent. Nothing is submitted and no quota is spent.
'@
    Parameters  = @{
        Sha256     = 'SHA-256 hashes. From the pipeline by value or by property name: submissions, reports, a report''s Sandbox.ExtractedFiles, Get-FalconXSample.'
        Connection = 'The connection to use. Default: the runspace''s default connection from Connect-FalconX.'
    }
    Examples    = @(
        @{
            Title   = 'Triage a list of hashes from an alert'
            Code    = @'
Get-Content ./alert-hashes.txt | Get-FalconXVerdict |
    Where-Object Verdict -eq malicious
'@
            Remarks = 'The malicious ones, whatever environment said so; ThreatScore is the highest any environment gave.'
        }
        @{
            Title   = 'Which hashes were never detonated?'
            Code    = @'
$hashes | Get-FalconXVerdict | Where-Object { -not $_.HasReport } |
    Submit-FalconXSample -Sha256 { $_.Sha256 }
'@
            Remarks = 'Hashes with no report at all; they are submitted by hash (they must be uploaded already; Get-FalconXSample tells).'
        }
    )
    Inputs      = @{ 'System.String, objects with a Sha256 property' = 'Hashes, submissions, reports, extracted files.' }
    Outputs     = @{ 'FalconX.Client.FalconXHashVerdict' = 'Sha256, Verdict, ThreatScore, EnvironmentIds, ReportCount, FailedCount, LatestAt, WorstReportId, ReportIds.' }
    Links       = @('Get-FalconXReport', 'Get-FalconXSample', 'Submit-FalconXSample', 'about_FalconX')
}
