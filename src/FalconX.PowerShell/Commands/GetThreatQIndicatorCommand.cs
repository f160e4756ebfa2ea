using System;
using System.Management.Automation;
using FalconX.ThreatQ.Api;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Reads indicators from ThreatQ by value, type, status or tag (paged), or one by id with its attributes, sources,
/// tags and score. SHA-256 indicators pipe into Get-FalconXReport (their Sha256 and ThreatQSource bind by name).
/// </summary>
[Cmdlet(VerbsCommon.Get, "ThreatQIndicator", DefaultParameterSetName = QuerySet)]
[OutputType(typeof(ThreatQIndicator))]
public sealed class GetThreatQIndicatorCommand : ThreatQCmdlet
{
    private const string QuerySet = "Query";
    private const string IdSet = "Id";

    /// <summary>ThreatQ ids of indicators.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    [Alias("ThreatQId")]
    [ValidateRange(1, long.MaxValue)]
    public long[]? Id { get; set; }

    /// <summary>Exact values.</summary>
    [Parameter(ParameterSetName = QuerySet, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string[]? Value { get; set; }

    /// <summary>The indicator type, e.g. SHA-256.</summary>
    [Parameter(ParameterSetName = QuerySet)]
    [ArgumentCompleter(typeof(ThreatQTypeCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Type { get; set; }

    /// <summary>The status, e.g. Review.</summary>
    [Parameter(ParameterSetName = QuerySet)]
    [ArgumentCompleter(typeof(ThreatQStatusCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Status { get; set; }

    /// <summary>A tag.</summary>
    [Parameter(ParameterSetName = QuerySet)]
    [ValidateNotNullOrEmpty]
    public string? Tag { get; set; }

    /// <summary>Most indicators to return (default all).</summary>
    [Parameter(ParameterSetName = QuerySet)]
    [ValidateRange(1, int.MaxValue)]
    public int First { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var client = ThreatQ;
        if (ParameterSetName == IdSet)
        {
            foreach (var id in Id ?? Array.Empty<long>())
            {
                try
                {
                    WriteObject(RunAsync(ct => client.GetIndicatorAsync(id, ct)));
                }
                catch (ThreatQApiException ex)
                {
                    WriteError(ErrorRecords.ForThreatQ(ex, id));
                }
            }

            return;
        }

        var query = new ThreatQIndicatorQuery { Type = Type, Status = Status, Tag = Tag, First = First };
        foreach (var value in Value ?? Array.Empty<string>())
        {
            query.Values.Add(value);
        }

        WriteEach(client.GetIndicatorsAsync(query, CancellationToken), query.Type ?? (object?)Value?[0]);
    }
}
