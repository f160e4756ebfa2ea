@{
    Synopsis    = 'Saves Falcon X report artifacts (IOC packs, PCAP, screenshots, memory strings, memory dumps) into a folder.'
    Description = @'
Save-FalconXArtifact downloads the files a sandbox report links to: the IOC packs (strict or broad, each as CSV, JSON, STIX and MAEC), the network capture (PCAP), screenshots, the strings found in memory, and memory dumps (binary, hex dump and extracted strings of each dumped region).

Pipe reports or summaries from Get-FalconXReport (also after Import-Clixml, ConvertFrom-Json or a background job) and choose what to save with -Kind (kinds or the groups Ioc, IocStrict, IocBroad and All; default Ioc, the eight IOC packs), or pipe entries of a report's Artifacts list, or give -ArtifactId.

Each file is streamed to a temporary file in the target folder and renamed only once complete, so an error or Ctrl+C never leaves a partial file. gzip is handled: the transfer is decompressed on the fly, and a gzip payload of a text or structured artifact is unpacked. Memory dumps come gzip-compressed from the API whatever Content-Type it names: FalconX recognises gzip by its first bytes and unpacks the dump while saving, so the .bin file holds the dumped memory itself (never a .gz). Files are named after the sample, the report and the kind (<sample>_<reportId>_ioc-strict.csv, <sample>_<reportId>_screenshot-2.png), where <sample> is the submit name or the start of the SHA-256; entries of a report's Artifacts list are named <reportId>_<kind>, and an artifact known only by id takes the name the API gives, made safe. No name, from the API or from -Name, can leave the folder. An existing file is never replaced without -Force: when it holds the very same content (a re-run into the same folder) it is skipped quietly (AlreadyPresent is True on the output, -Verbose counts the skipped files); when it differs it gives a FalconXArtifactFileExists error and is left as it is. The folder is created when missing. A progress bar shows the files and bytes saved. -WhatIf lists the files that would be written.
'@
    Parameters  = @{
        Report     = 'Reports or summaries whose artifacts to save, from Get-FalconXReport (by value from the pipeline). Reports that were saved and read back (Import-Clixml, ConvertFrom-Json) or came out of a background job are taken too. A summary names its eight IOC packs only.'
        ArtifactId = 'The id (64 hex) of one artifact, e.g. a report''s PcapArtifactId or an entry of its Artifacts list. Binds from the pipeline by property name.'
        Kind       = 'With reports: the kinds or groups to save (Ioc, IocStrict, IocBroad, All, IocStrictCsv … IocBroadMaec, Pcap, Screenshot, MemoryStrings, MemoryDumps, MemoryDump, MemoryDumpHexDump, MemoryDumpStrings); default Ioc. Tab completion shows each with the file it writes. With -ArtifactId: the kind of that artifact, which picks the memory-dump endpoints and the file name. Binds from the pipeline by property name.'
        ReportId   = 'With -ArtifactId: the report the artifact belongs to, used in the file name. Binds from the pipeline by property name.'
        Number     = 'With -ArtifactId: the artifact''s number among the report''s screenshots or memory dumps, used in the file name. Binds from the pipeline by property name.'
        Name       = 'With -ArtifactId: the file name to use instead of the default. Folders in it are dropped; characters no file system accepts are replaced.'
        Path       = 'The folder to save into. It is created when missing.'
        Force      = 'Replace files that already exist. Without it an identical file is skipped quietly and a different one gives a FalconXArtifactFileExists error and is left untouched.'
        Connection = 'The connection to use. Default: the runspace''s default connection from Connect-FalconX.'
        WhatIf     = 'Shows the files that would be written, without downloading anything.'
        Confirm    = 'Asks before each file.'
    }
    Examples    = @(
        @{
            Title   = 'IOC packs of reports stored earlier'
            Code    = @'
Import-Clixml .\reports.xml | Save-FalconXArtifact -Path .\iocs
Get-Content .\reports-20260101T000000Z.json -Raw | ConvertFrom-Json |
    Save-FalconXArtifact -Path .\iocs
'@
            Remarks = 'Reports and summaries kept with Export-Clixml or ConvertTo-Json (as the scheduled-scan example writes them) carry the artifact ids; nothing else is fetched.'
        }
        @{
            Title   = 'IOC packs of the malicious reports'
            Code    = @'
Get-FalconXReport -Filter "verdict:'malicious'" -Limit 20 |
    Save-FalconXArtifact -Path .\iocs
'@
            Remarks = 'Writes the eight IOC packs of each report into .\iocs and outputs one object per file (Name, Kind, Length, Path).'
        }
        @{
            Title   = 'PCAP and screenshots of one report'
            Code    = '$report | Save-FalconXArtifact -Path .\evidence -Kind Pcap, Screenshot'
            Remarks = 'Screenshots are numbered: <reportId>_screenshot-1.png, -2 and so on.'
        }
        @{
            Title   = 'Memory dumps picked from the Artifacts list'
            Code    = @'
$report.Artifacts | Where-Object Kind -eq 'MemoryDump' |
    Save-FalconXArtifact -Path .\dumps -Force
'@
            Remarks = 'Each entry binds by ArtifactId, Kind, ReportId and Number; -Force replaces earlier downloads.'
        }
        @{
            Title   = 'See what would be written'
            Code    = '$reports | Save-FalconXArtifact -Path .\iocs -Kind All -WhatIf'
            Remarks = 'Lists each target file without downloading.'
        }
    )
    Inputs      = @{
        'FalconX.Models.FalconXReport'  = 'Reports from Get-FalconXReport.'
        'FalconX.Models.ReportArtifact' = 'Entries of a report''s Artifacts list, by ArtifactId, Kind, ReportId and Number.'
    }
    Outputs     = @{ 'FalconX.Client.SavedArtifact' = 'One per file written: Name, Kind, Length, ReportId, ArtifactId, Path, ContentType, Decompressed.' }
    Notes       = 'Up to 4 files download at a time. Temporary files are named .<name>.<random>.partial and removed on failure.'
    Links       = @('Get-FalconXReport', 'about_FalconX')
}
