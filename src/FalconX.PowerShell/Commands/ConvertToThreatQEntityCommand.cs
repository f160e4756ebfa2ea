using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using FalconX.Models;
using FalconX.PowerShell.Conversion;
using FalconX.ThreatQ;

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

    private const string ExpectedInput =
        "Pass report objects from Get-FalconXReport, report JSON as one string (Get-Content -Raw), a .json file from Get-ChildItem, or objects from ConvertFrom-Json.";

    private readonly JsonLineJoiner _lines = new();
    private ThreatQMapper? _mapper;
    private ThreatQEntitySet? _collected;
    private ThreatQPayloadBatcher? _batcher;
    private int _reports;
    private int _failures;
    private int _written;

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

        var options = new ThreatQMappingOptions
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
            options.Tags.Add(tag);
        }

        _mapper = new ThreatQMapper(options);
        if (Stream.IsPresent)
        {
            if (AsConsumePayload.IsPresent)
            {
                _batcher = new ThreatQPayloadBatcher(BatchSize);
            }
        }
        else
        {
            _collected = new ThreatQEntitySet();
        }
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
            FailUnfinishedText();
            if (_collected is not null)
            {
                if (AsConsumePayload.IsPresent)
                {
                    foreach (var payload in ThreatQConsumePayload.Create(_collected.Entities, BatchSize))
                    {
                        WriteObject(payload);
                        _written++;
                    }
                }
                else
                {
                    WriteObject(_collected.Entities, enumerateCollection: true);
                    _written += _collected.Count;
                }
            }
            else if (_batcher is not null)
            {
                WritePayloads(_batcher.Flush());
            }

            var what = AsConsumePayload.IsPresent ? "consume bodies" : "entities";
            WriteVerbose($"Converted {_reports} report(s) into {_written} {what}; {_failures} input item(s) could not be converted.");
        }
        finally
        {
            base.EndProcessing();
        }
    }

    private void Convert(PSObject item, object target)
    {
        if (_lines.IsCollecting && item.BaseObject is not string)
        {
            FailUnfinishedText();
        }

        switch (item.BaseObject)
        {
            case FalconXReportBase report:
                Accept(report, target);
                return;
            case FalconXSubmission:
                Fail(new FormatException(ReportParser.SubmissionIsNotAReport), "NotAReport", ErrorCategory.InvalidData, target);
                return;
            case string text:
                ConvertText(text, target);
                return;
            case FileInfo file:
                ConvertFile(file);
                return;
            case IList nested:
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
            IReadOnlyList<ParsedReport> parsed;
            try
            {
                parsed = ReportParser.ParseItems(PSObjectFields.Of(item), forMapping: true);
            }
            catch (FormatException ex)
            {
                Fail(ex, "NotAReport", ErrorCategory.InvalidData, target);
                return;
            }

            AcceptAll(parsed, target);
            return;
        }

        Fail(
            new ArgumentException($"ConvertTo-ThreatQEntity cannot convert a [{item.BaseObject.GetType().FullName}]: it takes Falcon X reports."),
            "UnsupportedInput",
            ErrorCategory.InvalidType,
            target);
    }

    private void ConvertText(string text, object target)
    {
        if (_lines.IsCollecting)
        {
            var whole = _lines.Add(text);
            if (whole is not null)
            {
                ConvertWholeText(whole, whole, null);
            }

            return;
        }

        // Blank lines between reports (JSON Lines files, trailing newlines) are not input.
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        ConvertWholeText(text, target, null, mayStartLines: true);
    }

    private void ConvertFile(FileInfo file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file.FullName);
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            Fail(new IOException($"Cannot read '{file.FullName}': {ex.Message}", ex), "ReportFileUnreadable", ErrorCategory.ReadError, file, "Check that the file exists and that you may read it.");
            return;
        }

        ConvertWholeText(text, file, file.FullName);
    }

    /// <param name="text">All of one JSON text.</param>
    /// <param name="target">What the user passed, for errors.</param>
    /// <param name="fileName">The file the text came from, to name it in errors.</param>
    /// <param name="mayStartLines">Whether text that is not JSON may be the first line of a file piped line by line.</param>
    private void ConvertWholeText(string text, object target, string? fileName, bool mayStartLines = false)
    {
        // Reports read here are mapped and dropped, never written out: read only what the mapping uses.
        IReadOnlyList<ParsedReport> parsed;
        try
        {
            parsed = ReportParser.ParseItems(text, forMapping: true);
        }
        catch (FormatException ex)
        {
            // The first line of a pretty-printed file piped without -Raw: collect lines until the JSON closes.
            if (mayStartLines && _lines.TryStart(text))
            {
                return;
            }

            Fail(fileName is null ? ex : new FormatException($"{fileName}: {ex.Message}", ex), "InvalidReportJson", ErrorCategory.ParserError, target);
            return;
        }

        AcceptAll(parsed, target);
    }

    private void AcceptAll(IReadOnlyList<ParsedReport> parsed, object target)
    {
        foreach (var one in parsed)
        {
            if (one.Problem is not null)
            {
                Fail(one.Problem, "NotAReport", ErrorCategory.InvalidData, target);
            }
            else
            {
                Accept(one.Report!, target);
            }
        }
    }

    private void Accept(FalconXReportBase report, object target)
    {
        if (string.IsNullOrWhiteSpace(report.ReportId))
        {
            Fail(
                new FormatException("The report has no id: ThreatQ needs it to name the Report entity and to link to the report in the Falcon console."),
                "ReportWithoutId",
                ErrorCategory.InvalidData,
                target,
                "Convert the report as the API returns it, with its 'id' field; Get-FalconXReport writes such objects.");
            return;
        }

        _reports++;
        if (_collected is not null)
        {
            _mapper!.MapInto(report, _collected);
            return;
        }

        var entities = _mapper!.Map(report);
        if (_batcher is null)
        {
            WriteObject(entities, enumerateCollection: true);
            _written += entities.Count;
            return;
        }

        foreach (var entity in entities)
        {
            WritePayloads(_batcher.Add(entity));
        }
    }

    private void WritePayloads(IReadOnlyList<ThreatQConsumePayload> payloads)
    {
        foreach (var payload in payloads)
        {
            WriteObject(payload);
            _written++;
        }
    }

    private void FailUnfinishedText()
    {
        var unfinished = _lines.Drain();
        if (unfinished is not null)
        {
            Fail(
                new FormatException("The input ended inside a JSON object or list: the report text is cut short."),
                "InvalidReportJson",
                ErrorCategory.ParserError,
                unfinished,
                "Pass the complete report JSON, e.g. Get-Content report.json -Raw.");
        }
    }

    private void Fail(Exception exception, string errorId, ErrorCategory category, object target, string recommendedAction = ExpectedInput)
    {
        _failures++;
        WriteItemError(exception, errorId, category, target, recommendedAction);
    }
}
