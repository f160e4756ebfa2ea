<#
.SYNOPSIS
    Import-Module time: fresh `pwsh -NoProfile -NonInteractive -c ...` processes, bare and importing out/FalconX,
    interleaved in the same loop (round i runs every variant once, in a rotating order), so that the load of other
    work on the machine falls on all variants alike.
.DESCRIPTION
    Each child prints its own processor time (all threads) as its last act; the script reports, per variant, the
    median wall time of the whole process and the median processor time, and both minus the bare figures. Processor
    time moves less than wall time when other builds compete for the cores, so it is the figure to compare when the
    load is high.

    -Breakdown adds variants that say where the import time goes, laid out under out/bench-import:
      emptyManifest  a manifest with nothing in it (the cost of Import-Module itself, any module pays it)
      minimalBinary  a binary module of one trivial cmdlet (what any binary module pays)
      minimalFiles   the same with a one-view format file and a one-type types file (what any binary module with
                     views and type data pays)
      assemblyOnly   FalconX without its format and types files (the assemblies and cmdlet discovery)
      noTypes        FalconX without TypesToProcess
      noFormats      FalconX without FormatsToProcess
      zeroViews      FalconX whose format file holds no view (the cost of any format file: PowerShell builds its
                     format tables, its own views included, the first time a session formats anything)
      oneView        FalconX whose format file holds only its first view (is the format cost per byte or fixed?)
      plainScripts   FalconX whose 39 views keep their layout but every ScriptBlock (60 of them) reads `$_.Name`: what
                     PowerShell's parser costs the first time it meets the views' scripts (if/else, -f, -split,
                     pipelines …), which the format loader parses when the module is imported
      bareSilent, FalconXSilent  as bare and FalconX, but the child writes its figure straight to the console:
                     nothing is formatted, so bareSilent never builds the format tables that every other variant
                     builds (bare when it prints, the FalconX variants when they load their format file)

    -Precompiled runs every child on a copy of the pwsh running this script whose assemblies are compiled ahead of
    time (ReadyToRun) by crossgen2, as PowerShell's release packages are. The `powershell` dotnet tool that this
    repository pins ships them as IL only, so it compiles PowerShell's own import code (the module loader, the types
    and format loaders) the first time a session meets it; the copy shows what the same import costs on an installed
    pwsh. The copy is made once under out/bench-import/pwsh-precompiled (crossgen2 comes from NuGet, in the version
    of the runtime running this script; about a minute of CPU) and reused after.
.EXAMPLE
    dotnet pwsh bench/Import.Bench.ps1 -Root . -Runs 15 -Breakdown
.EXAMPLE
    dotnet pwsh bench/Import.Bench.ps1 -Root . -Runs 15 -Breakdown -Precompiled
#>
param(
    [Parameter(Mandatory)] [string] $Root,
    [int] $Runs = 15,
    [switch] $Breakdown,
    # With -Breakdown: only these variants (bare and FalconX always run).
    [string[]] $Only,
    # Run the children on a ReadyToRun-compiled copy of this pwsh (see the DESCRIPTION).
    [switch] $Precompiled
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$pwsh = @([Environment]::ProcessPath, (Join-Path $PSHOME 'pwsh.dll'))
$module = Join-Path (Resolve-Path $Root) 'out/FalconX'
if (-not (Test-Path (Join-Path $module 'FalconX.psd1'))) { throw "No built module at $module; run build.ps1 -Task Build first." }

# A copy of this pwsh ($PSHOME) with every assembly crossgen2 accepts compiled to ReadyToRun code, for -Precompiled.
function New-PrecompiledPwsh {
    $target = Join-Path $Root 'out/bench-import/pwsh-precompiled'
    $done = Join-Path $target '.precompiled'
    # Made from this pwsh on this runtime: a copy made from another (an updated tool) is made again.
    $version = [Environment]::Version.ToString(3)
    $source = "pwsh $($PSVersionTable.PSVersion) from $PSHOME on .NET $version"
    if ((Test-Path $done) -and @(Get-Content $done)[0] -eq $source) { return $target }
    $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    $package = "Microsoft.NETCore.App.Crossgen2.$rid"
    & $pwsh[0] restore (Join-Path $PSScriptRoot 'Crossgen2.Restore.csproj') --nologo -v quiet "-p:Crossgen2Package=$package" "-p:Crossgen2Version=$version"
    if ($LASTEXITCODE -ne 0) { throw "Restoring $package $version failed (exit code $LASTEXITCODE)." }
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $crossgen = Join-Path $packages "$($package.ToLowerInvariant())/$version/tools/crossgen2"
    if ($IsWindows) { $crossgen += '.exe' }
    if (-not (Test-Path $crossgen)) { throw "crossgen2 was restored but not found at $crossgen." }
    if (Test-Path $target) { Remove-Item $target -Recurse -Force }
    Copy-Item $PSHOME $target -Recurse
    $framework = [System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
    $os = if ($IsWindows) { 'windows' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    $arch = "$([System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture)".ToLowerInvariant()
    $compiled = 0; $kept = 0
    foreach ($dll in Get-ChildItem $PSHOME -Filter *.dll) {
        # An assembly crossgen2 refuses (already precompiled, or not managed) stays as copied. The reference globs are
        # quoted strings because pwsh on Unix expands an unquoted wildcard argument of a native command itself.
        $null = & $crossgen $dll.FullName -o (Join-Path $target $dll.Name) -r "$(Join-Path $framework '*.dll')" -r "$(Join-Path $PSHOME '*.dll')" --targetos $os --targetarch $arch -O 2>&1
        if ($LASTEXITCODE -eq 0) { $compiled++ } else { Copy-Item $dll.FullName $target -Force; $kept++ }
    }
    Set-Content $done @($source, "crossgen2 $version ($rid): $compiled assemblies compiled, $kept kept as they were")
    Write-Host "Precompiled pwsh in ${target}: $compiled assemblies compiled by crossgen2 $version, $kept kept as they were."
    $target
}
if ($Precompiled) { $pwsh = @($pwsh[0], (Join-Path (New-PrecompiledPwsh) 'pwsh.dll')) }

# Copies of the built module with one manifest entry removed (or the format file cut down), for -Breakdown.
function New-ModuleVariant([string] $Name, [string[]] $DropKeys, [int] $KeepViews = -1, [switch] $PlainScripts) {
    $folder = Join-Path $Root "out/bench-import/$Name/FalconX"
    if (Test-Path $folder) { Remove-Item $folder -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $folder
    Copy-Item (Join-Path $module '*') $folder -Recurse
    $manifest = Join-Path $folder 'FalconX.psd1'
    $lines = Get-Content $manifest | Where-Object { $line = $_; -not ($DropKeys | Where-Object { $line -match "^\s*$_\s*=" }) }
    Set-Content -Path $manifest -Value $lines
    if ($KeepViews -ge 0) {
        $format = Join-Path $folder 'FalconX.Format.ps1xml'
        $doc = [xml](Get-Content $format -Raw)
        $views = $doc.Configuration.ViewDefinitions
        while ($views.ChildNodes.Count -gt $KeepViews) { $null = $views.RemoveChild($views.LastChild) }
        $doc.Save($format)
    }
    if ($PlainScripts) {
        $format = Join-Path $folder 'FalconX.Format.ps1xml'
        $doc = [xml](Get-Content $format -Raw)
        foreach ($script in $doc.SelectNodes('//ScriptBlock')) { $script.InnerText = '$_.Name' }
        $doc.Save($format)
    }
    $folder
}

# A module of one trivial cmdlet (compiled here against this pwsh), with or without a one-view format file and a
# one-type types file cut from FalconX's: what any binary module with views and type data pays, whatever it holds.
function New-MinimalModule([string] $Name, [switch] $WithFiles) {
    $folder = Join-Path $Root "out/bench-import/$Name/Minimal"
    if (Test-Path $folder) { Remove-Item $folder -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $folder
    $dll = Join-Path $Root 'out/bench-import/Minimal.dll'
    if (-not (Test-Path $dll)) {
        Add-Type -OutputAssembly $dll -OutputType Library -TypeDefinition @'
namespace Minimal
{
    [System.Management.Automation.Cmdlet("Get", "Minimal")]
    public sealed class GetMinimalCommand : System.Management.Automation.PSCmdlet
    {
        protected override void ProcessRecord() { WriteObject(1); }
    }
}
'@
    }
    Copy-Item $dll $folder
    $files = ''
    if ($WithFiles) {
        $format = [xml](Get-Content (Join-Path $module 'FalconX.Format.ps1xml') -Raw)
        $views = $format.Configuration.ViewDefinitions
        while ($views.ChildNodes.Count -gt 1) { $null = $views.RemoveChild($views.LastChild) }
        # Its own type names, so that it can be imported beside FalconX (the same type data twice is an error).
        Set-Content (Join-Path $folder 'Minimal.Format.ps1xml') ($format.OuterXml -replace '\bFalconX\.', 'Minimal.')
        $types = [xml](Get-Content (Join-Path $module 'FalconX.Types.ps1xml') -Raw)
        while ($types.Types.ChildNodes.Count -gt 1) { $null = $types.Types.RemoveChild($types.Types.LastChild) }
        Set-Content (Join-Path $folder 'Minimal.Types.ps1xml') ($types.OuterXml -replace '\bFalconX\.', 'Minimal.')
        $files = "FormatsToProcess = @('Minimal.Format.ps1xml'); TypesToProcess = @('Minimal.Types.ps1xml')"
    }
    Set-Content (Join-Path $folder 'Minimal.psd1') "@{ RootModule = 'Minimal.dll'; ModuleVersion = '0.0.1'; GUID = '6f1f9d4e-4d0b-4a47-9a39-2f4b8d1c0e12'; CmdletsToExport = @('Get-Minimal'); $files }"
    $folder
}

$variants = [ordered]@{ bare = '' }
if ($Breakdown) {
    # The silent variants write the probe straight to the console: nothing goes through PowerShell's formatting, so
    # the session never builds its format tables (see the DESCRIPTION).
    $variants.bareSilent = '#silent'
    $variants.FalconXSilent = "Import-Module '$module' #silent"
    $empty = Join-Path $Root 'out/bench-import/emptyManifest/Empty'
    $null = New-Item -ItemType Directory -Force -Path $empty
    Set-Content (Join-Path $empty 'Empty.psd1') "@{ ModuleVersion = '0.0.1'; GUID = '6f1f9d4e-4d0b-4a47-9a39-2f4b8d1c0e11' }"
    $variants.emptyManifest = "Import-Module '$empty'"
    $variants.minimalBinary = "Import-Module '$(New-MinimalModule minimalBinary)'"
    $variants.minimalFiles = "Import-Module '$(New-MinimalModule minimalFiles -WithFiles)'"
    $variants.assemblyOnly = "Import-Module '$(New-ModuleVariant assemblyOnly FormatsToProcess, TypesToProcess)'"
    $variants.noTypes = "Import-Module '$(New-ModuleVariant noTypes TypesToProcess)'"
    $variants.noFormats = "Import-Module '$(New-ModuleVariant noFormats FormatsToProcess)'"
    $variants.zeroViews = "Import-Module '$(New-ModuleVariant zeroViews -KeepViews 0)'"
    $variants.oneView = "Import-Module '$(New-ModuleVariant oneView -KeepViews 1)'"
    $variants.plainScripts = "Import-Module '$(New-ModuleVariant plainScripts -PlainScripts)'"
}
$variants.FalconX = "Import-Module '$module'"

$cpuProbe = '[long][Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalMilliseconds'   # whole ms: no decimal separator to misread
function Invoke-Child([string] $Command) {
    $probe = if ($Command -like '*#silent') { "[Console]::Out.WriteLine($cpuProbe)" } else { $cpuProbe }
    $Command = $Command -replace '\s*#silent$'
    $text = if ($Command) { "$Command; $probe" } else { $probe }
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $out = & $pwsh[0] $pwsh[1] -NoProfile -NonInteractive -Command $text
    $wall = $sw.Elapsed.TotalMilliseconds
    if ($LASTEXITCODE -ne 0) { throw "'$Command' failed: $out" }
    [pscustomobject]@{ Wall = $wall; Cpu = [double]@($out)[-1] }
}

# The value below which a share $Rank (0.5: the median) of the values lie, interpolated between neighbours.
function Get-Quantile([double[]] $Values, [double] $Rank = 0.5) {
    $sorted = @($Values | Sort-Object)
    $at = ($sorted.Count - 1) * $Rank
    $low = $sorted[[int][math]::Floor($at)]
    $low + ($sorted[[int][math]::Ceiling($at)] - $low) * ($at - [math]::Floor($at))
}

$Only = @($Only | ForEach-Object { $_ -split "," })   # one comma-separated argument when called with -File
$names = @($variants.Keys | Where-Object { -not $Only -or $_ -in @('bare', 'FalconX') + $Only })
$samples = @{}
foreach ($name in $names) {
    $samples[$name] = [System.Collections.Generic.List[object]]::new()
    $null = Invoke-Child $variants[$name]   # warm-up: disk cache
}
$loadBefore = if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg).Split(' ')[0] } else { 'n/a' }
$started = [DateTime]::UtcNow
for ($i = 0; $i -lt $Runs; $i++) {
    for ($j = 0; $j -lt $names.Count; $j++) {
        $name = $names[($i + $j) % $names.Count]   # rotate, so that no variant always runs first in its round
        $samples[$name].Add((Invoke-Child $variants[$name]))
    }
}
$loadAfter = if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg).Split(' ')[0] } else { 'n/a' }

$flavour = if ($Precompiled) { 'pwsh precompiled (ReadyToRun)' } else { 'pwsh as installed here' }
'Import-Module benchmark: {0} interleaved runs per variant, {1}, {2} cores, {3:yyyy-MM-dd HH:mm} UTC, load {4} -> {5}' -f $Runs, $flavour, [Environment]::ProcessorCount, $started, $loadBefore, $loadAfter
$bareWall = Get-Quantile $samples.bare.Wall
$bareCpu = Get-Quantile $samples.bare.Cpu
'  {0,-14} {1,9} {2,7} {3,13}   {4,9} {5,7} {6,13}' -f 'variant', 'wall ms', '- bare', 'wall q1-q3', 'cpu ms', '- bare', 'cpu q1-q3'
foreach ($name in $names) {
    $wall = $samples[$name].Wall
    $cpu = $samples[$name].Cpu
    '  {0,-14} {1,9:N0} {2,7:N0} {3,6:N0}-{4,-6:N0}   {5,9:N0} {6,7:N0} {7,6:N0}-{8,-6:N0}' -f $name,
        (Get-Quantile $wall), ((Get-Quantile $wall) - $bareWall), (Get-Quantile $wall 0.25), (Get-Quantile $wall 0.75),
        (Get-Quantile $cpu), ((Get-Quantile $cpu) - $bareCpu), (Get-Quantile $cpu 0.25), (Get-Quantile $cpu 0.75)
}
'Import cost (median wall of pwsh -c Import-Module FalconX minus bare pwsh): {0:N0} ms' -f ((Get-Quantile $samples.FalconX.Wall) - $bareWall)

if ($Breakdown) {
    # Inside the child: how much of Import-Module itself is the JIT compiling code for the first time (the importing
    # thread's compile time and method count from System.Runtime.JitInfo, .NET 6 and later).
    $jitProbe = @'
$j = [System.Runtime.JitInfo]; $null = $j::GetCompilationTime($true); $sw = [Diagnostics.Stopwatch]::new()
$t0 = $j::GetCompilationTime($true).TotalMilliseconds; $m0 = $j::GetCompiledMethodCount($true); $sw.Start()
Import-Module '{0}'
$sw.Stop(); $t1 = $j::GetCompilationTime($true).TotalMilliseconds; $m1 = $j::GetCompiledMethodCount($true)
[Console]::Out.WriteLine(('{{0:F1}} {{1:F1}} {{2}}' -f $sw.Elapsed.TotalMilliseconds, ($t1 - $t0), ($m1 - $m0)).Replace(',', '.'))
'@ -f $module
    $inside = foreach ($i in 1..[math]::Max(5, [int]($Runs / 3))) {
        $fields = (@(& $pwsh[0] $pwsh[1] -NoProfile -NonInteractive -Command $jitProbe)[-1]) -split ' '
        [pscustomobject]@{ Import = [double]$fields[0]; Jit = [double]$fields[1]; Methods = [double]$fields[2] }
    }
    'Inside the child ({0} runs, medians): Import-Module {1:N0} ms, of which JIT compiling {2:N0} ms ({3:N0} methods) on the importing thread' -f
        @($inside).Count, (Get-Quantile $inside.Import), (Get-Quantile $inside.Jit), (Get-Quantile $inside.Methods)
}
