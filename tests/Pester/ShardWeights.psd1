# Expected seconds per Pester file, used only to split the files into shards of about equal time
# (Invoke-PesterSuite.ps1 -ShardCount). Measured at low load on the 2-core build machine; a file missing here
# counts as 3 s. Refresh from out/test-results/pester-*-files.json after a run when files grow or shrink; stale
# figures only make the shards less even, never change what runs.
@{
    'SocDay.Tests.ps1'                   = 39
    'ScheduledScan.Tests.ps1'            = 28.5
    'BadInput.Tests.ps1'                 = 20.6
    'Security.Tests.ps1'                 = 20.5
    'Submit-FalconXSample.Tests.ps1'     = 20.2
    'Secrets.Tests.ps1'                  = 15
    'Connect.Tests.ps1'                  = 12.2
    'Module.Tests.ps1'                   = 10.7
    'Get-FalconXReport.Tests.ps1'        = 10.3
    'Install.Tests.ps1'                  = 9.4
    'RoundTrip.Tests.ps1'                = 8.5
    'ThreatQ.Tests.ps1'                  = 7.7
    'Demo.Tests.ps1'                     = 6.5
    'Samples.Tests.ps1'                  = 6.5
    'Views.Tests.ps1'                    = 4
    'Package.Tests.ps1'                  = 3
    'Conventions.Tests.ps1'              = 2
    'Save-FalconXArtifact.Tests.ps1'     = 2
    'ThreatQEmulatorProcess.Tests.ps1'   = 1.5
    'EmulatorProcess.Tests.ps1'          = 1
    'Get-FalconXSubmission.Tests.ps1'    = 1
    'ConvertTo-ThreatQEntity.Tests.ps1'  = 0.6
    'Completion.Tests.ps1'               = 0.5
}
