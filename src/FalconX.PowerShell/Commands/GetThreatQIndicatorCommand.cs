using System;
using System.Management.Automation;
using System.Threading.Tasks;
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
                    WriteError(CreateThreatQErrorRecord(ex, id));
                }
            }

            return;
        }

        var query = new ThreatQIndicatorQuery { Type = Type, Status = Status, Tag = Tag, First = First };
        foreach (var value in Value ?? Array.Empty<string>())
        {
            query.Values.Add(value);
        }

        try
        {
            RunAsync(async ct =>
            {
                await foreach (var indicator in client.GetIndicatorsAsync(query, ct).ConfigureAwait(false))
                {
                    PostToCmdletThread(() => WriteObject(indicator));
                }
            });
        }
        catch (ThreatQApiException ex)
        {
            WriteError(CreateThreatQErrorRecord(ex, query.Type ?? (object?)Value?[0]));
        }
    }
}

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

        try
        {
            RunAsync(async ct =>
            {
                await foreach (var attachment in client.GetAttachmentsAsync(query, ct).ConfigureAwait(false))
                {
                    PostToCmdletThread(() => WriteObject(attachment));
                }
            });
        }
        catch (ThreatQApiException ex)
        {
            WriteError(CreateThreatQErrorRecord(ex, (object?)Name ?? Tag ?? (object?)Id?[0]));
        }
    }
}

/// <summary>Completes ThreatQ's built-in indicator types (PEERS.md §1.2).</summary>
public sealed class ThreatQTypeCompleter : IArgumentCompleter
{
    private static readonly string[] Types = { "SHA-256", "SHA-1", "MD5", "SHA-384", "SHA-512", "FQDN", "IP Address", "IPv6 Address", "URL", "URL Path", "Email Address", "Filename", "File Path", "Mutex", "Registry Key", "CVE", "String" };

    /// <inheritdoc />
    public System.Collections.Generic.IEnumerable<System.Management.Automation.CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, System.Management.Automation.Language.CommandAst commandAst, System.Collections.IDictionary fakeBoundParameters) =>
        ThreatQStatusCompleter.Complete(Types, wordToComplete);
}

/// <summary>Completes ThreatQ's indicator statuses (PEERS.md §1.2).</summary>
public sealed class ThreatQStatusCompleter : IArgumentCompleter
{
    private static readonly string[] Statuses = { "Active", "Expired", "Indirect", "Review", "Whitelisted" };

    /// <inheritdoc />
    public System.Collections.Generic.IEnumerable<System.Management.Automation.CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, System.Management.Automation.Language.CommandAst commandAst, System.Collections.IDictionary fakeBoundParameters) =>
        Complete(Statuses, wordToComplete);

    internal static System.Collections.Generic.IEnumerable<System.Management.Automation.CompletionResult> Complete(string[] values, string word)
    {
        var typed = (word ?? string.Empty).Trim('\'', '"');
        foreach (var value in values)
        {
            if (value.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            {
                var text = value.IndexOf(' ') >= 0 ? "'" + value + "'" : value;
                yield return new System.Management.Automation.CompletionResult(text, value, System.Management.Automation.CompletionResultType.ParameterValue, value);
            }
        }
    }
}
