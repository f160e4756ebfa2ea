@{
    Synopsis    = 'Turns Falcon X Sandbox reports into ThreatQ entities: the ThreatQ guide''s mapping, richer mappings on request, or ready-to-send bulk bodies.'
    Description = @'
ConvertTo-ThreatQEntity does the mapping half of ThreatQ's "CrowdStrike Falcon X Sandbox Operation". By default it applies that operation's mapping table exactly: one ThreatQ Report per Falcon X report, with the attributes "Falcon X Sandbox Report Summary Link" (the report's page in the Falcon console), "Origin", one "Tag" per sandbox classification tag, "Verdict" and "File Type"; a SHA-256 indicator for the detonated file when a file (not a URL) was submitted, related to the report; and the MalQuery SHA-256, SHA-1 and MD5 hashes as indicators related to the report and the sample, each keeping its MalQuery verdict as a "MalQuery Verdict" attribute. A "whitelisted" MalQuery verdict stays an attribute: it never changes the status of the sample or of any indicator.

Every entity carries the source (-SourceName, default "CrowdStrike Falcon X Sandbox"), a status (-IndicatorStatus, default Review), the report's created timestamp as its published date, and any ThreatQ tags given with -Tag. A report whose detonation failed gives only its Report, with "Error Type", "Error Message" and "Error Origin" attributes.

-Include adds mappings: Network (DNS domains as FQDN, DNS and contacted-host addresses as IP Address or IPv6 Address, HTTP requests as URL, related to the sample); ExtractedFiles (the SHA-256, SHA-1 and MD5 of dropped files, with "File Name" and "File Path", related to the sample as "Dropped By", filtered by -MinimumThreatLevel); MitreAttack (one Attack Pattern per ATT&CK technique id with malicious or suspicious evidence, valued "T1055 - Process Injection", with "Tactic" and "Technique" attributes); ReportDetails ("Threat Score", "Environment", "Submit Name", "Submit URL" and one "Sandbox Tags" per report tag on the Report); All.

Private and reserved addresses and the sandbox's own traffic never become indicators unless -IncludeNoise is given: IPv4 0.0.0.0/8, 10.0.0.0/8, 100.64.0.0/10, 127.0.0.0/8, 169.254.0.0/16, 172.16.0.0/12, 192.0.0.0/24, 192.0.2.0/24, 192.88.99.0/24, 192.168.0.0/16, 198.18.0.0/15, 198.51.100.0/24, 203.0.113.0/24, 224.0.0.0/4 and 240.0.0.0/4; IPv6 ::, ::1, 64:ff9b:1::/48, 100::/64, 2001::/23, 2001:db8::/32, 3fff::/20, 5f00::/16, fc00::/7, fe80::/10, fec0::/10 and ff00::/8 (IPv4-mapped and NAT64 addresses are judged by their IPv4 part); Windows connectivity, update, telemetry and time hosts, CRL and OCSP hosts, reverse-DNS (.arpa) and local names (.local, .localdomain, .lan, .home, .internal, ...); and public DNS resolvers contacted on port 53. about_FalconX_ThreatQMapping lists them all.

Input comes from the pipeline: FalconXReport objects from Get-FalconXReport, report JSON text (one report, a list of reports, or a whole API response, e.g. from Get-Content -Raw), .json files from Get-ChildItem, or objects from ConvertFrom-Json. Input that cannot be read gives one error per item (ids InvalidReportJson, NotAReport, ReportWithoutId, UnsupportedInput, ReportFileUnreadable) and the other items are still converted.

Several reports are merged: there is one entity per object type, indicator type and value (hashes and domains compared without case), with the attributes and relationships of all reports, in the order first seen. To merge, the cmdlet collects every report and writes the entities when the input ends (in EndProcessing); only the distinct entities are kept, not the reports, so memory grows with the number of distinct indicators. With -Stream it writes each report's entities as soon as the report arrives, merging within a report only, which keeps memory flat for unbounded input.

-AsConsumePayload writes request bodies for ThreatQ's bulk endpoint POST /api/{collection}/consume instead of entity objects: JSON arrays of at most 500 objects (-BatchSize) in ThreatQ's field names (value, type {name}, status {name}, published_at, sources [{name}], attributes [{name, value}], and relationships as lists keyed by the related collection). Reports come first, then indicators, then attack patterns, so that the objects they link to exist when ThreatQ reads them.
'@
    Parameters  = @{
        NoReportLink       = 'Leave out the guide''s optional report link attribute (Falcon X Sandbox Report Summary Link). On by default, as the guide.'
        NoMalQuery         = 'Leave out the guide''s optional MalQuery hashes as related indicators. On by default, as the guide.'
        InputObject        = 'The reports to convert: FalconXReport or FalconXReportSummary objects, JSON text holding a report, a list of reports or a whole GetReports response, FileInfo objects of .json files, or objects from ConvertFrom-Json (PSCustomObject or hashtable). Takes pipeline input.'
        Include            = 'Mappings to add to the default: Network, ExtractedFiles, MitreAttack, ReportDetails, or All. Several can be given, e.g. -Include Network, MitreAttack.'
        MinimumThreatLevel = 'With -Include ExtractedFiles: the lowest threat level an extracted file must have to become indicators. NoSpecificThreat (every file, also unrated ones), Suspicious (the default) or Malicious.'
        SourceName         = 'The ThreatQ source every entity carries. Default: CrowdStrike Falcon X Sandbox.'
        Tag                = 'ThreatQ tags to put on every entity, e.g. a case number or "falconx". None by default (the sandbox''s own tags are attributes: Tag and Sandbox Tags).'
        IndicatorStatus    = 'The ThreatQ status every entity carries, e.g. Review (the default) or Active. Verdicts never change it.'
        Cloud              = 'The CrowdStrike cloud whose Falcon console the report link points to: US-1, US-2, EU-1, US-GOV-1 or US-GOV-2. Without it, a report from Get-FalconXReport keeps the link of the cloud it came from and a report read from JSON links to US-1 (falcon.crowdstrike.com), as in the ThreatQ guide.'
        IncludeNoise       = 'Also turn private and reserved addresses, local and reverse-DNS names, and the sandbox''s own traffic (Windows connectivity, update and time checks, certificate revocation, DNS resolvers) into indicators. Off by default.'
        Stream             = 'Write each report''s entities (or, with -AsConsumePayload, each full body) as soon as they are ready instead of merging all reports at the end. Duplicates across reports are then not merged; memory stays flat.'
        AsConsumePayload   = 'Write ThreatQ bulk-consume request bodies (ThreatQConsumePayload objects with Collection, Path, Count and Body) instead of entity objects.'
        BatchSize          = 'With -AsConsumePayload: the most objects in one body, 1 to 500. Default 500, the batch ThreatQ''s own SDK sends.'
    }
    Examples    = @(
        @{
            Title   = 'Convert a saved report the way the ThreatQ operation does'
            Code    = @'
Get-Content ./report.json -Raw | ConvertTo-ThreatQEntity
'@
            Remarks = 'report.json holds a report, a list of reports or a whole GetReports response. The output is the Report with its console link, Origin, Tag, Verdict and File Type, the sample''s SHA-256 and the MalQuery hashes, each from source "CrowdStrike Falcon X Sandbox" with status Review.'
        }
        @{
            Title   = 'Add network indicators and ATT&CK techniques'
            Code    = @'
Get-ChildItem ./reports -Filter *.json |
    ConvertTo-ThreatQEntity -Include Network, MitreAttack -Cloud EU-1 |
    Where-Object ObjectType -eq 'Indicator' |
    Sort-Object Type | Format-Table Type, Value, Status
'@
            Remarks = 'Every saved report in the folder is converted and merged: an address seen in ten reports is one indicator related to ten reports. Private addresses and Windows update traffic are left out. Report links point to the EU-1 console.'
        }
        @{
            Title   = 'Send the result to ThreatQ in bulk'
            Code    = @'
$headers = @{ Authorization = "Bearer $tqToken" }
$reports | ConvertTo-ThreatQEntity -AsConsumePayload | ForEach-Object {
    $uri = "https://threatq.example.com$($_.Path)"
    Invoke-RestMethod $uri -Method Post -Headers $headers `
        -Body $_.Body -ContentType 'application/json'
}
'@
            Remarks = 'Each body holds at most 500 objects of one collection; reports are sent before the indicators and attack patterns that link to them. $tqToken is a ThreatQ access token obtained separately.'
        }
        @{
            Title   = 'Convert a very large export without holding it in memory'
            Code    = @'
Get-ChildItem ./archive -Filter *.json |
    ConvertTo-ThreatQEntity -Stream |
    Export-Csv ./threatq-entities.csv -NoTypeInformation
'@
            Remarks = 'With -Stream each file''s entities are written as soon as it is read; duplicates across files are not merged.'
        }
        @{
            Title   = 'Convert the output of ConvertFrom-Json from another tool'
            Code    = @'
$saved = Get-Content ./falconpy-report.json -Raw | ConvertFrom-Json
$saved.resources | ConvertTo-ThreatQEntity -Include ReportDetails
'@
            Remarks = 'Objects from ConvertFrom-Json are read field by field; timestamps turned into dates by ConvertFrom-Json are read back as the API wrote them.'
        }
    )
    Inputs      = @{
        'FalconX.Models.FalconXReport'     = 'Reports from Get-FalconXReport.'
        'System.String'                    = 'Report JSON: one report, a list of reports, or a whole API response.'
        'System.IO.FileInfo'               = 'Saved report JSON files.'
        'System.Management.Automation.PSObject' = 'Objects from ConvertFrom-Json, or hashtables.'
    }
    Outputs     = @{
        'FalconX.ThreatQ.ThreatQEntity'         = 'By default: ObjectType (Report, Indicator, AttackPattern), Collection, Type, Value, Status, Attributes (Name, Value), Sources, Tags, Relationships and PublishedAt.'
        'FalconX.ThreatQ.ThreatQConsumePayload' = 'With -AsConsumePayload: Collection, Path (/api/{collection}/consume), Count and Body (the JSON).'
    }
    Notes       = @'
Without -Stream nothing is written until the input ends, because entities from later reports may merge into earlier ones.

The default mapping matches the ThreatQ "CrowdStrike Falcon X Sandbox Operation" guide v1.1.1. about_FalconX_ThreatQMapping has the full mapping table, the excluded ranges and the consume body shape.
'@
    Links       = @('about_FalconX_ThreatQMapping', 'about_FalconX', 'Get-FalconXReport')
}
