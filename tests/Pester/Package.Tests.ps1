# The packaged module installs with Install-PSResource from a local file repository and imports.
# Runs in a child pwsh whose HOME is a temporary folder, so the user's repositories and modules are untouched.
BeforeAll {
    $ModulePath = $env:FALCONX_MODULE_PATH
    $RepoRoot = $env:FALCONX_REPO_ROOT
    $PwshArgs = @([Environment]::ProcessPath, (Join-Path $PSHOME 'pwsh.dll'))
}

Describe 'Package' {
    It 'makes a nupkg that Install-PSResource installs from a local repository, and the installed module imports' {
        $fakeHome = Join-Path $TestDrive 'home'
        $packages = Join-Path $TestDrive 'packages'
        $null = New-Item -ItemType Directory -Path $fakeHome, $packages
        $script = @"
`$ErrorActionPreference = 'Stop'
& '$RepoRoot/tools/New-ModulePackage.ps1' -ModulePath '$ModulePath' -Destination '$packages' | Out-Null
Register-PSResourceRepository -Name FalconXTest -Uri '$packages' -Trusted
Install-PSResource -Name FalconX -Repository FalconXTest -Scope CurrentUser -TrustRepository -SkipDependencyCheck
`$installed = Get-InstalledPSResource -Name FalconX
Import-Module FalconX -ErrorAction Stop
`$m = Get-Module FalconX
'INSTALLED ' + `$installed.Version + ' AT ' + `$m.ModuleBase
'COMMANDS ' + (`$m.ExportedCmdlets.Count)
'HELP EXAMPLES ' + @((Get-Help Submit-FalconXSample).Examples.Example).Count
'ABOUT ' + [bool](Get-Help about_FalconX | Out-String | Select-String 'ERRORS AND HOW TO CATCH THEM')
'VIEWS ' + @((Get-FormatData -TypeName FalconX.Models.FalconXReport).FormatViewDefinition).Count
"@
        $oldHome = $env:HOME
        try {
            $env:HOME = $fakeHome
            $out = & $PwshArgs[0] $PwshArgs[1] -NoProfile -NonInteractive -Command $script 2>&1 | Out-String
        } finally {
            $env:HOME = $oldHome
        }
        $LASTEXITCODE | Should -Be 0 -Because $out
        Get-ChildItem $packages -Filter 'FalconX.*.nupkg' | Should -Not -BeNullOrEmpty
        $version = (Import-PowerShellDataFile (Join-Path $ModulePath 'FalconX.psd1')).ModuleVersion
        $out | Should -Match "INSTALLED $([regex]::Escape($version)) AT .*$([regex]::Escape($fakeHome))"
        $out | Should -Match 'COMMANDS [1-9]'
        $out | Should -Match 'HELP EXAMPLES [2-9]' -Because 'the MAML help travels in the package'
        $out | Should -Match 'ABOUT True'
        $out | Should -Match 'VIEWS 2' -Because 'the table and list views of reports travel in the package'
    }

    It 'has a semantic version in the manifest with a CHANGELOG entry for it' {
        $version = (Import-PowerShellDataFile (Join-Path $ModulePath 'FalconX.psd1')).ModuleVersion
        $version | Should -Match '^\d+\.\d+\.\d+$'
        Get-Content (Join-Path $RepoRoot 'CHANGELOG.md') -Raw | Should -Match "(?m)^## $([regex]::Escape($version))\b"
    }
}
