# The package's version. That the .nupkg installs with Install-PSResource from a local file repository and imports
# (with its help and views) is proven by Install.Tests.ps1, which installs it once for that and for the cron run.
BeforeAll {
    $ModulePath = $env:FALCONX_MODULE_PATH
    $RepoRoot = $env:FALCONX_REPO_ROOT
}

Describe 'Package' {
    It 'has a semantic version in the manifest with a CHANGELOG entry for it' {
        $version = (Import-PowerShellDataFile (Join-Path $ModulePath 'FalconX.psd1')).ModuleVersion
        $version | Should -Match '^\d+\.\d+\.\d+$'
        Get-Content (Join-Path $RepoRoot 'CHANGELOG.md') -Raw | Should -Match "(?m)^## $([regex]::Escape($version))\b"
    }
}
