namespace FalconX.Client;

/// <summary>Why a local file cannot be sent as a sample.</summary>
public enum SampleFileProblem
{
    /// <summary>The file can be sent.</summary>
    None,

    /// <summary>No file or directory has that path.</summary>
    NotFound,

    /// <summary>The path is a directory.</summary>
    IsDirectory,

    /// <summary>The file has no content.</summary>
    Empty,

    /// <summary>The file is larger than the API's 256 MB limit.</summary>
    TooLarge,

    /// <summary>The file exists but cannot be opened for reading (permissions, locked by another program).</summary>
    Unreadable,
}
