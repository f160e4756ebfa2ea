# Expected seconds per Pester file, used only to split the files into shards of about equal time
# (Invoke-PesterSuite.ps1 -ShardCount). Measured with two shards side by side on the 2-core build machine at load
# 6-10 (2026-11-30); a file missing here counts as 3 s. Refresh from out/test-results/pester-*.files.json after a
# run when files grow or shrink; stale figures only make the shards less even, never change what runs.
@{
    'ScheduledScan.Tests.ps1'            = 35.4
    'Submit-FalconXSample.Tests.ps1'     = 24.2
    'SocDay.Tests.ps1'                   = 19.4
    'BadInput.Tests.ps1'                 = 14.5
    'ThreatQ.Tests.ps1'                  = 13.6
    'Module.Tests.ps1'                   = 13.4
    'Install.Tests.ps1'                  = 13.3
    'Get-FalconXReport.Tests.ps1'        = 13.2
    'Security.Tests.ps1'                 = 12.8
    'Demo.Tests.ps1'                     = 8.5
    'Samples.Tests.ps1'                  = 8.1
    'Views.Tests.ps1'                    = 7.8
    'Secrets.Tests.ps1'                  = 7.5
    'Connect.Tests.ps1'                  = 6.6
    'RoundTrip.Tests.ps1'                = 4.5
    'Conventions.Tests.ps1'              = 4.1
    'ConvertTo-ThreatQEntity.Tests.ps1'  = 3.3
    'ThreatQEmulatorProcess.Tests.ps1'   = 2.2
    'EmulatorProcess.Tests.ps1'          = 2.1
    'Get-FalconXSubmission.Tests.ps1'    = 1.5
    'Save-FalconXArtifact.Tests.ps1'     = 1
    'Completion.Tests.ps1'               = 0.7
    'Package.Tests.ps1'                  = 0.1
}
