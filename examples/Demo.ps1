<#
.SYNOPSIS
    A guided tour of FalconX against the local emulator. `dotnet pwsh ./build.ps1 -Task Demo` starts the emulator,
    runs this script and stops the emulator. Each step prints the command it runs, so it reads like a tutorial.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $BaseUrl,
    [Parameter(Mandatory)] [string] $ClientId,
    # The emulator's well-known demo secret (see docs/emulator.md); never a real one.
    [Parameter(Mandatory)] [string] $ClientSecretPlain,
    # Where the samples and the saved IOC packs go; a temporary folder by default (removed at the end).
    [string] $WorkPath,
    [int] $PollIntervalSec = 1,
    # The ThreatQ emulator (build.ps1 -Task Demo starts it); without it the ThreatQ steps are skipped.
    [string] $ThreatQUrl,
    [string] $ThreatQClientId,
    [string] $ThreatQEmail,
    # The ThreatQ emulator's well-known demo password (docs/threatq-emulator.md); never a real one.
    [string] $ThreatQPasswordPlain
)
$ErrorActionPreference = 'Stop'
# A log or a pipe gets plain text; a terminal keeps its colours.
if ([Console]::IsOutputRedirected -and $PSVersionTable.PSVersion.Major -ge 7) { $PSStyle.OutputRendering = 'PlainText' }
Import-Module $ModulePath

$script:StepNumber = 0
function Step([string] $Title, [string] $Command) {
    $script:StepNumber++
    Write-Host ''
    Write-Host "# $($script:StepNumber). $Title" -ForegroundColor Cyan
    Write-Host "PS> $Command" -ForegroundColor Yellow
}

$ownWorkPath = -not $WorkPath
if ($ownWorkPath) { $WorkPath = Join-Path ([IO.Path]::GetTempPath()) "falconx-demo-$PID" }
$samples = Join-Path $WorkPath 'samples'
$iocs = Join-Path $WorkPath 'iocs'
$null = New-Item -ItemType Directory -Force -Path $samples, $iocs

try {
    Step 'Connect. In real use: -Cloud EU1 (or US1, US2, USGOV1) and -Credential, or FALCON_CLIENT_ID/FALCON_CLIENT_SECRET.' `
        'Connect-FalconX -BaseUrl $BaseUrl -ClientId $ClientId -ClientSecret $secret'
    $secret = ConvertTo-SecureString $ClientSecretPlain -AsPlainText -Force
    Connect-FalconX -BaseUrl $BaseUrl -ClientId $ClientId -ClientSecret $secret -WarningAction SilentlyContinue | Format-List | Out-Host

    Step 'How much of the monthly submission quota is left?' 'Get-FalconXQuota'
    Get-FalconXQuota | Out-Host

    Step 'Three samples to detonate. The emulator picks the verdict from a marker in the bytes.' 'Get-ChildItem $samples'
    Set-Content -Path (Join-Path $samples 'invoice.exe') -Value "MZ demo dropper FALCONX-MALICIOUS $PID"
    Set-Content -Path (Join-Path $samples 'macro.docm') -Value "demo macro document FALCONX-SUSPICIOUS $PID"
    Set-Content -Path (Join-Path $samples 'readme.txt') -Value "just a harmless text file $PID"
    Get-ChildItem $samples | Format-Table Name, Length | Out-Host

    Step 'Submit them all and wait: one status request per interval for the whole batch, with a progress bar. (Tab after -EnvironmentId lists the environments.)' `
        'Get-ChildItem $samples | Submit-FalconXSample -EnvironmentId win10_x64 -Wait -PollIntervalSec 1'
    $reports = @(Get-ChildItem $samples | Submit-FalconXSample -EnvironmentId win10_x64 -Wait -PollIntervalSec $PollIntervalSec)
    $reports | Out-Host

    Step 'The malicious report in detail.' '$reports | Where-Object Verdict -eq malicious | Format-List'
    $reports | Where-Object Verdict -eq 'malicious' | Format-List | Out-Host

    Step 'Submitting the same file again spends no quota: the existing report is reused (-Force resubmits).' `
        'Submit-FalconXSample -LiteralPath $samples/invoice.exe'
    Submit-FalconXSample -LiteralPath (Join-Path $samples 'invoice.exe') -WarningAction Continue | Out-Host

    Step "ThreatQ entities with the guide's default mapping." '$reports | ConvertTo-ThreatQEntity'
    $reports | ConvertTo-ThreatQEntity | Out-Host

    Step 'Richer mappings on request: network indicators and MITRE ATT&CK attack patterns.' `
        '$reports | ConvertTo-ThreatQEntity -Include Network, MitreAttack | Group-Object ObjectType, Type'
    $reports | ConvertTo-ThreatQEntity -Include Network, MitreAttack | Group-Object ObjectType, Type -NoElement |
        Sort-Object Count -Descending | Format-Table Count, Name | Out-Host

    Step "The same as bodies for ThreatQ's bulk consume endpoint, ready for Invoke-RestMethod." '$reports | ConvertTo-ThreatQEntity -AsConsumePayload'
    $payload = @($reports | ConvertTo-ThreatQEntity -AsConsumePayload)
    $payload | Out-Host
    $body = $payload[0].Body
    Write-Host ("The first body starts: {0}..." -f $body.Substring(0, [Math]::Min(160, $body.Length)))

    Step 'Save the IOC packs of the malicious report.' '$reports | Where-Object Verdict -eq malicious | Save-FalconXArtifact -Path $iocs'
    $reports | Where-Object Verdict -eq 'malicious' | Save-FalconXArtifact -Path $iocs | Out-Host

    Step 'Find reports later by hash, as a SOC script would.' '(Get-FileHash $samples/invoice.exe) | Get-FalconXReport -Latest'
    Get-FileHash (Join-Path $samples 'invoice.exe') | Get-FalconXReport -Latest | Out-Host

    Step 'Errors are per item and carry stable ids: collect them and carry on (or use -ErrorAction Stop and try/catch).' `
        '$ids | Get-FalconXReport -ErrorAction SilentlyContinue -ErrorVariable problems'
    $unknown = ($reports[0].ReportId -split '_')[0] + '_' + ('0' * 32)
    $found = @($reports[0].ReportId, $unknown | Get-FalconXReport -ErrorAction SilentlyContinue -ErrorVariable problems)
    Write-Host ("{0} report found; {1} problem: {2}" -f $found.Count, $problems.Count, $problems[0].FullyQualifiedErrorId.Split(',')[0])

    if ($ThreatQUrl) {
        # Stand-in for analysts at work in ThreatQ: two SHA-256 indicators under review and one attachment tagged
        # 'detonate', added through the emulator's admin route.
        $seed = @{
            indicators  = @($reports | Select-Object -First 2 | ForEach-Object { @{ value = $_.Sha256; type = @{ name = 'SHA-256' }; status = @{ name = 'Review' } } })
            attachments = @(@{ name = 'dropper.js'; type = 'Malware Sample'; tags = @('detonate'); content = "WScript.Echo('demo dropper $PID');" })
        }
        Invoke-RestMethod -Method Post -Uri "$ThreatQUrl/_emulator/seed" -ContentType 'application/json' -Body ($seed | ConvertTo-Json -Depth 6) | Out-Null

        Step 'Connect to ThreatQ. In real use: https, and -Credential or THREATQ_* environment variables.' `
            'Connect-ThreatQ -Uri $ThreatQUrl -Credential $tq -ClientId $ThreatQClientId'
        $tq = [pscredential]::new($ThreatQEmail, (ConvertTo-SecureString $ThreatQPasswordPlain -AsPlainText -Force))
        Connect-ThreatQ -Uri $ThreatQUrl -Credential $tq -ClientId $ThreatQClientId -WarningAction SilentlyContinue | Out-Host

        Step "The guide's Get Reports action: reports of the SHA-256 indicators under review, related to each indicator." `
            'Get-ThreatQIndicator -Type SHA-256 -Status Review | Get-FalconXReport -Latest | ConvertTo-ThreatQEntity | Send-ThreatQEntity -PassThru'
        Get-ThreatQIndicator -Type SHA-256 -Status Review | Get-FalconXReport -Latest |
            ConvertTo-ThreatQEntity | Send-ThreatQEntity -PassThru | Format-Table Collection, ThreatQId, Type, Value -AutoSize | Out-Host

        Step "The guide's Submit File action: attachments tagged 'detonate' downloaded, detonated, results related to each." `
            'Get-ThreatQAttachment -Tag detonate | Submit-FalconXSample -Wait | ConvertTo-ThreatQEntity | Send-ThreatQEntity -PassThru'
        Get-ThreatQAttachment -Tag detonate | Submit-FalconXSample -Wait -PollIntervalSec $PollIntervalSec |
            ConvertTo-ThreatQEntity | Send-ThreatQEntity -PassThru | Format-Table Collection, ThreatQId, Type, Value, Link -AutoSize | Out-Host
        Disconnect-ThreatQ
    }

    Step 'Done: revoke the token.' 'Disconnect-FalconX'
    Disconnect-FalconX
} finally {
    if ($ownWorkPath) { Remove-Item $WorkPath -Recurse -Force -ErrorAction SilentlyContinue }
}
Write-Host "`nDemo finished." -ForegroundColor Green
