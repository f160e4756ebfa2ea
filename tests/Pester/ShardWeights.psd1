# Expected seconds per Pester file, used only to split the files into shards of about equal time
# (Invoke-PesterSuite.ps1 -ShardCount). The mean of two runs with two shards side by side next to xunit on the 2-core
# build machine, dynamic PGO off as build.ps1 runs them (2026-12-01, session 5); a file missing here counts as 3 s.
# Refresh from out/test-results/pester-*.files.json after a quiet run when files grow or shrink; stale figures only
# make the shards less even, never change what runs.
@{
    'ScheduledScan.Tests.ps1'            = 23.7
    'SocDay.Tests.ps1'                   = 20.8
    'BadInput.Tests.ps1'                 = 19.2
    'Submit-FalconXSample.Tests.ps1'     = 19.0
    'Install.Tests.ps1'                  = 14.6
    'Demo.Tests.ps1'                     = 12.8
    'Get-FalconXReport.Tests.ps1'        = 11.8
    'Security.Tests.ps1'                 = 11.7
    'Module.Tests.ps1'                   = 11.1
    'RoundTrip.Tests.ps1'                = 8.1
    'Connect.Tests.ps1'                  = 7.9
    'ThreatQ.Tests.ps1'                  = 6.7
    'Samples.Tests.ps1'                  = 6.2
    'Get-FalconXSubmission.Tests.ps1'    = 5.2
    'Secrets.Tests.ps1'                  = 4.0
    'Completion.Tests.ps1'               = 3.5
    'Views.Tests.ps1'                    = 3.2
    'Conventions.Tests.ps1'              = 2.8
    'EmulatorProcess.Tests.ps1'          = 1.9
    'ThreatQEmulatorProcess.Tests.ps1'   = 1.4
    'ConvertTo-ThreatQEntity.Tests.ps1'  = 0.9
    'Save-FalconXArtifact.Tests.ps1'     = 0.8
    'Package.Tests.ps1'                  = 0.1
}
