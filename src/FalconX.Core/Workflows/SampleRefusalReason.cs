namespace FalconX.Workflows;

/// <summary>Why a sample was refused before anything was sent; a cmdlet maps it to its error category.</summary>
public enum SampleRefusalReason
{
    /// <summary>The file does not exist.</summary>
    NotFound,

    /// <summary>The input is not usable as given (a directory, a bad URL, a bad hash).</summary>
    InvalidArgument,

    /// <summary>The content cannot be submitted (an empty file, a file that changed during the upload).</summary>
    InvalidData,

    /// <summary>The file is larger than the sandbox accepts.</summary>
    LimitsExceeded,

    /// <summary>The file could not be read.</summary>
    ReadError,
}
