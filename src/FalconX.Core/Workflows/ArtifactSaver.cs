using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Models;

namespace FalconX.Workflows;

/// <summary>
/// Save-FalconXArtifact's workflow: which artifacts of a report a list of kinds and groups means (<see cref="KindsFor"/>,
/// <see cref="RequestsFor"/>), and saving many at once (<see cref="SaveAsync"/>): a few downloads in parallel, each
/// ending in an <see cref="ArtifactSaveOutcome"/> handed over in the order of the requests, failures included.
/// </summary>
public sealed class ArtifactSaver
{
    /// <summary>The group every report has: its eight IOC packs. The kinds saved when none are named.</summary>
    public const string DefaultGroup = "Ioc";

    private static readonly FalconXArtifactKind[] StrictIocs = { FalconXArtifactKind.IocStrictCsv, FalconXArtifactKind.IocStrictJson, FalconXArtifactKind.IocStrictStix, FalconXArtifactKind.IocStrictMaec };
    private static readonly FalconXArtifactKind[] BroadIocs = { FalconXArtifactKind.IocBroadCsv, FalconXArtifactKind.IocBroadJson, FalconXArtifactKind.IocBroadStix, FalconXArtifactKind.IocBroadMaec };

    private static readonly Dictionary<string, FalconXArtifactKind[]> Groups = new(StringComparer.OrdinalIgnoreCase)
    {
        [DefaultGroup] = StrictIocs.Concat(BroadIocs).ToArray(),
        ["IocStrict"] = StrictIocs,
        ["IocBroad"] = BroadIocs,
        ["All"] = Enum.GetValues(typeof(FalconXArtifactKind)).Cast<FalconXArtifactKind>().Where(k => k != FalconXArtifactKind.Unknown).ToArray(),
    };

    private readonly FalconXClient _client;

    /// <summary>Saves with <paramref name="client"/>, as many downloads at once as it sends requests at once.</summary>
    public ArtifactSaver(FalconXClient client) => _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <summary>
    /// Called on worker threads while saving: files saved so far, how many in all, and the download that moved (null
    /// when a save has just finished).
    /// </summary>
    public Action<int, int, ArtifactProgress?>? Progress { get; set; }

    /// <summary>True for a group name (Ioc, IocStrict, IocBroad, All), which stands for several kinds.</summary>
    public static bool IsGroup(string name) => name is not null && Groups.ContainsKey(name);

    /// <summary>The kinds that <paramref name="kindsOrGroups"/> name (kinds and groups, any case); none given means <see cref="DefaultGroup"/>.</summary>
    public static ISet<FalconXArtifactKind> KindsFor(IEnumerable<string>? kindsOrGroups)
    {
        var names = kindsOrGroups?.ToList() is { Count: > 0 } given ? given : new List<string> { DefaultGroup };
        return new HashSet<FalconXArtifactKind>(names.SelectMany(k => Groups.TryGetValue(k, out var group) ? group : new[] { ArtifactFiles.ParseKind(k) }));
    }

    /// <summary>One request per artifact of <paramref name="report"/> of a kind in <paramref name="wanted"/>, in the report's order; empty when it has none.</summary>
    public static IReadOnlyList<ArtifactSaveRequest> RequestsFor(FalconXReportBase report, ISet<FalconXArtifactKind> wanted)
    {
        if (report is null)
        {
            throw new ArgumentNullException(nameof(report));
        }

        return report.Artifacts
            .Where(a => wanted.Contains(ArtifactFiles.ParseKind(a.Kind)))
            .Select(a => new ArtifactSaveRequest
            {
                ArtifactId = a.ArtifactId,
                Kind = ArtifactFiles.ParseKind(a.Kind),
                ReportId = report.ReportId,
                Number = a.Number,
                Sample = ArtifactFiles.SampleLabel(report.SubmitName, report.Sha256),
            })
            .ToList();
    }

    /// <summary>Why <paramref name="report"/> gives nothing to save: the kinds asked for and the kinds it has.</summary>
    public static string NotInReportMessage(FalconXReportBase report, IEnumerable<string>? asked)
    {
        if (report is null)
        {
            throw new ArgumentNullException(nameof(report));
        }

        var why = report.HasError ? $" (its detonation failed: {report.ErrorType})" : string.Empty;
        var has = report.Artifacts.Count == 0 ? "none" : string.Join(", ", report.Artifacts.Select(a => a.Kind).Distinct());
        return $"Report {report.ReportId}{why} has no artifact of the kind asked for ({string.Join(", ", asked ?? new[] { DefaultGroup })}). Its artifacts: {has}.";
    }

    /// <summary>The file name a request will be saved under, when it can be known before the download (else null: the API's answer names it).</summary>
    public static string? PlannedFileName(ArtifactSaveRequest request)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        return request.FileName is not null ? ArtifactFiles.Sanitize(request.FileName) : ArtifactFiles.DefaultName(request.ReportId, request.Kind, request.Number, request.Sample);
    }

    /// <summary>
    /// Saves every request, a few at once. <paramref name="onOutcome"/> is called once per request, in the order of
    /// <paramref name="requests"/> (a finished save waits for the ones before it), on a worker thread, never twice at
    /// once. A save that fails (the API, the disk, an existing file) is an outcome with its error; only cancellation throws.
    /// </summary>
    public async Task SaveAsync(IReadOnlyList<ArtifactSaveRequest> requests, Action<ArtifactSaveOutcome> onOutcome, CancellationToken cancellationToken = default)
    {
        if (requests is null)
        {
            throw new ArgumentNullException(nameof(requests));
        }

        if (onOutcome is null)
        {
            throw new ArgumentNullException(nameof(onOutcome));
        }

        var total = requests.Count;
        var outcomes = new ArtifactSaveOutcome?[total];
        var next = 0;
        var finished = 0;
        var gate = new object();
        using var parallelLimit = new SemaphoreSlim(_client.MaxParallelRequests);
        var tasks = requests.Select(async (request, index) =>
        {
            await parallelLimit.WaitAsync(cancellationToken).ConfigureAwait(false);
            ArtifactSaveOutcome outcome;
            try
            {
                var progress = Progress;
                if (progress is not null)
                {
                    request.Progress = new CallbackProgress(p => progress(Volatile.Read(ref finished), total, p));
                }

                outcome = new ArtifactSaveOutcome(index, request, await _client.SaveArtifactAsync(request, cancellationToken).ConfigureAwait(false), null);
            }
            catch (Exception ex) when (ex is FalconXApiException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                outcome = new ArtifactSaveOutcome(index, request, null, ex);
            }
            finally
            {
                parallelLimit.Release();
            }

            lock (gate)
            {
                outcomes[index] = outcome;
                Progress?.Invoke(Interlocked.Increment(ref finished), total, null);

                // In input order, as far as finished.
                while (next < total && outcomes[next] is ArtifactSaveOutcome ready)
                {
                    next++;
                    onOutcome(ready);
                }
            }
        }).ToList();
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>IProgress that calls back directly on the reporting thread (Progress&lt;T&gt; would need a sync context).</summary>
    private sealed class CallbackProgress : IProgress<ArtifactProgress>
    {
        private readonly Action<ArtifactProgress> _report;

        public CallbackProgress(Action<ArtifactProgress> report) => _report = report;

        public void Report(ArtifactProgress value) => _report(value);
    }
}
