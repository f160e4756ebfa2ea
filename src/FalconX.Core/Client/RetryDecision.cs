using System;

namespace FalconX.Client;

/// <summary>What <see cref="RetryRules"/> decided about one failed attempt, and the words to log and report it with.</summary>
internal sealed class RetryDecision
{
    private static readonly RetryDecision Silent = new(RetryKind.None, TimeSpan.Zero, null, null);

    private RetryDecision(RetryKind kind, TimeSpan delay, string? explanation, string? giveUpNote)
    {
        Kind = kind;
        Delay = delay;
        Explanation = explanation;
        GiveUpNote = giveUpNote;
    }

    /// <summary>None (the call ends), or the budget the retry draws on.</summary>
    public RetryKind Kind { get; }

    /// <summary>True when the request is to be sent again after <see cref="Delay"/>.</summary>
    public bool Retry => Kind != RetryKind.None;

    /// <summary>How long to wait before the next attempt.</summary>
    public TimeSpan Delay { get; }

    /// <summary>A line for the verbose log (without the call's method and path), or null when there is nothing to say.</summary>
    public string? Explanation { get; }

    /// <summary>Why the call gave up, for the final error message ("rate limited 4 times in a row"), or null.</summary>
    public string? GiveUpNote { get; }

    public static RetryDecision Stop(string? explanation = null, string? giveUpNote = null) =>
        explanation is null && giveUpNote is null ? Silent : new RetryDecision(RetryKind.None, TimeSpan.Zero, explanation, giveUpNote);

    public static RetryDecision After(RetryKind kind, TimeSpan delay, string explanation) => new(kind, delay, explanation, null);
}
