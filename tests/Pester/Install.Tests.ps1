# The real installation, as docs/usage.md describes it: the .nupkg installed with Install-PSResource into the user's
# module path of an isolated HOME, and the scheduled job run from that installed module by plain `pwsh` through the
# README's cron line (`set -a; . env-file; pwsh -NoProfile -NonInteractive -File …`), not from out/.
# On this machine pwsh is the repository's dotnet tool (`dotnet pwsh`); the test puts a `pwsh` shim on PATH that runs
# that same tool, as a distribution package or `dotnet tool install --global PowerShell` would provide `pwsh`.
BeforeDiscovery {
    $script:OnUnix = -not $IsWindows
}

BeforeAll {
    Import-Module (Join-Path $env:FALCONX_REPO_ROOT 'tools/EmulatorHost.psm1') -Force
    $script:RepoRoot = $env:FALCONX_REPO_ROOT
    $script:Emulator = Start-FalconXEmulator -ArgumentList @('--submission-delay-ms', '200')
}

AfterAll {
    if ($Emulator) { $Emulator | Stop-FalconXEmulator }
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

        $saved = @{ HOME = $env:HOME; PATH = $env:PATH; PSModulePath = $env:PSModulePath }
        try {
            $env:HOME = $FakeHome
            $env:PATH = $bin + [IO.Path]::PathSeparator + $env:PATH
            $env:PSModulePath = $null
            $install = @"
`$ErrorActionPreference = 'Stop'
& '$RepoRoot/tools/New-ModulePackage.ps1' -ModulePath '$env:FALCONX_MODULE_PATH' -Destination '$packages' | Out-Null
Register-PSResourceRepository -Name FalconXLocal -Uri '$packages' -Trusted
Install-PSResource -Name FalconX -Repository FalconXLocal -Scope CurrentUser -TrustRepository -SkipDependencyCheck
"@
            $script:InstallOutput = & pwsh -NoProfile -NonInteractive -Command $install 2>&1 | Out-String
            $script:InstallExit = $LASTEXITCODE
        } finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }

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
