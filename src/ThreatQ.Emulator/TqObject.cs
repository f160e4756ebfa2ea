using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace ThreatQ.Emulator;

/// <summary>An attribute on an object: name/value pairs, several values per name allowed.</summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "ThreatQ calls these name/value pairs attributes; this is not a .NET attribute.")]
public sealed record TqAttribute(int Id, string Name, string Value, DateTimeOffset CreatedAt);

/// <summary>A stored ThreatQ object of any collection (indicators, report, attack_pattern, attachments...).</summary>
public sealed class TqObject
{
    public int Id { get; init; }

    public required string Collection { get; init; }

    /// <summary>The value (indicators, custom objects), name (adversaries, attachments) or title (events).</summary>
    public required string Value { get; init; }

    /// <summary>Indicator or attachment type; null for collections without types here.</summary>
    public TqNamed? Type { get; set; }

    /// <summary>Indicator status; null elsewhere.</summary>
    public TqNamed? Status { get; set; }

    public string? Description { get; set; }

    public string? PublishedAt { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset TouchedAt { get; set; }

    // The lists change only through TqStore, under its lock; everyone else reads them.
    public IReadOnlyList<TqAttribute> Attributes => AttributeList;

    public IReadOnlyList<string> Sources => SourceList;

    public IReadOnlyList<string> Tags => TagList;

    internal List<TqAttribute> AttributeList { get; } = [];

    internal List<string> SourceList { get; } = [];

    internal List<string> TagList { get; } = [];

    public double GeneratedScore { get; set; }

    public double? ManualScore { get; set; }

    // Attachments only.
    public string? Title { get; set; }

    public long FileSize { get; set; }

    public string? Md5 { get; set; }

    public string? FilePath { get; set; }

    public string? ContentType { get; set; }

    public bool MalwareLocked { get; set; }
}
