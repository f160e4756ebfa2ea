using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Models;

namespace FalconX.Client;

/// <summary>
/// "What is the worst verdict and the highest score we have for each of these hashes, across environments", in a few
/// requests: one report query per group of hashes (as many per filter as the URL allows) and the summaries of every
/// report found, batched. Summaries carry verdict, score and environment, so no full report is read.
/// </summary>
public sealed class HashVerdicts
{
    private static readonly string[] Severity = { "whitelisted", "no verdict", "no specific threat", "suspicious", "malicious" };

    private readonly FalconXClient _client;

    /// <summary>Uses <paramref name="client"/> for the queries.</summary>
    public HashVerdicts(FalconXClient client) => _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <summary>The rank of a verdict, higher is worse; unknown words rank just above "no verdict", so they are never hidden behind it.</summary>
    public static int Rank(string? verdict)
    {
        if (verdict is null)
        {
            return -1;
        }

        var index = Array.IndexOf(Severity, verdict.Trim().ToLowerInvariant());
        return index >= 0 ? index * 2 : 3;
    }

    /// <summary>One answer per distinct hash, in the order given; a hash without reports has a null verdict.</summary>
    /// <exception cref="ArgumentException">A value is not a SHA-256 (nothing is sent).</exception>
    /// <exception cref="FalconXApiException">A query failed.</exception>
    public async Task<IReadOnlyList<FalconXHashVerdict>> GetAsync(IEnumerable<string> sha256, CancellationToken cancellationToken = default)
    {
        var hashes = (sha256 ?? throw new ArgumentNullException(nameof(sha256))).ToList();
        var bad = hashes.FindIndex(h => !FalconXClient.IsSha256(h));
        if (bad >= 0)
        {
            throw new ArgumentException($"'{hashes[bad]}' is not a SHA-256: it must be 64 hexadecimal characters.", nameof(sha256));
        }

        var wanted = hashes.Select(FalconXClient.NormalizeSha256).Distinct(StringComparer.Ordinal).ToList();
        var byHash = wanted.ToDictionary(h => h, h => new List<FalconXReportSummary>(), StringComparer.Ordinal);
        if (wanted.Count > 0)
        {
            var ids = await _client.FindReportIdsBySha256Async(wanted, null, cancellationToken).ConfigureAwait(false);
            await foreach (var result in _client.GetReportSummariesAsync(ids, cancellationToken).ConfigureAwait(false))
            {
                if (result.Report is { Sha256: { } sha } summary && byHash.TryGetValue(FalconXClient.NormalizeSha256(sha), out var list))
                {
                    list.Add(summary);
                }
                else if (result.Error is { Kind: not FalconXErrorKind.NotFound } error)
                {
                    // A report deleted between the query and the read is simply gone; anything else is a failure.
                    throw error;
                }
            }
        }

        return wanted.Select(h => Combine(h, byHash[h])).ToList();
    }

    internal static FalconXHashVerdict Combine(string sha256, IReadOnlyList<FalconXReportSummary> summaries)
    {
        var verdict = new FalconXHashVerdict(sha256);
        var newestFirst = summaries.OrderByDescending(s => s.CreatedAt ?? DateTimeOffset.MinValue).ToList();
        var judged = newestFirst.Where(s => !s.HasError && s.Verdict is not null).ToList();
        var worst = judged.OrderByDescending(s => Rank(s.Verdict)).FirstOrDefault();
        verdict.Verdict = worst?.Verdict;
        verdict.WorstReportId = worst?.ReportId;
        verdict.ThreatScore = judged.Where(s => s.ThreatScore is not null).Select(s => s.ThreatScore).DefaultIfEmpty(null).Max();
        verdict.EnvironmentIds = summaries.Where(s => s.EnvironmentId is not null).Select(s => s.EnvironmentId!.Value).Distinct().OrderBy(e => e).ToList();
        verdict.ReportCount = summaries.Count;
        verdict.FailedCount = summaries.Count(s => s.HasError);
        verdict.LatestAt = newestFirst.FirstOrDefault()?.CreatedAt;
        verdict.ReportIds = newestFirst.Select(s => s.ReportId).Where(id => id is not null).Select(id => id!).ToList();
        return verdict;
    }
}
