namespace FalconX.Client;

/// <summary>The outcome of checking a local file before an upload.</summary>
public sealed class SampleFileCheck
{
    internal SampleFileCheck(string path, SampleFileProblem problem, long length, string? message)
    {
        Path = path;
        Problem = problem;
        Length = length;
        Message = message;
    }

    /// <summary>The full path that was checked.</summary>
    public string Path { get; }

    /// <summary><see cref="SampleFileProblem.None"/> when the file can be sent.</summary>
    public SampleFileProblem Problem { get; }

    /// <summary>The size in bytes (0 when unknown).</summary>
    public long Length { get; }

    /// <summary>What is wrong and what to do, or null when nothing is.</summary>
    public string? Message { get; }

    /// <summary>True when the file can be sent.</summary>
    public bool IsValid => Problem == SampleFileProblem.None;
}
