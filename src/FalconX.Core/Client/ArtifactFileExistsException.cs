using System.IO;

namespace FalconX.Client;

/// <summary>The target file exists and overwriting was not asked for; nothing was written.</summary>
public sealed class ArtifactFileExistsException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public ArtifactFileExistsException(string path)
        : base($"The file '{path}' already exists and was left as it is.")
    {
        Path = path;
    }

    /// <summary>Creates the exception for <paramref name="path"/> with a message of its own.</summary>
    public ArtifactFileExistsException(string path, string message)
        : base(message)
    {
        Path = path;
    }

    /// <summary>The existing file.</summary>
    public string Path { get; }
}
