using System;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;

namespace FalconX.PowerShell.Commands;

/// <summary>Turns bytes-sent callbacks (worker thread) into at most four <see cref="ProgressBar"/> updates a second on the cmdlet thread.</summary>
internal sealed class UploadProgressBar
{
    private readonly ProgressBar _bar;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private string? _file;
    private long _length = 1;
    private long _lastShownAt = -1000;

    public UploadProgressBar(Cmdlet cmdlet, Action<Action> postToCmdletThread) =>
        _bar = new ProgressBar(cmdlet, ProgressBar.UploadId, "Uploading to Falcon X", postToCmdletThread);

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
        _bar.Post($"{Path.GetFileName(file)}: {ByteSizeText.Format(sent)} of {ByteSizeText.Format(_length)}", ProgressBar.Percent(sent, _length));
    }

    /// <summary>Completes the bar if it was shown (on the cmdlet thread).</summary>
    public void Complete() => _bar.Complete();
}
