@{
    RootModule           = 'FalconX.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = 'c5fdc645-57ed-43ff-a86f-c3f4b2501426'
    Author               = 'FalconX contributors'
    CompanyName          = 'FalconX'
    Copyright            = '(c) FalconX contributors. MIT License.'
    Description          = 'Drive the CrowdStrike Falcon X (Falcon Intelligence) Sandbox from PowerShell: connect, submit files and URLs, wait for detonations, fetch reports and artifacts, and turn reports into ThreatQ entities.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('FalconX.Format.ps1xml')
    TypesToProcess       = @('FalconX.Types.ps1xml')
    CmdletsToExport      = @(
        'Connect-FalconX'
        'Connect-ThreatQ'
        'ConvertTo-ThreatQEntity'
        'Disconnect-FalconX'
        'Disconnect-ThreatQ'
        'Get-FalconXConnection'
        'Get-FalconXEnvironment'
        'Get-FalconXQuota'
        'Get-FalconXReport'
        'Get-FalconXSample'
        'Get-FalconXSubmission'
        'Get-FalconXVerdict'
        'Get-ThreatQAttachment'
        'Get-ThreatQConnection'
        'Get-ThreatQIndicator'
        'Remove-FalconXReport'
        'Remove-FalconXSample'
        'Save-FalconXArtifact'
        'Save-FalconXSample'
        'Send-ThreatQEntity'
        'Submit-FalconXArchive'
        'Submit-FalconXSample'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('CrowdStrike', 'Falcon', 'FalconX', 'Sandbox', 'Malware', 'ThreatQ', 'SOC', 'ThreatIntel', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://example.invalid/falconx'
            LicenseUri   = 'https://example.invalid/falconx/LICENSE'
            ReleaseNotes = 'See CHANGELOG.md. 0.1.0: first preview.'
        }
    }
}
