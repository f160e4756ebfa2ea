namespace FalconX.Models;

/// <summary>A sample stored by the API: what an upload returns.</summary>
public sealed class FalconXUploadedSample
{
    internal FalconXUploadedSample(string sha256, string fileName, long length, string? localFile)
    {
        Sha256 = sha256;
        FileName = fileName;
        Length = length;
        LocalFile = localFile;
    }

    /// <summary>The SHA-256 the sample is stored under (lower case), checked against the one computed while sending.</summary>
    public string Sha256 { get; }

    /// <summary>The file name the API recorded.</summary>
    public string FileName { get; }

    /// <summary>Bytes sent.</summary>
    public long Length { get; }

    /// <summary>The local file that was sent, when it came from a file.</summary>
    public string? LocalFile { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Sha256} {FileName}";
}
