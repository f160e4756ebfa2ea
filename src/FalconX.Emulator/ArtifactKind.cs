namespace FalconX.Emulator;

/// <summary>The kinds of downloadable artifact a report names.</summary>
internal enum ArtifactKind
{
    IocStrictCsv,
    IocBroadCsv,
    IocStrictJson,
    IocBroadJson,
    IocStrictStix,
    IocBroadStix,
    IocStrictMaec,
    IocBroadMaec,
    Pcap,
    Screenshot,
    MemoryStrings,
    MemoryDumpBinary,
    MemoryDumpHex,
    MemoryDumpStrings,
}
