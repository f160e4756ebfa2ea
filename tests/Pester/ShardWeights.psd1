# Expected seconds per Pester file, used only to split the files into shards of about equal time
# (Invoke-PesterSuite.ps1 -ShardCount). Measured with two shards side by side next to xunit on the 2-core build machine
# at load 1-4 (2026-11-30, session 4); a file missing here counts as 3 s. Refresh from
# out/test-results/pester-*.files.json after a quiet run when files grow or shrink; stale figures only make the shards
# less even, never change what runs.
@{
    'ScheduledScan.Tests.ps1'            = 28.6
    'SocDay.Tests.ps1'                   = 25.0
    'BadInput.Tests.ps1'                 = 24.4
    'Install.Tests.ps1'                  = 19.8
    'Submit-FalconXSample.Tests.ps1'     = 19.1
    'Security.Tests.ps1'                 = 14.7
    'Get-FalconXReport.Tests.ps1'        = 14.3
    'Module.Tests.ps1'                   = 11.4
    'Connect.Tests.ps1'                  = 9.1
    'Demo.Tests.ps1'                     = 9.0
    'RoundTrip.Tests.ps1'                = 7.6
    'Secrets.Tests.ps1'                  = 7.3
    'Samples.Tests.ps1'                  = 7.2
    'ThreatQ.Tests.ps1'                  = 7.0
    'Completion.Tests.ps1'               = 4.3
    'Conventions.Tests.ps1'              = 3.9
    'Get-FalconXSubmission.Tests.ps1'    = 3.8
    'Views.Tests.ps1'                    = 3.5
    'ConvertTo-ThreatQEntity.Tests.ps1'  = 2.5
    'EmulatorProcess.Tests.ps1'          = 2.2
    'ThreatQEmulatorProcess.Tests.ps1'   = 1.1
    'Save-FalconXArtifact.Tests.ps1'     = 0.8
    'Package.Tests.ps1'                  = 0.1
}
