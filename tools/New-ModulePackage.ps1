<#
.SYNOPSIS
    Packs the laid-out module into a .nupkg that Install-PSResource / Install-Module accept, using PSResourceGet.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Destination
)
$ErrorActionPreference = 'Stop'
$repoName = "FalconXBuild$PID"
$null = New-Item -ItemType Directory -Force -Path $Destination
$Destination = (Resolve-Path $Destination).Path
Register-PSResourceRepository -Name $repoName -Uri $Destination -Trusted
try {
    Publish-PSResource -Path $ModulePath -Repository $repoName -SkipDependenciesCheck
} finally {
    Unregister-PSResourceRepository -Name $repoName
}
Get-ChildItem $Destination -Filter 'FalconX.*.nupkg' | ForEach-Object { Write-Host "    package: $($_.FullName)" }
