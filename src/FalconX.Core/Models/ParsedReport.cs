using System;

namespace FalconX.Models;

/// <summary>One item read from input that may hold several reports: the report, or why it is not one.</summary>
public readonly struct ParsedReport
{
    internal ParsedReport(FalconXReport? report, FormatException? problem)
    {
        Report = report;
        Problem = problem;
    }

    /// <summary>The report, or null when the item is not one.</summary>
    public FalconXReport? Report { get; }

    /// <summary>Why the item is not a report, or null when it is one.</summary>
    public FormatException? Problem { get; }
}
