<#
.SYNOPSIS
    Builds MAML help (FalconX.PowerShell.dll-Help.xml) from the per-cmdlet help sources.
.DESCRIPTION
    Help text lives next to the code in src/FalconX.PowerShell/Help/<Verb-Noun>.psd1; parameter
    names, types, positions, sets and pipeline binding come from the compiled cmdlets themselves,
    so the help can never disagree with the code about them. Run in a fresh process: it imports
    the laid-out module.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SourcePath,
    [Parameter(Mandatory)] [string] $OutputFile
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$module = Import-Module $ModulePath -PassThru -Force
$common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$writer = [System.Xml.XmlWriter]::Create($OutputFile, $settings)
$maml = 'http://schemas.microsoft.com/maml/2004/10'
$cmd = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

# Get-Help indents text by at most 8 columns and breaks long lines mid-word, so each paragraph is
# word-wrapped here to fit an 80-column terminal; Get-Help keeps the line breaks inside a paragraph.
$TextWidth = 72

function Format-Paragraph([string] $Text, [int] $Width = $TextWidth) {
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = ''
    foreach ($word in (($Text -replace '\s+', ' ').Trim() -split ' ')) {
        if ($line -and ($line.Length + 1 + $word.Length) -gt $Width) { $lines.Add($line); $line = $word }
        elseif ($line) { $line += ' ' + $word }
        else { $line = $word }
    }
    if ($line) { $lines.Add($line) }
    $lines -join "`n"
}

function Write-Paras([string[]] $Text) {
    foreach ($block in $Text) {
        foreach ($para in ($block -split "`r?`n`r?`n")) {
            $writer.WriteElementString('maml', 'para', $maml, (Format-Paragraph $para))
        }
    }
}

function Format-ExampleTitle([int] $Number, [string] $Title) {
    # Dashes around the title, as in Microsoft's help, but never wider than the 76 columns left after the indent.
    $core = " Example ${Number}: $Title "
    $dashes = [Math]::Max(2, [Math]::Min(14, [Math]::Floor((76 - $core.Length) / 2)))
    ('-' * $dashes) + $core + ('-' * $dashes)
}

function Get-TypeName([type] $Type) {
    if ($Type -eq [System.Management.Automation.SwitchParameter]) { return 'SwitchParameter' }
    $Type.Name
}

function Write-Parameter($Parameter, $SetInfo, [string] $Description, [bool] $InSyntax) {
    $pipeline = @()
    if ($SetInfo.ValueFromPipeline) { $pipeline += 'ByValue' }
    if ($SetInfo.ValueFromPipelineByPropertyName) { $pipeline += 'ByPropertyName' }
    $writer.WriteStartElement('command', 'parameter', $cmd)
    $writer.WriteAttributeString('required', $SetInfo.IsMandatory.ToString().ToLowerInvariant())
    $writer.WriteAttributeString('variableLength', 'true')
    $globbing = [bool]($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
    $writer.WriteAttributeString('globbing', $globbing.ToString().ToLowerInvariant())
    $writer.WriteAttributeString('pipelineInput', $(if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }))
    $writer.WriteAttributeString('position', $(if ($SetInfo.Position -ge 0) { [string]$SetInfo.Position } else { 'named' }))
    $writer.WriteAttributeString('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
    $writer.WriteElementString('maml', 'name', $maml, $Parameter.Name)
    $writer.WriteStartElement('maml', 'description', $maml); Write-Paras $Description; $writer.WriteEndElement()
    $typeName = Get-TypeName $Parameter.ParameterType
    if ($typeName -ne 'SwitchParameter' -or -not $InSyntax) {
        $writer.WriteStartElement('command', 'parameterValue', $cmd)
        $writer.WriteAttributeString('required', ($typeName -ne 'SwitchParameter').ToString().ToLowerInvariant())
        $writer.WriteAttributeString('variableLength', 'false')
        $writer.WriteString($typeName)
        $writer.WriteEndElement()
    }
    $writer.WriteStartElement('dev', 'type', $dev); $writer.WriteElementString('maml', 'name', $maml, $Parameter.ParameterType.FullName); $writer.WriteEndElement()
    $writer.WriteEndElement()
}

$writer.WriteStartDocument()
$writer.WriteStartElement('helpItems', 'http://msh')
$writer.WriteAttributeString('schema', 'maml')
$missing = @()
foreach ($command in (Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)) {
    $sourceFile = Join-Path $SourcePath "$($command.Name).psd1"
    if (-not (Test-Path $sourceFile)) { $missing += $command.Name; continue }
    $help = Import-PowerShellDataFile $sourceFile
    $parameters = $command.Parameters.Values | Where-Object { $common -notcontains $_.Name }

    $writer.WriteStartElement('command', 'command', $cmd)
    $writer.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $writer.WriteAttributeString('xmlns', 'dev', $null, $dev)
    $writer.WriteStartElement('command', 'details', $cmd)
    $writer.WriteElementString('command', 'name', $cmd, $command.Name)
    $writer.WriteElementString('command', 'verb', $cmd, $command.Verb)
    $writer.WriteElementString('command', 'noun', $cmd, $command.Noun)
    $writer.WriteStartElement('maml', 'description', $maml); Write-Paras $help.Synopsis; $writer.WriteEndElement()
    $writer.WriteEndElement()
    $writer.WriteStartElement('maml', 'description', $maml); Write-Paras $help.Description; $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'syntax', $cmd)
    foreach ($set in $command.ParameterSets) {
        $writer.WriteStartElement('command', 'syntaxItem', $cmd)
        $writer.WriteElementString('maml', 'name', $maml, $command.Name)
        foreach ($p in ($set.Parameters | Where-Object { $common -notcontains $_.Name } | Sort-Object { if ($_.Position -ge 0) { $_.Position } else { 1000 } })) {
            $full = $command.Parameters[$p.Name]
            Write-Parameter $full $p ([string]$help.Parameters[$p.Name]) $true
        }
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'parameters', $cmd)
    foreach ($p in $parameters) {
        $setInfo = $p.ParameterSets.Values | Select-Object -First 1
        Write-Parameter $p $setInfo ([string]$help.Parameters[$p.Name]) $false
    }
    $writer.WriteEndElement()

    foreach ($kind in @(@('inputTypes', 'inputType', 'Inputs'), @('returnValues', 'returnValue', 'Outputs'))) {
        $writer.WriteStartElement('command', $kind[0], $cmd)
        $entries = $help[$kind[2]]
        if ($entries) {
            foreach ($key in $entries.Keys) {
                $writer.WriteStartElement('command', $kind[1], $cmd)
                $writer.WriteStartElement('dev', 'type', $dev); $writer.WriteElementString('maml', 'name', $maml, $key); $writer.WriteEndElement()
                $writer.WriteStartElement('maml', 'description', $maml); Write-Paras $entries[$key]; $writer.WriteEndElement()
                $writer.WriteEndElement()
            }
        }
        $writer.WriteEndElement()
    }

    if ($help['Notes']) {
        $writer.WriteStartElement('maml', 'alertSet', $maml); $writer.WriteStartElement('maml', 'alert', $maml)
        Write-Paras $help['Notes']
        $writer.WriteEndElement(); $writer.WriteEndElement()
    }

    $writer.WriteStartElement('command', 'examples', $cmd)
    $n = 0
    foreach ($example in $help.Examples) {
        $n++
        $writer.WriteStartElement('command', 'example', $cmd)
        $writer.WriteElementString('maml', 'title', $maml, (Format-ExampleTitle $n $example.Title))
        $writer.WriteElementString('dev', 'code', $dev, $example.Code.Trim())
        $writer.WriteStartElement('dev', 'remarks', $dev); Write-Paras $example.Remarks
        # An empty paragraph keeps the next example's title off the last line of these remarks.
        $writer.WriteElementString('maml', 'para', $maml, '')
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'relatedLinks', $cmd)
    foreach ($link in @($help['Links'])) {
        if (-not $link) { continue }
        $writer.WriteStartElement('maml', 'navigationLink', $maml)
        $writer.WriteElementString('maml', 'linkText', $maml, $link)
        $writer.WriteElementString('maml', 'uri', $maml, '')
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
    $writer.WriteEndElement()
}
$writer.WriteEndElement()
$writer.WriteEndDocument()
$writer.Dispose()
if ($missing) { throw "No help source in $SourcePath for: $($missing -join ', '). Add <Verb-Noun>.psd1 for each." }
