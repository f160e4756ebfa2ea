using System;

namespace FalconX.Client;

/// <summary>What to download and where (see <see cref="FalconXClient.SaveArtifactAsync"/>).</summary>
public sealed class ArtifactSaveRequest
{
    /// <summary>The artifact id (64 hex) from a report.</summary>
    public string ArtifactId { get; set; } = string.Empty;

    /// <summary>What it is; decides the endpoint (memory dumps have their own) and the default file name.</summary>
    public FalconXArtifactKind Kind { get; set; }

    /// <summary>The report it belongs to, for the default file name; optional.</summary>
    public string? ReportId { get; set; }

    /// <summary>1-based number among artifacts of the same kind in the report (screenshots, memory dumps); 0 for none.</summary>
    public int Number { get; set; }

    /// <summary>The folder to save into; it must exist.</summary>
    public string Folder { get; set; } = string.Empty;

    /// <summary>A file name to use instead of the default (sanitised: it cannot leave <see cref="Folder"/>).</summary>
    public string? FileName { get; set; }

    /// <summary>
    /// The sample's part of the default file name (see <see cref="ArtifactFiles.SampleLabel"/>): set it so that the
    /// files of many reports in one folder say which sample they belong to. Ignored with <see cref="FileName"/>.
    /// </summary>
    public string? Sample { get; set; }

    /// <summary>Replace an existing file of the same name. Without it an existing file is an error and stays untouched.</summary>
    public bool Overwrite { get; set; }

    /// <summary>Told about bytes written as the download goes (from a background thread).</summary>
    public IProgress<ArtifactProgress>? Progress { get; set; }
}
