namespace FalconX.Client;

/// <summary>A sample saved to disk by <see cref="FalconXClient.SaveSampleAsync"/>.</summary>
public sealed class FalconXSavedSample
{
    internal FalconXSavedSample(string sha256, string path, long length, bool passwordProtected)
    {
        Sha256 = sha256;
        Path = path;
        Length = length;
        PasswordProtected = passwordProtected;
    }

    /// <summary>The sample's SHA-256 (lower case).</summary>
    public string Sha256 { get; }

    /// <summary>The full path of the file written.</summary>
    public string Path { get; }

    /// <summary>The file name.</summary>
    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>Bytes written.</summary>
    public long Length { get; }

    /// <summary>True for a zip the API protected with the password <c>infected</c>; false for the raw bytes (<c>.bin</c>).</summary>
    public bool PasswordProtected { get; }

    /// <inheritdoc />
    public override string ToString() => Path;
}
