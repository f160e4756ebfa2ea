namespace FalconX.Workflows;

/// <summary>A sample refused before (or instead of) being sent: a stable error id, what to do, and why.</summary>
public sealed class SampleRefusal
{
    /// <summary>Error id: the file does not exist.</summary>
    public const string NotFoundErrorId = "FalconXSampleNotFound";

    /// <summary>Error id: the path is a directory.</summary>
    public const string IsDirectoryErrorId = "FalconXSampleIsDirectory";

    /// <summary>Error id: the file is empty.</summary>
    public const string EmptyErrorId = "FalconXSampleEmpty";

    /// <summary>Error id: the file is over the sandbox's size limit.</summary>
    public const string TooLargeErrorId = "FalconXSampleTooLarge";

    /// <summary>Error id: the file could not be read.</summary>
    public const string UnreadableErrorId = "FalconXSampleUnreadable";

    /// <summary>Error id: the file changed between the check and the upload (deleted, emptied, grown past the limit).</summary>
    public const string UnusableErrorId = "FalconXSampleUnusable";

    /// <summary>Error id: the URL cannot be submitted.</summary>
    public const string InvalidUrlErrorId = "FalconXInvalidUrl";

    /// <summary>Error id: the hash is not a SHA-256.</summary>
    public const string InvalidSha256ErrorId = "FalconXInvalidSha256";

    /// <summary>Creates a refusal.</summary>
    public SampleRefusal(string errorId, string message, SampleRefusalReason reason)
    {
        ErrorId = errorId;
        Message = message;
        Reason = reason;
    }

    /// <summary>The stable error id.</summary>
    public string ErrorId { get; }

    /// <summary>What is wrong and that nothing was sent for it.</summary>
    public string Message { get; }

    /// <summary>The kind of problem.</summary>
    public SampleRefusalReason Reason { get; }
}
