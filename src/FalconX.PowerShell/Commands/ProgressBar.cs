using System;
using System.Management.Automation;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// The one way FalconX cmdlets show progress: one bar per activity id (the ids are here, so two bars of one pipeline
/// never replace each other), written only on the cmdlet thread (<see cref="Post"/> queues from worker threads),
/// removed by <see cref="Complete"/> only when it was shown, and silent once the pipeline is stopping.
/// </summary>
internal sealed class ProgressBar
{
    /// <summary>Submit-FalconXSample -Wait.</summary>
    public const int SubmitWaitId = 1;

    /// <summary>Submit-FalconXSample's file uploads.</summary>
    public const int UploadId = 2;

    /// <summary>Get-FalconXReport fetching many reports.</summary>
    public const int ReportFetchId = 41;

    /// <summary>Get-FalconXReport -Wait.</summary>
    public const int ReportWaitId = 42;

    /// <summary>Save-FalconXArtifact.</summary>
    public const int ArtifactSaveId = 43;

    /// <summary>Submit-FalconXArchive -Wait.</summary>
    public const int ArchiveWaitId = 45;

    /// <summary>Send-ThreatQEntity.</summary>
    public const int ThreatQWriteId = 61;

    private readonly Cmdlet _cmdlet;
    private readonly Action<Action>? _postToCmdletThread;
    private readonly int _activityId;

    /// <summary>A bar for <paramref name="cmdlet"/>; <paramref name="postToCmdletThread"/> (the cmdlet's PostToCmdletThread) is needed for <see cref="Post"/>.</summary>
    public ProgressBar(Cmdlet cmdlet, int activityId, string activity, Action<Action>? postToCmdletThread = null)
    {
        _cmdlet = cmdlet ?? throw new ArgumentNullException(nameof(cmdlet));
        _activityId = activityId;
        Activity = activity;
        _postToCmdletThread = postToCmdletThread;
    }

    /// <summary>The bar's title.</summary>
    public string Activity { get; set; }

    /// <summary>True once the bar was shown and until it is completed.</summary>
    public bool IsShown { get; private set; }

    /// <summary>The share of <paramref name="done"/> in <paramref name="total"/>, 0 to 100.</summary>
    public static int Percent(long done, long total) => (int)Math.Max(0, Math.Min(100, done * 100 / Math.Max(1, total)));

    /// <summary>Shows or updates the bar. Call on the cmdlet thread.</summary>
    public void Show(string status, int percentComplete = -1, string? currentOperation = null, int secondsRemaining = -1)
    {
        var record = new ProgressRecord(_activityId, Activity, status)
        {
            PercentComplete = percentComplete,
            CurrentOperation = currentOperation,
            SecondsRemaining = secondsRemaining,
        };
        try
        {
            _cmdlet.WriteProgress(record);
            IsShown = true;
        }
        catch (PipelineStoppedException)
        {
            // Stopping: a late progress update has nowhere to go.
        }
    }

    /// <summary>Queues <see cref="Show"/> to the cmdlet thread; safe to call from any thread.</summary>
    public void Post(string status, int percentComplete = -1, string? currentOperation = null)
    {
        var post = _postToCmdletThread ?? throw new InvalidOperationException("This progress bar was made without the cmdlet's PostToCmdletThread.");
        post(() => Show(status, percentComplete, currentOperation));
    }

    /// <summary>Removes the bar if it was shown. Call on the cmdlet thread, typically in a finally block.</summary>
    public void Complete()
    {
        if (!IsShown)
        {
            return;
        }

        IsShown = false;
        try
        {
            _cmdlet.WriteProgress(new ProgressRecord(_activityId, Activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
        catch (Exception ex) when (ex is PipelineStoppedException or InvalidOperationException)
        {
            // Ctrl+C, or no longer on the pipeline thread (the command already ended): the host removes the bar itself.
        }
    }
}
