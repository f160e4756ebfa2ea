# The real installation, as docs/usage.md describes it: the .nupkg (tools/New-ModulePackage.ps1) installed with
# Install-PSResource into the user's module path of an isolated HOME, where it imports with its help and views, and
# the scheduled job run from that installed module by plain `pwsh` through the README's cron line
# (`set -a; . env-file; pwsh -NoProfile -NonInteractive -File …`), not from out/.
# On this machine pwsh is the repository's dotnet tool (`dotnet pwsh`); the test puts a `pwsh` shim on PATH that runs
# that same tool, as a distribution package or `dotnet tool install --global PowerShell` would provide `pwsh`.
BeforeDiscovery {
    $script:OnUnix = -not $IsWindows
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common.psm1') -Force
    $script:RepoRoot = $env:FALCONX_REPO_ROOT
    $script:Emulator = Start-TestEmulator -Faults @{ submissionDelayMs = 200 }
}

AfterAll {
    $Emulator | Stop-TestEmulator
}

Describe 'Installed with Install-PSResource and run by cron with plain pwsh' -Skip:(-not $OnUnix) {
    BeforeAll {
        $script:FakeHome = Join-Path $TestDrive 'home'
        $packages = Join-Path $TestDrive 'packages'
        $bin = Join-Path $TestDrive 'bin'
        $null = New-Item -ItemType Directory -Path $FakeHome, $packages, $bin

        # `pwsh` on PATH: the same PowerShell the tests run on (the dotnet tool), as a distribution would install it.
        $shim = Join-Path $bin 'pwsh'
        Set-Content -LiteralPath $shim -Value ("#!/bin/sh`nexec '{0}' '{1}' `"`$@`"" -f [Environment]::ProcessPath, (Join-Path $PSHOME 'pwsh.dll'))
        & chmod 755 $shim

        # Installed by the same PowerShell in a child whose HOME is the temporary one (the user's repositories and
        # modules are untouched), which then imports the installed module and prints what a user would check.
        $install = @"
`$ErrorActionPreference = 'Stop'
& '$RepoRoot/tools/New-ModulePackage.ps1' -ModulePath '$env:FALCONX_MODULE_PATH' -Destination '$packages' | Out-Null
Register-PSResourceRepository -Name FalconXLocal -Uri '$packages' -Trusted
Install-PSResource -Name FalconX -Repository FalconXLocal -Scope CurrentUser -TrustRepository -SkipDependencyCheck
`$installed = Get-InstalledPSResource -Name FalconX
Import-Module FalconX -ErrorAction Stop
`$m = Get-Module FalconX
'INSTALLED ' + `$installed.Version + ' AT ' + `$m.ModuleBase
'COMMANDS ' + (`$m.ExportedCmdlets.Count)
'HELP EXAMPLES ' + @((Get-Help Submit-FalconXSample).Examples.Example).Count
'ABOUT ' + [bool](Get-Help about_FalconX | Out-String | Select-String 'ERRORS AND HOW TO CATCH THEM')
'VIEWS ' + @((Get-FormatData -TypeName FalconX.Models.FalconXReport).FormatViewDefinition).Count
"@
        $installRun = Invoke-ChildPwsh -Command $install -Environment @{ HOME = $FakeHome; PATH = $bin + [IO.Path]::PathSeparator + $env:PATH; PSModulePath = $null }
        $script:InstallOutput = $installRun.Output
        $script:InstallExit = $installRun.ExitCode
        $script:Packages = $packages

        # The job where the README puts it, the credentials in an environment file (chmod 600), a cron-like run.
        $script:Job = Join-Path $TestDrive 'opt/falconx/Invoke-FalconXScheduledScan.ps1'
        $null = New-Item -ItemType Directory -Path (Split-Path $Job)
        Copy-Item (Join-Path $RepoRoot 'examples/Invoke-FalconXScheduledScan.ps1') $Job
        $script:EnvFile = Join-Path $TestDrive 'falconx.env'
        Set-Content -LiteralPath $EnvFile -Value @(
            "FALCON_CLIENT_ID=$($Emulator.ClientId)"
            "FALCON_CLIENT_SECRET=$($Emulator.ClientSecret)"
            "FALCON_BASE_URL=$($Emulator.BaseUrl)"
        )
        & chmod 600 $EnvFile
        $script:Inbox = Join-Path $TestDrive 'srv/quarantine'
        $script:Out = Join-Path $TestDrive 'srv/falconx'
        $script:Log = Join-Path $TestDrive 'falconx.log'
        $null = New-Item -ItemType Directory -Path $Inbox
        Set-Content (Join-Path $Inbox 'invoice.exe') "MZ FALCONX-MALICIOUS $([guid]::NewGuid())"
        Set-Content (Join-Path $Inbox 'notes.txt') "harmless $([guid]::NewGuid())"

        # The README's cron line, run by /bin/sh with cron's small environment: HOME, a PATH with pwsh, nothing else.
        $cronLine = "set -a; . '$EnvFile'; pwsh -NoProfile -NonInteractive -File '$Job' -InboxPath '$Inbox' -OutputPath '$Out' >> '$Log' 2>&1"
        $script:CronExit = & env -i "HOME=$FakeHome" "PATH=$bin`:/usr/bin:/bin" /bin/sh -c $cronLine
        $script:CronExit = $LASTEXITCODE
        $script:LogText = if (Test-Path $Log) { Get-Content $Log -Raw } else { '' }
    }

    It 'makes a nupkg that Install-PSResource installs from a local repository, and the installed module imports' {
        $InstallExit | Should -Be 0 -Because $InstallOutput
        Get-ChildItem $Packages -Filter 'FalconX.*.nupkg' | Should -Not -BeNullOrEmpty
        $version = (Import-PowerShellDataFile (Join-Path $env:FALCONX_MODULE_PATH 'FalconX.psd1')).ModuleVersion
        $InstallOutput | Should -Match "INSTALLED $([regex]::Escape($version)) AT .*$([regex]::Escape($FakeHome))"
        $InstallOutput | Should -Match 'COMMANDS [1-9]'
        $InstallOutput | Should -Match 'HELP EXAMPLES [2-9]' -Because 'the MAML help travels in the package'
        $InstallOutput | Should -Match 'ABOUT True'
        $InstallOutput | Should -Match 'VIEWS 2' -Because 'the table and list views of reports travel in the package'
    }

    It 'installs the package into the user''s module path under HOME' {
        $InstallExit | Should -Be 0 -Because $InstallOutput
        $manifest = @(Get-ChildItem (Join-Path $FakeHome '.local/share/powershell/Modules/FalconX') -Recurse -Filter FalconX.psd1)
        $manifest | Should -HaveCount 1
        Join-Path $manifest[0].DirectoryName 'FalconX.Format.ps1xml' | Should -Exist
    }

    It 'runs the job from the installed module with plain pwsh, as cron does, and exits 0' {
        $CronExit | Should -Be 0 -Because $LogText
        $LogText | Should -Match ('FalconX \d+\.\d+\.\d+ from ' + [regex]::Escape((Join-Path $FakeHome '.local/share/powershell/Modules/FalconX')))
        $LogText | Should -Not -Match ([regex]::Escape($env:FALCONX_MODULE_PATH)) -Because 'the job must not use the build output'
        $LogText | Should -Match 'sample invoice\.exe verdict=malicious'
        $LogText | Should -Match 'sample notes\.txt verdict=no_specific_threat'
        @(Get-ChildItem $Out -Filter 'reports-*.json') | Should -HaveCount 1
        $LogText | Should -Not -Match ([regex]::Escape($Emulator.ClientSecret))
    }
}
