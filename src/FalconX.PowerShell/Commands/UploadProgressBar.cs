using System;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using FalconX.Client;

namespace FalconX.PowerShell.Commands;

/// <summary>Turns bytes-sent callbacks (worker thread) into at most four progress updates a second on the cmdlet thread.</summary>
internal sealed class UploadProgressBar
{
    private const string Activity = "Uploading to Falcon X";
    private readonly Cmdlet _cmdlet;
    private readonly Action<Action> _postToCmdletThread;
    private readonly int _activityId;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private string? _file;
    private long _length = 1;
    private long _lastShownAt = -1000;
    private bool _shown;

    public UploadProgressBar(Cmdlet cmdlet, Action<Action> postToCmdletThread, int activityId)
    {
        _cmdlet = cmdlet;
        _postToCmdletThread = postToCmdletThread;
        _activityId = activityId;
    }

    /// <summary>Bytes of <paramref name="file"/> sent so far (called on a worker thread).</summary>
    public void Report(string file, long sent)
    {
        if (!string.Equals(file, _file, StringComparison.Ordinal))
        {
            _file = file;
            _length = Math.Max(1, new FileInfo(file).Length);
            _lastShownAt = -1000;
        }

        var now = _clock.ElapsedMilliseconds;
        if (sent < _length && now - _lastShownAt < 250)
        {
            return;
        }

        _lastShownAt = now;
        var percent = (int)Math.Min(100, sent * 100 / _length);
        var status = $"{Path.GetFileName(file)}: {ByteSizeText.Format(sent)} of {ByteSizeText.Format(_length)}";
        _postToCmdletThread(() =>
        {
            _shown = true;
            _cmdlet.WriteProgress(new ProgressRecord(_activityId, Activity, status) { PercentComplete = percent });
        });
    }

    /// <summary>Completes the bar if it was shown (on the cmdlet thread).</summary>
    public void Complete()
    {
        if (!_shown)
        {
            return;
        }

        _shown = false;
        try
        {
            _cmdlet.WriteProgress(new ProgressRecord(_activityId, Activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
        catch (PipelineStoppedException)
        {
            // Ctrl+C during the upload: the host clears the bar itself.
        }
    }
}
