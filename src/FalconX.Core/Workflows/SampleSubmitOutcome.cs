using FalconX.Client;
using FalconX.Models;

namespace FalconX.Workflows;

/// <summary>The outcome of one sample: the submission (new, reused or adopted), or why there is none.</summary>
public sealed class SampleSubmitOutcome
{
    internal SampleSubmitOutcome(SampleToSubmit sample, SampleSubmitResult result, FalconXSubmission? submission = null, SampleRefusal? refusal = null, FalconXApiException? error = null)
    {
        Sample = sample;
        Result = result;
        Submission = submission;
        Refusal = refusal;
        Error = error;
    }

    /// <summary>The sample it is about.</summary>
    public SampleToSubmit Sample { get; }

    /// <summary>What happened.</summary>
    public SampleSubmitResult Result { get; }

    /// <summary>The submission to output or wait for; null when refused or failed.</summary>
    public FalconXSubmission? Submission { get; }

    /// <summary>Why it was refused, when <see cref="Result"/> is <see cref="SampleSubmitResult.Refused"/>.</summary>
    public SampleRefusal? Refusal { get; }

    /// <summary>The API's error, when the quota is exhausted or the API failed.</summary>
    public FalconXApiException? Error { get; }

    /// <summary>After a new submission: the quota it reported, in words (for a verbose line), or null.</summary>
    public string? QuotaSummary { get; internal set; }

    /// <summary>The first time the quota runs low: a warning to show once, or null.</summary>
    public string? LowQuotaWarning { get; internal set; }
}
