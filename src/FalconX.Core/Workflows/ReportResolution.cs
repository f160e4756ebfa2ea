using System;
using System.Collections.Generic;
using System.Linq;
using FalconX.Client;
using FalconX.Models;
using FalconX.ThreatQ.Api;

namespace FalconX.Workflows;

/// <summary>One input and the reports it will output.</summary>
internal sealed class ReportInputState
{
    public ReportInputState(ReportInput input) => Input = input;

    public ReportInput Input { get; }

    public List<FalconXReportBase> Reports { get; } = new();

    /// <summary>True once the input's reports (or its error) are known.</summary>
    public bool Settled { get; set; }

    /// <summary>Why there is no report yet (not found), pending the status check.</summary>
    public FalconXApiException? Missing { get; set; }
}

/// <summary>The inputs of one call, and how many of them have been handed over.</summary>
internal sealed class ReportResolution
{
    private readonly Action<ReportEvent> _onEvent;
    private readonly List<ReportInputState> _all;
    private int _written;

    public ReportResolution(IReadOnlyList<ReportInput> inputs, Action<ReportEvent> onEvent, bool missingIsFinal)
    {
        _onEvent = onEvent ?? throw new ArgumentNullException(nameof(onEvent));
        _all = inputs.Select(i => new ReportInputState(i ?? throw new ArgumentException("An input is null.", nameof(inputs)))).ToList();
        IdInputs = _all.Where(s => s.Input.Kind == ReportInputKind.ReportId).ToList();
        HashInputs = _all.Where(s => s.Input.Kind == ReportInputKind.Sha256).ToList();
        MissingIsFinal = missingIsFinal;
    }

    public List<ReportInputState> IdInputs { get; }

    public List<ReportInputState> HashInputs { get; }

    /// <summary>Reports found for any hash, before they are given to their inputs.</summary>
    public List<FalconXReportBase> HashReports { get; } = new();

    /// <summary>True when a report not found is an error at once (query results), without a status check.</summary>
    public bool MissingIsFinal { get; }

    public void Emit(ReportEvent reportEvent) => _onEvent(reportEvent);

    /// <summary>Hands over the reports of every settled input from the first not handed over yet, in input order, and forgets them.</summary>
    public void WriteSettled()
    {
        while (_written < _all.Count && _all[_written].Settled)
        {
            var state = _all[_written++];
            foreach (var report in state.Reports)
            {
                // Remember the ThreatQ object the report was asked for, so the ThreatQ mapping relates the results to it.
                report.ThreatQSource ??= state.Input.Target switch
                {
                    ThreatQIndicator indicator => indicator.ThreatQSource,
                    FalconXSubmission submission => submission.ThreatQSource,
                    FalconXReportBase earlier => earlier.ThreatQSource,
                    _ => null,
                };
                Emit(ReportEvent.ForReport(report, state.Input.Target));
            }

            state.Reports.Clear();
        }
    }
}
