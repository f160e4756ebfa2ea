using System;
using System.Collections.Generic;
using System.Globalization;

namespace FalconX.ThreatQ.Api;

/// <summary>
/// A ThreatQ object that a Falcon X action ran on (a SHA-256 indicator or an attachment), named by its collection and
/// ThreatQ id. Reports and submissions carry it so that ConvertTo-ThreatQEntity relates every result to it.
/// </summary>
public sealed class ThreatQObjectRef : IEquatable<ThreatQObjectRef>
{
    /// <summary>Creates a reference.</summary>
    public ThreatQObjectRef(string collection, long id, string? type, string? value)
    {
        Collection = string.IsNullOrWhiteSpace(collection) ? throw new ArgumentException("The collection cannot be empty.", nameof(collection)) : collection;
        Id = id > 0 ? id : throw new ArgumentOutOfRangeException(nameof(id), id, "ThreatQ ids are positive.");
        Type = type;
        Value = value;
    }

    /// <summary>The collection: <c>indicators</c> or <c>attachments</c>.</summary>
    public string Collection { get; }

    /// <summary>The ThreatQ id.</summary>
    public long Id { get; }

    /// <summary>The indicator type (<c>SHA-256</c>) or attachment type, when known.</summary>
    public string? Type { get; }

    /// <summary>The indicator value or attachment name, for messages.</summary>
    public string? Value { get; }

    /// <summary>True for a file object (an attachment): the guide then maps the sample's SHA-256 as an indicator.</summary>
    public bool IsFileObject => string.Equals(Collection, ThreatQCollections.Attachments, StringComparison.Ordinal);

    /// <inheritdoc />
    public bool Equals(ThreatQObjectRef? other) => other is not null && other.Id == Id && string.Equals(other.Collection, Collection, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ThreatQObjectRef);

    /// <inheritdoc />
    public override int GetHashCode() => Collection.GetHashCode() ^ Id.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => $"{Collection}/{Id.ToString(CultureInfo.InvariantCulture)}" + (Value is null ? string.Empty : $" ({Type} {Value})");
}

/// <summary>The ThreatQ collections this client reads and relates to.</summary>
public static class ThreatQCollections
{
    /// <summary>Indicators.</summary>
    public const string Indicators = "indicators";

    /// <summary>Attachments (files).</summary>
    public const string Attachments = "attachments";

    /// <summary>
    /// The web UI link of an object: <c>{host}/indicators/{id}/details</c> is documented by public integrations
    /// (PEERS.md §1.3); the same pattern for other collections is inferred.
    /// </summary>
    public static string Link(Uri host, string collection, long id) =>
        host.GetLeftPart(UriPartial.Authority) + "/" + collection + "/" + id.ToString(CultureInfo.InvariantCulture) + "/details";
}

/// <summary>A ThreatQ indicator as read from the API.</summary>
public sealed class ThreatQIndicator
{
    /// <summary>The ThreatQ id (named ThreatQId so that it never binds to a Falcon X -Id/-ReportId parameter).</summary>
    public long ThreatQId { get; init; }

    /// <summary>The indicator type, e.g. <c>SHA-256</c>.</summary>
    public string? Type { get; init; }

    /// <summary>The value.</summary>
    public string Value { get; init; } = string.Empty;

    /// <summary>The status, e.g. <c>Review</c>.</summary>
    public string? Status { get; init; }

    /// <summary>The score shown in ThreatQ (the higher of the generated and the manual score), when read.</summary>
    public double? Score { get; init; }

    /// <summary>Tag names.</summary>
    public IReadOnlyList<string> Tags { get; init; } = Array.Empty<string>();

    /// <summary>Source names.</summary>
    public IReadOnlyList<string> Sources { get; init; } = Array.Empty<string>();

    /// <summary>Attributes (name, value).</summary>
    public IReadOnlyList<ThreatQAttribute> Attributes { get; init; } = Array.Empty<ThreatQAttribute>();

    /// <summary>When ThreatQ created it.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The web UI link: <c>{host}/indicators/{id}/details</c>.</summary>
    public string? Link { get; init; }

    /// <summary>
    /// The value when the indicator is a SHA-256 (so it binds to Get-FalconXReport -Sha256 by property name), else null.
    /// </summary>
    public string? Sha256 => string.Equals(Type, ThreatQIndicatorTypes.Sha256, StringComparison.OrdinalIgnoreCase) ? Value : null;

    /// <summary>This indicator as the source of Falcon X results (binds to -ThreatQSource by property name).</summary>
    public ThreatQObjectRef ThreatQSource => new(ThreatQCollections.Indicators, ThreatQId, Type, Value);

    /// <inheritdoc />
    public override string ToString() => $"{Type} {Value}";
}

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

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>One object written to ThreatQ by Send-ThreatQEntity.</summary>
public sealed class ThreatQWrittenObject
{
    /// <summary>The collection: <c>report</c>, <c>indicators</c>, <c>attack_pattern</c>.</summary>
    public string Collection { get; init; } = string.Empty;

    /// <summary>The ThreatQ id it has now.</summary>
    public long ThreatQId { get; init; }

    /// <summary>The indicator type; null for reports and attack patterns.</summary>
    public string? Type { get; init; }

    /// <summary>The value or name.</summary>
    public string Value { get; init; } = string.Empty;

    /// <summary>The web UI link, e.g. <c>{host}/indicators/{id}/details</c>.</summary>
    public string Link { get; init; } = string.Empty;

    /// <summary>The ThreatQ objects it was related to (the sources of the Falcon X action), if any.</summary>
    public IReadOnlyList<ThreatQObjectRef> RelatedTo { get; init; } = Array.Empty<ThreatQObjectRef>();

    /// <inheritdoc />
    public override string ToString() => Type is null ? $"{Collection} {Value}" : $"{Type} {Value}";
}

/// <summary>A downloaded attachment in a temporary file, deleted on dispose.</summary>
public sealed class ThreatQDownloadedFile : IDisposable
{
    internal ThreatQDownloadedFile(string path, long length, string sha256)
    {
        Path = path;
        Length = length;
        Sha256 = sha256;
    }

    /// <summary>The temporary file.</summary>
    public string Path { get; }

    /// <summary>Bytes downloaded.</summary>
    public long Length { get; }

    /// <summary>SHA-256 of the bytes (lower-case hex), computed while they streamed in.</summary>
    public string Sha256 { get; }

    /// <summary>Deletes the file (and its private folder).</summary>
    public void Dispose() => ThreatQClient.DeleteQuietly(Path);
}
