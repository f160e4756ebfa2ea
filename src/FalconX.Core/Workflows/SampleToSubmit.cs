using FalconX.ThreatQ.Api;

namespace FalconX.Workflows;

/// <summary>One thing to submit: a local file, a URL or the SHA-256 of an uploaded sample, and how to name it in messages.</summary>
public sealed class SampleToSubmit
{
    private SampleToSubmit(string display, string? file, string? url, string? sha256, string? submitName, ThreatQObjectRef? source)
    {
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
    public string? Url { get; }

    /// <summary>The SHA-256 of a sample already uploaded, or null.</summary>
    public string? Sha256 { get; }

    /// <summary>The submit name used when the caller gives none (a ThreatQ attachment's name), or null.</summary>
    public string? SubmitName { get; }

    /// <summary>The ThreatQ object the sample came from, or null.</summary>
    public ThreatQObjectRef? Source { get; }

    /// <summary>A local file; <paramref name="display"/> names it in messages (default: the path).</summary>
    public static SampleToSubmit FromFile(string path, string? display = null, string? submitName = null, ThreatQObjectRef? source = null) =>
        new(display ?? path, path, null, null, submitName, source);

    /// <summary>A URL, named in messages as given and submitted trimmed.</summary>
    public static SampleToSubmit FromUrl(string url) => new(url, null, url.Trim(), null, null, null);

    /// <summary>The SHA-256 of an uploaded sample, named in messages as given and submitted trimmed.</summary>
    public static SampleToSubmit FromSha256(string sha256) => new(sha256, null, null, sha256.Trim(), null, null);
}
