@{
    Synopsis    = 'Tells which SHA-256 hashes the tenant holds as uploaded samples.'
    Description = @'
Get-FalconXSample asks the API which of the given hashes are uploaded samples of the tenant (POST /samples/queries/samples/GET/v1). It collects the whole pipeline and sends up to 200 hashes per request, the API's documented maximum, and writes one object per distinct hash, in the order given, with Sha256 and Uploaded (true or false). -Uploaded keeps only the uploaded ones.

An uploaded sample can be submitted by hash (Submit-FalconXSample -Sha256) without uploading it again, downloaded (Save-FalconXSample) or deleted (Remove-FalconXSample). A value that is not a SHA-256 is its own error (FalconXInvalidSha256) and is not sent.
'@
    Parameters  = @{
        Sha256     = 'SHA-256 hashes to look up. From the pipeline by value or by property name (Sha256).'
        Uploaded   = 'Write only the hashes that are uploaded.'
        Connection = 'The connection to use. Default: the runspace''s default connection from Connect-FalconX.'
    }
    Examples    = @(
        @{
            Title   = 'Which of these hashes can be submitted without an upload?'
            Code    = 'Get-Content ./hashes.txt | Get-FalconXSample'
            Remarks = 'One line per hash with Uploaded true or false; 1000 hashes take five requests.'
        }
        @{
            Title   = 'Detonate the known hashes again in Windows 11'
            Code    = @'
Get-FalconXSample -Sha256 $hashes -Uploaded |
    Submit-FalconXSample -EnvironmentId win11_x64 -Force
'@
            Remarks = 'Only hashes the tenant holds reach Submit-FalconXSample.'
        }
    )
    Inputs      = @{ 'System.String, objects with a Sha256 property' = 'Hashes, or reports, submissions and extracted files.' }
    Outputs     = @{ 'FalconX.Client.FalconXSampleInfo' = 'Sha256 and Uploaded.' }
    Links       = @('Save-FalconXSample', 'Remove-FalconXSample', 'Submit-FalconXSample', 'about_FalconX')
}
