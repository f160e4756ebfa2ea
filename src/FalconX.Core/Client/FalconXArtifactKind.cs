namespace FalconX.Client;

/// <summary>The kinds of file a sandbox report links to; the names match <see cref="Models.ReportArtifact.Kind"/>.</summary>
public enum FalconXArtifactKind
{
    /// <summary>Not known (an artifact id given on its own): downloaded from the artifact endpoint, named by the API's answer.</summary>
    Unknown,

    /// <summary>Strict IOC pack (only what the sample itself proves) as CSV.</summary>
    IocStrictCsv,

    /// <summary>Strict IOC pack as JSON.</summary>
    IocStrictJson,

    /// <summary>Strict IOC pack as STIX.</summary>
    IocStrictStix,

    /// <summary>Strict IOC pack as MAEC.</summary>
    IocStrictMaec,

    /// <summary>Broad IOC pack (everything observed) as CSV.</summary>
    IocBroadCsv,

    /// <summary>Broad IOC pack as JSON.</summary>
    IocBroadJson,

    /// <summary>Broad IOC pack as STIX.</summary>
    IocBroadStix,

    /// <summary>Broad IOC pack as MAEC.</summary>
    IocBroadMaec,

    /// <summary>The network capture of the detonation.</summary>
    Pcap,

    /// <summary>A screenshot taken during the detonation.</summary>
    Screenshot,

    /// <summary>Strings found in memory.</summary>
    MemoryStrings,

    /// <summary>The archive of all memory dumps, when the report has one.</summary>
    MemoryDumps,

    /// <summary>One dumped memory region, as binary (<c>/falconx/entities/memory-dump/v1</c>).</summary>
    MemoryDump,

    /// <summary>One dumped memory region as a hex dump.</summary>
    MemoryDumpHexDump,

    /// <summary>The strings extracted from one dumped memory region.</summary>
    MemoryDumpStrings,
}
