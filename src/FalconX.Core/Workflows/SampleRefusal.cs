namespace FalconX.Workflows;

/// <summary>A sample refused before (or instead of) being sent: a stable error id, what to do, and why.</summary>
public sealed class SampleRefusal
{
    /// <summary>Creates a refusal.</summary>
    public SampleRefusal(string errorId, string message, SampleRefusalReason reason)
    {
        ErrorId = errorId;
        Message = message;
        Reason = reason;
    }

    /// <summary>The stable error id (one of <see cref="ErrorIds"/>).</summary>
    public string ErrorId { get; }

    /// <summary>What is wrong and that nothing was sent for it.</summary>
    public string Message { get; }

    /// <summary>The kind of problem.</summary>
    public SampleRefusalReason Reason { get; }
}
