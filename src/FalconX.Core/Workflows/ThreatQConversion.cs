using System;
using System.Collections.Generic;
using System.IO;
using FalconX.Models;
using FalconX.ThreatQ;

namespace FalconX.Workflows;

/// <summary>
/// ConvertTo-ThreatQEntity's workflow for a whole pipeline: takes reports however they come (objects, JSON text whole
/// or one line at a time, .json files, fields of ConvertFrom-Json objects), maps them with <see cref="ThreatQMapper"/>,
/// and hands out entities or bulk-consume bodies: each report's at once with <see cref="ThreatQConversionOptions.Stream"/>,
/// else all reports merged when <see cref="Complete"/> is called. Input that is not a report is one
/// <see cref="ThreatQConversionProblem"/> each; the rest goes on.
/// </summary>
public sealed class ThreatQConversion
{
    /// <summary>What to do with input that is not a report, said in every such problem.</summary>
    public const string ExpectedInput =
        "Pass report objects from Get-FalconXReport, report JSON as one string (Get-Content -Raw), a .json file from Get-ChildItem, or objects from ConvertFrom-Json.";

    private readonly JsonLineJoiner _lines = new();
    private readonly ThreatQMapper _mapper;
    private readonly ThreatQConversionOptions _options;
    private readonly ThreatQEntitySet? _collected;
    private readonly ThreatQPayloadBatcher? _batcher;
    private readonly Action<object> _output;
    private readonly Action<ThreatQConversionProblem> _problem;

    /// <summary>
    /// Converts with <paramref name="mapping"/> and <paramref name="options"/>; entities or bodies go to
    /// <paramref name="output"/> (one object per call), input that cannot be converted to <paramref name="problem"/>.
    /// </summary>
    public ThreatQConversion(ThreatQMappingOptions mapping, ThreatQConversionOptions options, Action<object> output, Action<ThreatQConversionProblem> problem)
    {
        _mapper = new ThreatQMapper(mapping ?? throw new ArgumentNullException(nameof(mapping)));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _problem = problem ?? throw new ArgumentNullException(nameof(problem));
        if (!options.Stream)
        {
            _collected = new ThreatQEntitySet();
        }
        else if (options.AsConsumePayloads)
        {
            _batcher = new ThreatQPayloadBatcher(options.BatchSize);
        }
    }

    /// <summary>Reports converted so far.</summary>
    public int Reports { get; private set; }

    /// <summary>Entities or bodies handed out so far.</summary>
    public int Written { get; private set; }

    /// <summary>Input items that could not be converted.</summary>
    public int Failures { get; private set; }

    /// <summary>"Converted 2 report(s) into 14 entities; 1 input item(s) could not be converted."</summary>
    public string Summary =>
        $"Converted {Reports} report(s) into {Written} {(_options.AsConsumePayloads ? "consume bodies" : "entities")}; {Failures} input item(s) could not be converted.";

    /// <summary>A report object; <paramref name="target"/> is what the user passed, named in problems.</summary>
    public void AddReport(FalconXReportBase report, object target)
    {
        EndText();
        Accept(report ?? throw new ArgumentNullException(nameof(report)), target);
    }

    /// <summary>An object that lists its fields (e.g. from ConvertFrom-Json) or plain .NET values: read as one report or a list of them.</summary>
    public void AddFields(object fields, object target)
    {
        EndText();
        IReadOnlyList<ParsedReport> parsed;
        try
        {
            parsed = ReportParser.ParseItems(fields, forMapping: true);
        }
        catch (FormatException ex)
        {
            Fail(ThreatQConversionProblemKind.NotAReport, ex, target);
            return;
        }

        AcceptAll(parsed, target);
    }

    /// <summary>
    /// JSON text: a whole report or list, or one line of a file piped line by line (lines are collected until the
    /// JSON closes). Blank lines between reports are skipped.
    /// </summary>
    public void AddText(string text, object target)
    {
        if (_lines.IsCollecting)
        {
            var whole = _lines.Add(text ?? string.Empty);
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

    /// <summary>A .json file, read whole.</summary>
    public void AddFile(string path, object target)
    {
        EndText();
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            Fail(ThreatQConversionProblemKind.Unreadable, new IOException($"Cannot read '{path}': {ex.Message}", ex), target, "Check that the file exists and that you may read it.");
            return;
        }

        ConvertWholeText(text, target, path);
    }

    /// <summary>Anything else: a submission (not a report yet) or an object of a type that holds no report.</summary>
    public void AddUnsupported(object item, object target)
    {
        EndText();
        if (item is FalconXSubmission)
        {
            Fail(ThreatQConversionProblemKind.NotAReport, new FormatException(ReportParser.SubmissionIsNotAReport), target);
            return;
        }

        Fail(
            ThreatQConversionProblemKind.UnsupportedInput,
            new ArgumentException($"ConvertTo-ThreatQEntity cannot convert a [{item?.GetType().FullName}]: it takes Falcon X reports."),
            target);
    }

    /// <summary>The end of the input: text cut short is a problem; without streaming, every entity or body is handed out now.</summary>
    public void Complete()
    {
        EndText();
        if (_collected is not null)
        {
            if (_options.AsConsumePayloads)
            {
                WriteAll(ThreatQConsumePayload.Create(_collected.Entities, _options.BatchSize));
            }
            else
            {
                WriteAll(_collected.Entities);
            }
        }
        else if (_batcher is not null)
        {
            WriteAll(_batcher.Flush());
        }
    }

    /// <param name="text">All of one JSON text.</param>
    /// <param name="target">What the user passed, for problems.</param>
    /// <param name="fileName">The file the text came from, to name it in problems.</param>
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

            Fail(ThreatQConversionProblemKind.InvalidJson, fileName is null ? ex : new FormatException($"{fileName}: {ex.Message}", ex), target);
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
                Fail(ThreatQConversionProblemKind.NotAReport, one.Problem, target);
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
                ThreatQConversionProblemKind.ReportWithoutId,
                new FormatException("The report has no id: ThreatQ needs it to name the Report entity and to link to the report in the Falcon console."),
                target,
                "Convert the report as the API returns it, with its 'id' field; Get-FalconXReport writes such objects.");
            return;
        }

        Reports++;
        if (_collected is not null)
        {
            _mapper.MapInto(report, _collected);
            return;
        }

        var entities = _mapper.Map(report);
        if (_batcher is null)
        {
            WriteAll(entities);
            return;
        }

        foreach (var entity in entities)
        {
            WriteAll(_batcher.Add(entity));
        }
    }

    private void WriteAll<T>(IReadOnlyList<T> items)
        where T : class
    {
        foreach (var item in items)
        {
            _output(item);
            Written++;
        }
    }

    /// <summary>
    /// Input other than a line of text (called by every other Add method, and by a caller that walks a list) ends the
    /// lines being collected: what was collected is cut short, a problem.
    /// </summary>
    public void EndText()
    {
        var unfinished = _lines.Drain();
        if (unfinished is not null)
        {
            Fail(
                ThreatQConversionProblemKind.InvalidJson,
                new FormatException("The input ended inside a JSON object or list: the report text is cut short."),
                unfinished,
                "Pass the complete report JSON, e.g. Get-Content report.json -Raw.");
        }
    }

    private void Fail(ThreatQConversionProblemKind kind, Exception error, object target, string recommendedAction = ExpectedInput)
    {
        Failures++;
        _problem(new ThreatQConversionProblem(kind, error, target, recommendedAction));
    }
}
