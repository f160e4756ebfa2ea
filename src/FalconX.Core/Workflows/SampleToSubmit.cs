using System;
using System.Diagnostics.CodeAnalysis;
using FalconX.Client;
using FalconX.ThreatQ.Api;

namespace FalconX.Workflows;

/// <summary>
/// One thing to submit: a local file, a URL, the SHA-256 of an uploaded sample or a file extracted from an archive, and
/// how to name it in messages.
/// </summary>
public sealed class SampleToSubmit
{
    private SampleToSubmit(string display, string? file, string? url, string? sha256, string? submitName, ThreatQObjectRef? source, FalconXArchiveFile? archiveFile = null)
    {
        ArchiveFile = archiveFile;
        Display = display;
        File = file;
        Url = url;
        Sha256 = sha256;
        SubmitName = submitName;
        Source = source;
    }

    /// <summary>How messages name it: the path, URL or hash as given, or a ThreatQ attachment's name.</summary>
    public string Display { get; }

    /// <summary>The local file to upload, or null.</summary>
    public string? File { get; }

    /// <summary>The URL to detonate, or null.</summary>
    [SuppressMessage("Design", "CA1056:URI-like properties should not be strings", Justification = "The URL as the user gave it (-Url or the pipeline), trimmed and sent as typed; messages name it as given.")]
    public string? Url { get; }

    /// <summary>The SHA-256 of a sample already uploaded, or null.</summary>
    public string? Sha256 { get; }

    /// <summary>The submit name used when the caller gives none (a ThreatQ attachment's name), or null.</summary>
    public string? SubmitName { get; }

    /// <summary>The ThreatQ object the sample came from, or null.</summary>
    public ThreatQObjectRef? Source { get; }

    /// <summary>
    /// The archive file it is, or null. An archive's files are always submitted, tagged <c>archive:&lt;archive sha256&gt;</c>,
    /// never answered with an earlier report: see <see cref="ReusesEarlier"/>.
    /// </summary>
    public FalconXArchiveFile? ArchiveFile { get; }

    /// <summary>
    /// Whether an earlier report, running detonation or submission of the same sample and environment may stand in for
    /// a new submission. False for a file of an archive: its submission and report must carry the archive's tag, so that
    /// <c>user_tags:'archive:&lt;sha256&gt;'</c> finds every file of that archive, and an earlier one does not.
    /// </summary>
    public bool ReusesEarlier => ArchiveFile is null;

    /// <summary>What an error about it names as its target: the archive file, else <see cref="Display"/>.</summary>
    public object Target => (object?)ArchiveFile ?? Display;

    /// <summary>A local file; <paramref name="display"/> names it in messages (default: the path).</summary>
    public static SampleToSubmit FromFile(string path, string? display = null, string? submitName = null, ThreatQObjectRef? source = null) =>
        new(display ?? path, path, null, null, submitName, source);

    /// <summary>A URL, named in messages as given and submitted trimmed.</summary>
    [SuppressMessage("Design", "CA1054:URI-like parameters should not be strings", Justification = "Takes the text the user gave, which FalconXSubmitParameters.FindProblems checks and explains when it is no URL.")]
    public static SampleToSubmit FromUrl(string url) =>
        new(url, null, (url ?? throw new ArgumentNullException(nameof(url))).Trim(), null, null, null);

    /// <summary>The SHA-256 of an uploaded sample, named in messages as given and submitted trimmed.</summary>
    public static SampleToSubmit FromSha256(string sha256) =>
        new(sha256, null, null, (sha256 ?? throw new ArgumentNullException(nameof(sha256))).Trim(), null, null);

    /// <summary>An extracted file of an archive (it has a SHA-256), submitted under its name without the archive's folders.</summary>
    /// <exception cref="System.ArgumentException">The file was not extracted.</exception>
    public static SampleToSubmit FromArchiveFile(FalconXArchiveFile file)
    {
        if (file?.Sha256 is not string sha256)
        {
            throw new System.ArgumentException("The file was not extracted, so it cannot be submitted.", nameof(file));
        }

        var submitName = System.IO.Path.GetFileName(file.Name.Replace('\\', '/'));
        return new($"{file.Name} (in {file.ArchiveName})", null, null, sha256, submitName, null, file);
    }
}
