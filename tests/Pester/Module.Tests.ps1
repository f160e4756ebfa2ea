# The laid-out module as a user gets it: imports cleanly, exports what the manifest says,
# every cmdlet documented, nothing in the folder that breaks loading.
BeforeDiscovery {
    $script:ModulePath = $env:FALCONX_MODULE_PATH
    Import-Module $ModulePath -Force
    $script:Cmdlets = @(Get-Command -Module FalconX -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    $ModulePath = $env:FALCONX_MODULE_PATH
    $Manifest = Join-Path $ModulePath 'FalconX.psd1'
    Import-Module (Join-Path $PSScriptRoot 'Common.psm1') -Force
    Import-Module $ModulePath -Force
    # One fresh 'pwsh -NoProfile' for both tests that need one: it imports the module (any warning or error is
    # printed), then loads every dll of the module folder. ExitCode is the child's; dll lines start with LOADED,
    # OLDER or FAILED.
    $script:Fresh = Invoke-ChildPwsh -Command ("`$WarningPreference='Continue'; Import-Module '$ModulePath' -ErrorAction Stop -WarningVariable w 3>`$null; if (`$w) { 'WARN: ' + (`$w -join ';') }; if (`$Error.Count) { 'ERR: ' + (`$Error -join ';') }; 'IMPORTED'; " +
        "Get-ChildItem '$ModulePath' -Filter *.dll | ForEach-Object { try { `$want = [Reflection.AssemblyName]::GetAssemblyName(`$_.FullName).Version; `$a = [Reflection.Assembly]::LoadFrom(`$_.FullName); if (`$a.GetName().Version -ge `$want) { 'LOADED ' + `$_.Name } else { 'OLDER ' + `$_.Name + ' ' + `$a.GetName().Version } } catch { 'FAILED ' + `$_.Name + ' ' + `$_.Exception.Message } }")
}

Describe 'Module import' {
    It 'imports in a fresh pwsh -NoProfile with no error and no warning' {
        $r = $Fresh
        $r.ExitCode | Should -Be 0
        $r.Output | Should -Match 'IMPORTED'
        $r.Output | Should -Not -Match 'WARN:|ERR:'
    }

    It 'exports exactly the cmdlets listed in the manifest' {
        $listed = (Import-PowerShellDataFile $Manifest).CmdletsToExport | Sort-Object
        $listed | Should -Not -BeNullOrEmpty
        $listed | Should -Not -Contain '*'
        $exported = (Get-Module FalconX).ExportedCmdlets.Keys | Sort-Object
        $exported | Should -Be $listed
    }

    It 'uses only approved verbs' {
        $approved = (Get-Verb).Verb
        foreach ($name in (Get-Module FalconX).ExportedCmdlets.Keys) {
            $approved | Should -Contain ($name -split '-')[0] -Because "$name must use an approved verb"
        }
    }

    It 'has a manifest that Test-ModuleManifest accepts, for both editions, PowerShell 5.1 and up' {
        $m = Test-ModuleManifest $Manifest -ErrorAction Stop
        $m.CompatiblePSEditions | Should -Contain 'Desktop'
        $m.CompatiblePSEditions | Should -Contain 'Core'
        $m.PowerShellVersion | Should -Be ([version]'5.1')
        $m.Guid | Should -Not -Be ([guid]::Empty)
        (Import-PowerShellDataFile $Manifest).FormatsToProcess | Should -Contain 'FalconX.Format.ps1xml'
    }
}

Describe 'Packaging of the module folder' {
    It 'does not ship System.Management.Automation.dll' {
        Get-ChildItem $ModulePath -Recurse -Filter 'System.Management.Automation.dll' | Should -BeNullOrEmpty
    }

    It 'has every dll loadable in this pwsh after import (the same fresh child pwsh)' {
        # After the module is imported, each dll must resolve: either the module's copy or a newer one the host already has.
        $lines = @($Fresh.Output -split "`r?`n" | Where-Object { $_ -and $_ -notin 'IMPORTED' })
        $lines | Where-Object { $_ -notlike 'LOADED *' } | Should -BeNullOrEmpty
        $lines.Count | Should -Be @(Get-ChildItem $ModulePath -Filter *.dll).Count
    }
}

# PowerShell 7 resolves a dll's references against its own (trusted platform) assemblies first, so a module that
# loads on today's pwsh can still fail on the oldest supported one. Each shipped dll is loaded into a fresh,
# collectible AssemblyLoadContext and its references are resolved against what PowerShell 7.4 (.NET 8) ships
# (tests/Contract/pwsh-7.4-assemblies.json, derived by tools/Export-PlatformAssemblies.ps1), not against the host.
Describe 'Loading on the oldest supported PowerShell 7 (7.4)' {
    BeforeDiscovery {
        $script:Dlls = @(Get-ChildItem $env:FALCONX_MODULE_PATH -Filter *.dll | ForEach-Object Name)
    }
    BeforeAll {
        $contract = Join-Path $env:FALCONX_REPO_ROOT 'tests/Contract/pwsh-7.4-assemblies.json'
        $script:Platform = @{}
        foreach ($p in (Get-Content $contract -Raw | ConvertFrom-Json).assemblies.PSObject.Properties) { $Platform[$p.Name] = [version]$p.Value }
        $script:Shipped = @{}
        foreach ($d in Get-ChildItem $ModulePath -Filter *.dll) { $Shipped[[IO.Path]::GetFileNameWithoutExtension($d.Name)] = [Reflection.AssemblyName]::GetAssemblyName($d.FullName).Version }

        # Problems loading one dll on a platform: a reference nobody supplies, or supplied in an older version than
        # referenced (the platform's copy wins over the module's), or a shipped copy newer than the platform's.
        function Get-LoadProblem([string] $Path, [hashtable] $PlatformVersions, [hashtable] $ShippedVersions) {
            $alc = [System.Runtime.Loader.AssemblyLoadContext]::new('falconx-load-check', $true)
            try {
                $assembly = $alc.LoadFromAssemblyPath($Path)
                $own = $assembly.GetName()
                if ($PlatformVersions.Contains($own.Name) -and $PlatformVersions[$own.Name] -lt $own.Version) {
                    "$($own.Name) $($own.Version) is shipped, but the platform's $($PlatformVersions[$own.Name]) wins when loading"
                }
                foreach ($ref in $assembly.GetReferencedAssemblies()) {
                    $effective = if ($PlatformVersions.Contains($ref.Name)) { $PlatformVersions[$ref.Name] }
                    elseif ($ShippedVersions.Contains($ref.Name)) { $ShippedVersions[$ref.Name] }
                    if ($null -eq $effective) { "$($ref.Name) $($ref.Version): supplied by neither the platform nor the module" }
                    elseif ($effective -lt $ref.Version) { "$($ref.Name) $($ref.Version): the platform resolves $effective" }
                }
            } finally {
                $alc.Unload()
            }
        }
    }

    It 'resolves every reference of <_> against PowerShell 7.4' -ForEach $Dlls {
        Get-LoadProblem (Join-Path $ModulePath $_) $Platform $Shipped | Should -BeNullOrEmpty
    }

    It 'would catch a dll built against a newer System.Text.Json than PowerShell 7.4 ships' {
        $older = $Platform.Clone()
        $older['System.Text.Json'] = [version]'7.0.0.0'   # as if the minimum PowerShell shipped System.Text.Json 7

        $problems = @(Get-LoadProblem (Join-Path $ModulePath 'FalconX.Core.dll') $older $Shipped)

        $problems | Should -Match 'System.Text.Json 8.0.0.0: the platform resolves 7.0.0.0'
    }

    It 'would catch a reference that nothing supplies' {
        $noAsync = $Shipped.Clone()
        $noAsync.Remove('Microsoft.Bcl.AsyncInterfaces')

        $problems = @(Get-LoadProblem (Join-Path $ModulePath 'FalconX.Core.dll') $Platform $noAsync)

        $problems | Should -Match 'Microsoft.Bcl.AsyncInterfaces .*supplied by neither'
    }
}

Describe 'Module folder contents' {
    It 'carries the format file and MAML help' {
        Join-Path $ModulePath 'FalconX.Format.ps1xml' | Should -Exist
        Join-Path $ModulePath 'en-US/FalconX.PowerShell.dll-Help.xml' | Should -Exist
        Join-Path $ModulePath 'en-US/about_FalconX.help.txt' | Should -Exist
    }
}

Describe 'Help for <Name>' -ForEach $Cmdlets {
    BeforeAll {
        $help = Get-Help $Name -Full
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        $parameters = (Get-Command $Name).Parameters.Keys | Where-Object { $common -notcontains $_ }
    }

    It 'has a synopsis' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match "^\s*$Name"   # the auto-generated placeholder is the syntax line
    }

    It 'has a description' {
        ($help.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        foreach ($p in $parameters) {
            $entry = $help.Parameters.Parameter | Where-Object Name -eq $p
            ($entry.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$p of $Name needs a description"
        }
    }

    It 'has at least two examples, each with code and remarks' {
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        foreach ($example in $help.Examples.Example) {
            $example.Code | Should -Not -BeNullOrEmpty
            ($example.Remarks | Out-String).Trim() | Should -Not -BeNullOrEmpty
        }
    }

    It 'documents its inputs and outputs, every declared output type among them' {
        $inputs = @($help.inputTypes.inputType | Where-Object { $_.type.name })
        $inputs.Count | Should -BeGreaterOrEqual 1 -Because "$Name needs an Inputs entry (None when it takes no pipeline input)"
        foreach ($entry in $inputs) { ($entry.description | Out-String).Trim() | Should -Not -BeNullOrEmpty }
        $outputs = @($help.returnValues.returnValue | ForEach-Object { $_.type.name })
        $outputs.Count | Should -BeGreaterOrEqual 1
        foreach ($type in (Get-Command $Name).OutputType.Type) {
            $outputs | Should -Contain $type.FullName -Because "$Name declares [OutputType($($type.FullName))]"
        }
    }

    It 'has related links, each one a command or help topic that exists' {
        $links = @($help.relatedLinks.navigationLink | ForEach-Object { $_.linkText.Trim() } | Where-Object { $_ })
        $links.Count | Should -BeGreaterOrEqual 1
        $links | Should -Contain 'about_FalconX'
        foreach ($link in $links) {
            if ($link -like 'about_*') { Get-Help $link -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty -Because "$link is linked from $Name" }
            else { Get-Command $link -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty -Because "$link is linked from $Name" }
        }
    }

    It 'shows its examples within 80 columns (Get-Help -Examples)' {
        foreach ($example in $help.Examples.Example) {
            foreach ($line in ($example.Code -split "`r?`n")) {
                # Get-Help indents example code by 4 columns.
                (4 + $line.TrimEnd().Length) | Should -BeLessOrEqual 80 -Because "this line of a $Name example is too wide: $line"
            }
        }
        $rendered = Get-Help $Name -Examples | Out-String -Width 300
        foreach ($line in ($rendered -split "`r?`n")) {
            $line.TrimEnd().Length | Should -BeLessOrEqual 80 -Because "Get-Help $Name -Examples would break this line mid-word in an 80-column terminal: $line"
        }
    }

    It 'has full help whose text fits 80 columns (the generated SYNTAX lines aside)' {
        $rendered = (Get-Help $Name -Full | Out-String -Width 300) -split "`r?`n"
        $section = ''
        foreach ($line in $rendered) {
            if ($line -match '^[A-Z][A-Z ]+$') { $section = $line }
            if ($section -eq 'SYNTAX' -or $line -match 'about_CommonParameters \(https') { continue }
            $line.TrimEnd().Length | Should -BeLessOrEqual 80 -Because "section $section of Get-Help $Name -Full: $line"
        }
    }

    It 'declares an output type' {
        (Get-Command $Name).OutputType | Should -Not -BeNullOrEmpty
    }

    It 'has a format view for each declared output type' {
        foreach ($type in (Get-Command $Name).OutputType.Type) {
            if ($null -eq $type -or $type.IsPrimitive -or $type -eq [string]) { continue }
            Get-FormatData -TypeName $type.FullName | Should -Not -BeNullOrEmpty -Because "$($type.FullName) needs a view in FalconX.Format.ps1xml"
        }
    }
}

Describe 'About topics' {
    It '<_> is found by Get-Help and fits 80 columns' -ForEach @('about_FalconX', 'about_FalconX_ThreatQMapping', 'about_FalconX_ThreatQ') {
        (Get-Help $_ | Out-String) | Should -Match "TOPIC\s+$_"
        $file = Join-Path $ModulePath "en-US/$_.help.txt"
        foreach ($line in (Get-Content $file)) {
            $line.Length | Should -BeLessOrEqual 80 -Because "$_ has a line wider than 80 columns: $line"
        }
    }

    It 'about_FalconX explains connections, clouds, quota, reuse, waiting, ThreatQ and how to catch errors' {
        $text = Get-Content (Join-Path $ModulePath 'en-US/about_FalconX.help.txt') -Raw
        foreach ($heading in 'CONNECTIONS', 'CLOUDS', 'QUOTA', 'REUSE OF EXISTING REPORTS', 'WAITING', 'THREATQ MAPPING', 'ERRORS AND HOW TO CATCH THEM') {
            $text | Should -Match "(?m)^$heading" -Because "about_FalconX needs a $heading section"
        }
        $text | Should -Match '-ErrorAction Stop'
        $text | Should -Match 'try \{'
        # Every error id it names is one the module really uses.
        $source = Get-ChildItem (Join-Path $env:FALCONX_REPO_ROOT 'src') -Recurse -Filter *.cs | Get-Content -Raw | Out-String
        foreach ($id in ([regex]::Matches($text, '(?<![-\w])FalconX[A-Z]\w+') | ForEach-Object Value | Sort-Object -Unique)) {
            $source | Should -Match "`"$id`"" -Because "about_FalconX names $id"
        }
    }
}

Describe 'Get-FalconXEnvironment' {
    It 'lists the known environments with Windows 10 64-bit as 160' {
        $all = Get-FalconXEnvironment
        $all.Count | Should -BeGreaterOrEqual 8
        ($all | Where-Object Id -eq 160).Name | Should -Be 'win10_x64'
    }

    It 'finds environments by wildcard and by id' {
        (Get-FalconXEnvironment -Name '*ubuntu*').Id | Should -Contain 330
        (Get-FalconXEnvironment -Name 110).Description | Should -Be 'Windows 7 64 bit'
    }

    It 'gives an ObjectNotFound error for an unknown name and goes on with the rest' {
        $found = Get-FalconXEnvironment -Name 'nosuch', 'android' -ErrorVariable err -ErrorAction SilentlyContinue
        $found.Id | Should -Be 200
        $err.Count | Should -Be 1
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].FullyQualifiedErrorId | Should -Match '^EnvironmentNotFound'
    }
}
