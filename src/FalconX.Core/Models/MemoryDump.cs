namespace FalconX.Models;

/// <summary>A memory region the sandbox dumped (<c>sandbox[].memory_dumps[]</c>); its ids download the dump.</summary>
public sealed class MemoryDump : FalconXApiObject
{
    /// <summary>Artifact id of the binary dump (GetMemoryDump).</summary>
    public string? BinaryContentId { get; internal set; }

    /// <summary>Artifact id of the hex dump (GetMemoryDumpHexDump).</summary>
    public string? HexDumpId { get; internal set; }

    /// <summary>Artifact id of the strings found in the dump (GetMemoryDumpExtractedStrings).</summary>
    public string? ExtractedStringsId { get; internal set; }

    /// <summary>File name the sandbox gave the dump.</summary>
    public string? Filename { get; internal set; }

    /// <summary>Base address of the region.</summary>
    public string? Address { get; internal set; }

    /// <summary>Verdict on the region's content.</summary>
    public string? Verdict { get; internal set; }

    /// <summary>The process the region belongs to.</summary>
    public string? FileProcess { get; internal set; }

    /// <summary>Pid of that process.</summary>
    public int? FileProcessPid { get; internal set; }

    /// <summary>SHA-256 of that process's image.</summary>
    public string? FileProcessSha256 { get; internal set; }

    /// <inheritdoc />
    public override string ToString() => Filename ?? BinaryContentId ?? string.Empty;

    /// <summary>How the API's JSON (and this object written out) reads into it.</summary>
    internal static readonly FieldTable<MemoryDump> Fields = new FieldTable<MemoryDump>(() => new MemoryDump())
        .Text("binary_content_id", nameof(BinaryContentId), (o, v) => o.BinaryContentId = v)
        .Text("hex_dump_id", nameof(HexDumpId), (o, v) => o.HexDumpId = v)
        .Text("extracted_strings_id", nameof(ExtractedStringsId), (o, v) => o.ExtractedStringsId = v)
        .Text("filename", nameof(Filename), (o, v) => o.Filename = v)
        .Text("address", nameof(Address), (o, v) => o.Address = v)
        .Text("verdict", nameof(Verdict), (o, v) => o.Verdict = v)
        .Text("file_process", nameof(FileProcess), (o, v) => o.FileProcess = v)
        .Int("file_process_pid", nameof(FileProcessPid), (o, v) => o.FileProcessPid = v)
        .Text("file_process_sha256", nameof(FileProcessSha256), (o, v) => o.FileProcessSha256 = v);
}
