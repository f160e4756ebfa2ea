using System;

namespace FalconX.Models;

/// <summary>The sandbox submission quota as the API reports it in <c>meta.quota</c> (monthly, per tenant).</summary>
public sealed class FalconXQuota
{
    /// <summary>Creates a quota snapshot.</summary>
    public FalconXQuota(int total, int used, int inProgress, DateTimeOffset observedAt)
    {
        Total = total;
        Used = used;
        InProgress = inProgress;
        ObservedAt = observedAt;
    }

    /// <summary>Submissions allowed in the period.</summary>
    public int Total { get; }

    /// <summary>Submissions already counted against the quota.</summary>
    public int Used { get; }

    /// <summary>Submissions still being detonated.</summary>
    public int InProgress { get; }

    /// <summary>Submissions left: <see cref="Total"/> minus <see cref="Used"/>, never below zero.</summary>
    public int Remaining => Math.Max(0, Total - Used);

    /// <summary>True when nothing is left to submit.</summary>
    public bool IsExhausted => Total > 0 && Used >= Total;

    /// <summary>When the answer carrying these figures arrived (UTC).</summary>
    public DateTimeOffset ObservedAt { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Used}/{Total} used, {Remaining} left, {InProgress} in progress";
}
