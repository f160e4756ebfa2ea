using System;
using System.Collections;
using System.IO;
using System.Management.Automation;
using FalconX.Models;
using FalconX.PowerShell.Conversion;
using FalconX.ThreatQ;
using FalconX.Workflows;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Turns Falcon X reports into ThreatQ entities (or ThreatQ bulk-consume bodies): the ThreatQ guide's default
/// mapping, plus network, extracted-file, ATT&amp;CK and report-detail mappings on request.
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "ThreatQEntity", DefaultParameterSetName = EntityParameterSet)]
[OutputType(typeof(ThreatQEntity), ParameterSetName = new[] { EntityParameterSet })]
[OutputType(typeof(ThreatQConsumePayload), ParameterSetName = new[] { ConsumePayloadParameterSet })]
public sealed class ConvertToThreatQEntityCommand : FalconXCmdlet
{
    private const string EntityParameterSet = "Entity";
    private const string ConsumePayloadParameterSet = "ConsumePayload";

    private ThreatQConversion? _conversion;

    /// <summary>Reports: FalconXReport objects, JSON text, .json files, or ConvertFrom-Json objects.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("Report")]
    [AllowEmptyString]
    public PSObject? InputObject { get; set; }

    /// <summary>Opt-in mappings: Network, ExtractedFiles, MitreAttack, ReportDetails, All.</summary>
    [Parameter]
    public ThreatQMappings[]? Include { get; set; }

    /// <summary>With -Include ExtractedFiles: the lowest threat level mapped.</summary>
    [Parameter]
    public ExtractedFileThreatLevel MinimumThreatLevel { get; set; } = ExtractedFileThreatLevel.Suspicious;

    /// <summary>The ThreatQ source of every entity.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string SourceName { get; set; } = ThreatQMappingOptions.DefaultSourceName;

    /// <summary>The ThreatQ status of every entity.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string IndicatorStatus { get; set; } = ThreatQMappingOptions.DefaultIndicatorStatus;

    /// <summary>ThreatQ tags to put on every entity.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Tag { get; set; }

    /// <summary>The CrowdStrike cloud whose console the report link points to.</summary>
    [Parameter]
    [ValidateCompletionValues(typeof(ConsoleCloudCompleter))]
    [ArgumentCompleter(typeof(ConsoleCloudCompleter))]
    public string? Cloud { get; set; }

    /// <summary>Keep private and reserved addresses and the sandbox's own traffic as indicators.</summary>
    [Parameter]
    public SwitchParameter IncludeNoise { get; set; }

    /// <summary>Leave out the guide's optional report link attribute (on by default, as the guide).</summary>
    [Parameter]
    public SwitchParameter NoReportLink { get; set; }

    /// <summary>Leave out the guide's optional MalQuery hashes (on by default, as the guide).</summary>
    [Parameter]
    public SwitchParameter NoMalQuery { get; set; }

    /// <summary>Write each report's entities as it arrives instead of merging all reports at the end.</summary>
    [Parameter]
    public SwitchParameter Stream { get; set; }

    /// <summary>Write ThreatQ bulk-consume bodies instead of entity objects.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ConsumePayloadParameterSet)]
    public SwitchParameter AsConsumePayload { get; set; }

    /// <summary>With -AsConsumePayload: the most objects per body (1 to 500).</summary>
    [Parameter(ParameterSetName = ConsumePayloadParameterSet)]
    [ValidateRange(1, ThreatQConsumePayload.MaxBatchSize)]
    public int BatchSize { get; set; } = ThreatQConsumePayload.MaxBatchSize;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        var include = ThreatQMappings.None;
        foreach (var mapping in Include ?? Array.Empty<ThreatQMappings>())
        {
            include |= mapping;
        }

        var mappingOptions = new ThreatQMappingOptions
        {
            SourceName = SourceName,
            IndicatorStatus = IndicatorStatus,
            Include = include,
            MinimumThreatLevel = MinimumThreatLevel,
            ConsoleHost = Cloud is null ? null : FalconXReport.GetConsoleHost(Cloud),
            IncludeNoise = IncludeNoise.IsPresent,
            IncludeReportLink = !NoReportLink.IsPresent,
            IncludeMalQuery = !NoMalQuery.IsPresent,
        };
        foreach (var tag in Tag ?? Array.Empty<string>())
        {
            mappingOptions.Tags.Add(tag);
        }

        var options = new ThreatQConversionOptions { AsConsumePayloads = AsConsumePayload.IsPresent, BatchSize = BatchSize, Stream = Stream.IsPresent };
        _conversion = new ThreatQConversion(mappingOptions, options, WriteObject, WriteProblem);
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        // One parameter of type PSObject, not PSObject[]: binding an array costs more than the conversion of a
        // report; an array given to -InputObject arrives as one object[] and is walked in Convert.
        if (InputObject is not null)
        {
            Convert(InputObject, InputObject);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            _conversion!.Complete();
            WriteVerbose(_conversion.Summary);
        }
        finally
        {
            base.EndProcessing();
        }
    }

    private void Convert(PSObject item, object target)
    {
        var conversion = _conversion!;
        switch (item.BaseObject)
        {
            case FalconXReportBase report:
                conversion.AddReport(report, target);
                return;
            case string text:
                conversion.AddText(text, target);
                return;
            case FileInfo file:
                conversion.AddFile(file.FullName, file);
                return;
            case IList nested:
                conversion.EndText();
                foreach (var element in nested)
                {
                    if (element is not null)
                    {
                        Convert(PSObject.AsPSObject(element), element);
                    }
                }

                return;
        }

        if (PSObjectFields.IsPropertyBag(item))
        {
            conversion.AddFields(PSObjectFields.Of(item), target);
        }
        else
        {
            conversion.AddUnsupported(item.BaseObject, target);
        }
    }

    private void WriteProblem(ThreatQConversionProblem problem)
    {
        var category = problem.Kind switch
        {
            ThreatQConversionProblemKind.InvalidJson => ErrorCategory.ParserError,
            ThreatQConversionProblemKind.Unreadable => ErrorCategory.ReadError,
            ThreatQConversionProblemKind.UnsupportedInput => ErrorCategory.InvalidType,
            _ => ErrorCategory.InvalidData,
        };
        WriteItemError(problem.Error, problem.ErrorId, category, problem.Target, problem.RecommendedAction);
    }
}
