using System;
using System.Management.Automation;
using FalconX.ThreatQ.Api;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Reads attachments (files) from ThreatQ by id, name, type or tag. They pipe into Submit-FalconXSample, which
/// downloads each to a temporary file, submits it under the attachment's name and deletes the file.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ThreatQAttachment", DefaultParameterSetName = "Query")]
[OutputType(typeof(ThreatQAttachment))]
public sealed class GetThreatQAttachmentCommand : ThreatQCmdlet
{
    /// <summary>ThreatQ ids of attachments.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Id", ValueFromPipelineByPropertyName = true)]
    [Alias("ThreatQId")]
    [ValidateRange(1, long.MaxValue)]
    public long[]? Id { get; set; }

    /// <summary>The file name (exact).</summary>
    [Parameter(ParameterSetName = "Query", Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>The attachment type, e.g. Malware Sample.</summary>
    [Parameter(ParameterSetName = "Query")]
    [ValidateNotNullOrEmpty]
    public string? Type { get; set; }

    /// <summary>A tag, e.g. detonate.</summary>
    [Parameter(ParameterSetName = "Query")]
    [ValidateNotNullOrEmpty]
    public string? Tag { get; set; }

    /// <summary>Most attachments to return (default all).</summary>
    [Parameter(ParameterSetName = "Query")]
    [ValidateRange(1, int.MaxValue)]
    public int First { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var client = ThreatQ;
        var query = new ThreatQAttachmentQuery { Name = Name, Type = Type, Tag = Tag, First = First };
        foreach (var id in Id ?? Array.Empty<long>())
        {
            query.Ids.Add(id);
        }

        WriteEach(client.GetAttachmentsAsync(query, CancellationToken), (object?)Name ?? Tag ?? (object?)Id?[0]);
    }
}
