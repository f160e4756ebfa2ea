<#
.SYNOPSIS
    Derives tests/Contract/falconx-api-contract.json from the public Falcon X swagger files.
.DESCRIPTION
    The swagger-conformance tests need the routes, parameters, answer schemas and answer headers of the endpoints
    FalconX and its emulator use (/oauth2/*, /samples/*, /falconx/*, /archives/*). This keeps exactly that inside the repository,
    machine-derived: only structural keywords (types, formats, $ref, required, enums, parameter names and places) and
    the definitions reachable from those answers. Descriptions, summaries and other prose are dropped.
    The build and the tests never run this script; run it by hand when a newer swagger is published, then review the
    diff of the contract file. Both paths are given explicitly: nothing outside the repository is assumed.
.EXAMPLE
    ./tools/Export-ApiContract.ps1 -SwaggerPath ~/api/falconx-swagger-2023.json -NewerSwaggerPath ~/api/falconx-swagger-2026-reconstructed.json
#>
[CmdletBinding()]
param(
    # The official swagger (the field names and types answers are checked against).
    [Parameter(Mandatory)] [string] $SwaggerPath,
    # A newer swagger whose extra definitions/properties are accepted where the official one lacks them.
    [Parameter(Mandatory)] [string] $NewerSwaggerPath,
    [string] $OutputFile = (Join-Path $PSScriptRoot '../tests/Contract/falconx-api-contract.json')
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# Keys kept where a key is a swagger keyword; everything else (description, summary, title, example, x-*) is prose
# or provenance and is dropped.
$keywords = [System.Collections.Generic.HashSet[string]]::new([string[]]@(
        '$ref', 'type', 'format', 'items', 'properties', 'required', 'enum', 'default', 'collectionFormat', 'in', 'name',
        'schema', 'headers', 'parameters', 'responses', 'consumes', 'produces', 'operationId', 'security', 'deprecated',
        'additionalProperties', 'maximum', 'minimum', 'maxLength', 'minLength', 'maxItems', 'minItems', 'pattern',
        'get', 'post', 'put', 'patch', 'delete'))
# Keys whose values are maps from names (fields, status codes, headers) to schemas: every name is kept.
$nameMaps = [System.Collections.Generic.HashSet[string]]::new([string[]]@('properties', 'responses', 'headers'))

function Copy-Structure($Node, [bool] $IsNameMap = $false) {
    if ($Node -is [System.Collections.IDictionary]) {
        $copy = [ordered]@{}
        foreach ($key in $Node.Keys) {
            if ($IsNameMap) { $copy[$key] = Copy-Structure $Node[$key] }
            elseif ($key -eq 'security') { $copy[$key] = $Node[$key] }   # scope names only
            elseif ($keywords.Contains($key)) {
                $copy[$key] = Copy-Structure $Node[$key] ($nameMaps.Contains($key) -and $Node[$key] -is [System.Collections.IDictionary])
            }
        }
        return $copy
    }
    if ($Node -is [System.Collections.IList] -and $Node -isnot [string]) {
        return , @($Node | ForEach-Object { Copy-Structure $_ })
    }
    return $Node
}

function Get-Reference($Node) {
    if ($Node -is [System.Collections.IDictionary]) {
        foreach ($key in $Node.Keys) {
            if ($key -eq '$ref' -and $Node[$key] -is [string]) { ($Node[$key] -split '/')[-1] }
            else { Get-Reference $Node[$key] }
        }
    }
    elseif ($Node -is [System.Collections.IList] -and $Node -isnot [string]) {
        foreach ($item in $Node) { Get-Reference $item }
    }
}

$swagger = Get-Content $SwaggerPath -Raw | ConvertFrom-Json -AsHashtable
$newer = Get-Content $NewerSwaggerPath -Raw | ConvertFrom-Json -AsHashtable

$paths = [ordered]@{}
foreach ($path in $swagger.paths.Keys | Where-Object { $_ -match '^/(oauth2|samples|falconx|archives)/' } | Sort-Object) {
    $paths[$path] = Copy-Structure $swagger.paths[$path]
}

# Definitions reachable from the kept answers, following $ref through both files (the validator looks a name up in
# the official file first, then in the newer one, and accepts the newer file's extra properties).
$pending = [System.Collections.Generic.Queue[string]]::new()
@(Get-Reference $paths) + @('msa.MetaInfo', 'falconx.Quota', 'falconx.ErrorsOnly') | ForEach-Object { $pending.Enqueue($_) }
$seen = [System.Collections.Generic.HashSet[string]]::new()
$definitions = [ordered]@{}
$newerDefinitions = [ordered]@{}
while ($pending.Count -gt 0) {
    $name = $pending.Dequeue()
    if (-not $seen.Add($name)) { continue }
    foreach ($pair in @(@($swagger.definitions, $definitions), @($newer.definitions, $newerDefinitions))) {
        if ($pair[0].Contains($name)) {
            $pair[1][$name] = Copy-Structure $pair[0][$name]
            Get-Reference $pair[1][$name] | ForEach-Object { $pending.Enqueue($_) }
        }
    }
}
foreach ($map in $definitions, $newerDefinitions) {
    $sorted = [ordered]@{}
    foreach ($key in $map.Keys | Sort-Object) { $sorted[$key] = $map[$key] }
    $map.Clear(); foreach ($key in $sorted.Keys) { $map[$key] = $sorted[$key] }
}

$contract = [ordered]@{
    note             = 'Machine-derived by tools/Export-ApiContract.ps1 from the public Falcon X swagger: structure only. Do not edit by hand.'
    paths            = $paths
    definitions      = $definitions
    newerDefinitions = $newerDefinitions
}
$null = New-Item -ItemType Directory -Force -Path (Split-Path $OutputFile)
$contract | ConvertTo-Json -Depth 64 | Set-Content -Path $OutputFile -Encoding utf8NoBOM
Write-Host "Wrote $OutputFile ($($paths.Count) paths, $($definitions.Count) definitions, $($newerDefinitions.Count) newer definitions)."
