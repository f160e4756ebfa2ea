namespace FalconX.Client;

/// <summary>Whether the API holds a sample (see <see cref="FalconXClient.FindUploadedSamplesAsync"/>).</summary>
public sealed class FalconXSampleInfo
{
    internal FalconXSampleInfo(string sha256, bool uploaded)
    {
        Sha256 = sha256;
        Uploaded = uploaded;
    }

    /// <summary>The SHA-256 asked about (lower case).</summary>
    public string Sha256 { get; }

    /// <summary>True when the tenant holds the sample: it can be submitted by hash, downloaded or deleted.</summary>
    public bool Uploaded { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Sha256} {(Uploaded ? "uploaded" : "not uploaded")}";
}
