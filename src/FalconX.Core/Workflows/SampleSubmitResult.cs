namespace FalconX.Workflows;

/// <summary>What became of one sample given to <see cref="SampleSubmitter"/>.</summary>
public enum SampleSubmitResult
{
    /// <summary>A new submission was made (quota spent).</summary>
    Submitted,

    /// <summary>The same sample and environment was already submitted by this submitter; its submission is returned again.</summary>
    ReusedFromPipeline,

    /// <summary>A finished report of the same sample and environment exists; it is returned instead of spending quota.</summary>
    ReusedReport,

    /// <summary>A detonation of the same sample and environment is still running; it is adopted instead of spending quota.</summary>
    AdoptedRunning,

    /// <summary>Refused before anything was sent, or because the file changed during the upload (see <see cref="SampleSubmitOutcome.Refusal"/>).</summary>
    Refused,

    /// <summary>The submission quota is used up (see <see cref="SampleSubmitOutcome.Error"/>); later samples fail at once.</summary>
    QuotaExhausted,

    /// <summary>The API refused or failed (see <see cref="SampleSubmitOutcome.Error"/>).</summary>
    Failed,
}
