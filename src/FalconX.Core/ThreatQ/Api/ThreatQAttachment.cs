using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace FalconX.ThreatQ.Api;

/// <summary>A ThreatQ attachment (file) as read from the API.</summary>
public sealed class ThreatQAttachment
{
    /// <summary>The ThreatQ id.</summary>
    public long ThreatQId { get; init; }

    /// <summary>The file name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The title, when set.</summary>
    public string? Title { get; init; }

    /// <summary>The attachment type, e.g. <c>Malware Sample</c>.</summary>
    public string? Type { get; init; }

    /// <summary>The size in bytes, when ThreatQ gives it.</summary>
    public long? FileSize { get; init; }

    /// <summary>The MD5 ThreatQ keeps (its <c>hash</c> field).</summary>
    public string? Md5 { get; init; }

    /// <summary>Tag names.</summary>
    public IReadOnlyList<string> Tags { get; init; } = Array.Empty<string>();

    /// <summary>When ThreatQ created it.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The web UI link (inferred pattern <c>{host}/attachments/{id}/details</c>).</summary>
    public string? Link { get; init; }

    /// <summary>This attachment as the source of Falcon X results (binds to -ThreatQSource by property name).</summary>
    public ThreatQObjectRef ThreatQSource => new(ThreatQCollections.Attachments, ThreatQId, Type, Name);

    /// <summary>The connection it was read with (Submit-FalconXSample downloads through it).</summary>
    internal ThreatQClient? Client { get; init; }

    /// <summary>
    /// The connection this attachment was read with, so that a download goes back to the same ThreatQ. A method rather
    /// than a property so that views, Format-List * and serialisation never walk into the client.
    /// </summary>
    [SuppressMessage("Design", "CA1024:Use properties where appropriate", Justification = "A property would put the live client in every Format-List *, Export-Clixml and ConvertTo-Json of an attachment; a method is not walked.")]
    public ThreatQClient? GetSourceClient() => Client;

    /// <inheritdoc />
    public override string ToString() => Name;
}
