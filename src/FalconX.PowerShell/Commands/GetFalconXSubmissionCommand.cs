using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using FalconX.Client;
using FalconX.Models;
using FalconX.Workflows;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Gets sandbox submissions with their state: by id (batched, many ids per request), or by FQL filter, newest first,
/// one page or -All of them.
/// </summary>
[Cmdlet(VerbsCommon.Get, "FalconXSubmission", DefaultParameterSetName = FilterSet)]
[OutputType(typeof(FalconXSubmission))]
public sealed class GetFalconXSubmissionCommand : FalconXApiCmdlet
{
    private const string IdSet = "Id";
    private const string FilterSet = "Filter";

    /// <summary>Ids gathered before one batched lookup (about one request's worth).</summary>
    private const int FlushAt = 200;

    private readonly List<string> _pendingIds = new();

    /// <summary>Submission ids (the same as report ids).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("SubmissionId", "ReportId")]
    [ValidateNotNullOrEmpty]
    public string[]? Id { get; set; }

    /// <summary>An FQL filter, e.g. state:'running' or sandbox.sha256:'&lt;hash&gt;'.</summary>
    [Parameter(Position = 0, ParameterSetName = FilterSet)]
    public string? Filter { get; set; }

    /// <summary>Order by creation time: created_timestamp.desc (newest first, the default) or created_timestamp.asc.</summary>
    [Parameter(ParameterSetName = FilterSet)]
    [ValidateSet("created_timestamp.desc", "created_timestamp.asc")]
    public string Sort { get; set; } = "created_timestamp.desc";

    /// <summary>How many submissions to return (1 to 5000). Default 100. With -All: how many per request (default 500).</summary>
    [Parameter(ParameterSetName = FilterSet)]
    [ValidateRange(1, FalconXClient.MaxQueryPageSize)]
    public int Limit { get; set; } = 100;

    /// <summary>How many matches to skip first.</summary>
    [Parameter(ParameterSetName = FilterSet)]
    [ValidateRange(0, int.MaxValue)]
    public int Offset { get; set; }

    /// <summary>Every matching submission, page after page.</summary>
    [Parameter(ParameterSetName = FilterSet)]
    public SwitchParameter All { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName == FilterSet)
        {
            QueryAndWrite();
            return;
        }

        foreach (var raw in Id ?? Array.Empty<string>())
        {
            var id = raw?.Trim() ?? string.Empty;
            if (!FalconXClient.IsSubmissionId(id))
            {
                WriteItemError(
                    new ArgumentException($"'{raw}' is not a submission id: ids look like <32 hex>_<32 hex>, e.g. the SubmissionId of Submit-FalconXSample. Nothing was asked for it."),
                    ErrorIds.FalconXInvalidSubmissionId,
                    ErrorCategory.InvalidArgument,
                    raw);
                continue;
            }

            _pendingIds.Add(id);
        }

        if (_pendingIds.Count >= FlushAt)
        {
            Flush();
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            Flush();
        }
        finally
        {
            base.EndProcessing();
        }
    }

    private void Flush()
    {
        if (_pendingIds.Count == 0)
        {
            return;
        }

        var ids = _pendingIds.ToList();
        _pendingIds.Clear();
        var client = Client;
        IReadOnlyList<FalconXSubmission> found;
        try
        {
            found = RunAsync(ct => client.GetSubmissionsAsync(ids, ct));
        }
        catch (FalconXApiException ex)
        {
            WriteApiError(ex, ids.ToArray());
            return;
        }

        var byId = found.ToDictionary(s => s.SubmissionId, StringComparer.OrdinalIgnoreCase);
        foreach (var id in ids)
        {
            if (byId.TryGetValue(id, out var submission))
            {
                WriteObject(submission);
            }
            else
            {
                WriteItemError(
                    new ItemNotFoundException($"No submission {id}: the API does not know it. It may belong to another tenant or cloud."),
                    ErrorIds.FalconXSubmissionNotFound,
                    ErrorCategory.ObjectNotFound,
                    id);
            }
        }
    }

    private void QueryAndWrite()
    {
        var client = Client;
        var offset = Offset;
        var pageSize = All.IsPresent && !MyInvocation.BoundParameters.ContainsKey(nameof(Limit)) ? 500 : Limit;
        while (true)
        {
            var at = offset;
            IdPage page;
            IReadOnlyList<FalconXSubmission> submissions;
            try
            {
                page = RunAsync(ct => client.QuerySubmissionIdsPageAsync(Filter, at, pageSize, Sort, ct));
                var ids = page.Ids;
                submissions = ids.Count == 0 ? Array.Empty<FalconXSubmission>() : RunAsync(ct => client.GetSubmissionsAsync(ids, ct));
            }
            catch (FalconXApiException ex)
            {
                ThrowApiError(ex, Filter);
                return;
            }

            // Keep the query's order (newest first by default), whatever order the entities come back in.
            var byId = submissions.ToDictionary(s => s.SubmissionId, StringComparer.OrdinalIgnoreCase);
            foreach (var id in page.Ids)
            {
                if (byId.TryGetValue(id, out var submission))
                {
                    WriteObject(submission);
                }
            }

            offset += page.Ids.Count;
            var more = page.Ids.Count == pageSize && (page.Total is not long total || offset < total);
            if (!All.IsPresent || !more)
            {
                if (!All.IsPresent && page.Total is long all && offset < all)
                {
                    WriteVerbose($"{all} submissions match; {page.Ids.Count} shown from offset {at}. Use -All for every one, or -Offset {offset} for the next page.");
                }

                return;
            }

            WriteVerbose($"{offset} of {page.Total?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} submissions so far.");
        }
    }
}
