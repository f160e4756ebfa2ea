using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Models;

namespace FalconX.Client;

/// <summary>
/// Waits for many submissions together: at each check (soon after the start, then backing off up to
/// <see cref="SubmissionPollerOptions.PollInterval"/>) it sends ONE status
/// request holding every unfinished id (batched by URL length: about 200 ids per request), rather than
/// one per submission. It reports progress through <see cref="ProgressChanged"/> (at least every second) and hands
/// finished submissions to <see cref="Finished"/> as soon as a check sees them. Cancelling the token ends the wait
/// within the current delay slice (the detonations go on). Use one instance for one wait.
/// </summary>
public sealed class SubmissionPoller
{
    private readonly FalconXClient _client;
    private readonly SubmissionPollerOptions _options;
    private readonly List<FalconXSubmission> _order = new();
    private readonly Dictionary<string, int> _index = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _misses = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _notFound = new();
    private int _started;

    /// <summary>Creates a poller over a client; options default to a 30 s interval and a 20 minute timeout.</summary>
    public SubmissionPoller(FalconXClient client, SubmissionPollerOptions? options = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = (options ?? new SubmissionPollerOptions()).ValidateAndCopy();
    }

    /// <summary>Called (on a worker thread) with the state of the wait after each check and at least every <see cref="SubmissionPollerOptions.ProgressInterval"/>. Only queue work from it.</summary>
    public Action<SubmissionPollProgress>? ProgressChanged { get; set; }

    /// <summary>
    /// Called (on a worker thread, awaited before the next check) with the submissions a check found finished, both
    /// succeeded and failed, so their reports can be fetched in one batch while the others still run.
    /// Submissions that were already finished when added come first, before the first check.
    /// </summary>
    public Func<IReadOnlyList<FalconXSubmission>, CancellationToken, Task>? Finished { get; set; }

    /// <summary>How many submissions are waited for.</summary>
    public int Count => _order.Count;

    /// <summary>Adds a submission to wait for; one already finished counts as done without a request. Duplicates are ignored.</summary>
    public void Add(FalconXSubmission submission)
    {
        if (submission is null)
        {
            throw new ArgumentNullException(nameof(submission));
        }

        if (Volatile.Read(ref _started) != 0)
        {
            throw new InvalidOperationException("Add every submission before WaitAsync starts.");
        }

        if (_index.ContainsKey(submission.SubmissionId))
        {
            return;
        }

        _index[submission.SubmissionId] = _order.Count;
        _order.Add(submission);
    }

    /// <summary>Adds a submission known only by id; its state is unknown, so the first check is made at once.</summary>
    public void Add(string submissionId)
    {
        if (submissionId is null)
        {
            throw new ArgumentNullException(nameof(submissionId));
        }

        if (!FalconXClient.IsSubmissionId(submissionId))
        {
            throw new ArgumentException($"'{submissionId}' is not a submission id: ids look like <32 hex>_<32 hex>.", nameof(submissionId));
        }

        Add(new FalconXSubmission(submissionId.Trim()));
    }

    /// <summary>Waits until every submission finished, the timeout passed, or the token is cancelled.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled (Ctrl+C).</exception>
    /// <exception cref="FalconXApiException">Status checks failed <see cref="SubmissionPollerOptions.MaxConsecutiveFailures"/> times in a row, or the API refused them (authentication).</exception>
    public async Task<SubmissionPollResult> WaitAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("A SubmissionPoller waits once; create another for another wait.");
        }

        var clock = new ElapsedClock(_client.Time);
        var requests = 0;
        var failures = 0;

        var alreadyFinished = _order.Where(s => s.IsFinished).ToList();
        if (alreadyFinished.Count > 0 && Finished is not null)
        {
            await Finished(alreadyFinished, cancellationToken).ConfigureAwait(false);
        }

        // Ids with no known state may have finished long ago: look at once. Fresh submissions get a short first
        // delay, then the delays double up to the interval (PollBackoff).
        var checksDone = 0;
        var nextCheck = _order.Any(s => string.IsNullOrEmpty(s.State)) ? TimeSpan.Zero : NextDelay(checksDone);
        var timedOut = false;
        while (true)
        {
            var pending = PendingIds();
            if (pending.Count == 0)
            {
                break;
            }

            // Sleep in short slices until the next check so progress moves and cancellation is seen at once.
            while (clock.Elapsed < nextCheck)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_options.Timeout is TimeSpan limit && clock.Elapsed >= limit)
                {
                    timedOut = true;
                    break;
                }

                Report(clock.Elapsed, nextCheck - clock.Elapsed, requests);
                var slice = Min(_options.ProgressInterval, nextCheck - clock.Elapsed);
                if (_options.Timeout is TimeSpan t)
                {
                    slice = Min(slice, t - clock.Elapsed);
                }

                if (slice > TimeSpan.Zero)
                {
                    await _client.Time.Delay(slice, cancellationToken).ConfigureAwait(false);
                }
            }

            if (timedOut || (_options.Timeout is TimeSpan deadline && clock.Elapsed >= deadline))
            {
                timedOut = true;
                break;
            }

            var checkStarted = clock.Elapsed;
            IReadOnlyList<FalconXSubmission> answer;
            try
            {
                requests += _client.SubmissionRequestsFor(pending);
                answer = await _client.GetSubmissionsAsync(pending, cancellationToken).ConfigureAwait(false);
                failures = 0;
            }
            catch (FalconXApiException ex) when (IsPassing(ex) && failures + 1 < _options.MaxConsecutiveFailures)
            {
                failures++;
                _client.Log(FalconXLogLevel.Warning, $"A status check failed ({ex.Summary}); checking again in {DurationText.Format(_options.PollInterval)} ({failures} of {_options.MaxConsecutiveFailures - 1} failures tolerated in a row).");
                nextCheck = checkStarted + _options.PollInterval;
                continue;
            }

            var newlyFinished = Apply(pending, answer);
            if (newlyFinished.Count > 0 && Finished is not null)
            {
                await Finished(newlyFinished, cancellationToken).ConfigureAwait(false);
            }

            nextCheck = checkStarted + NextDelay(++checksDone);
            Report(clock.Elapsed, nextCheck > clock.Elapsed ? nextCheck - clock.Elapsed : TimeSpan.Zero, requests);
        }

        Report(clock.Elapsed, TimeSpan.Zero, requests);
        return new SubmissionPollResult(_order.ToList(), _notFound.ToList(), timedOut, requests, clock.Elapsed);
    }

    private TimeSpan NextDelay(int checksDone) => PollBackoff.Delay(checksDone, _options.FirstCheckDelay, _options.PollInterval);

    private List<string> PendingIds() =>
        _order.Where(s => !s.IsFinished && !_notFound.Contains(s.SubmissionId, StringComparer.OrdinalIgnoreCase)).Select(s => s.SubmissionId).ToList();

    private List<FalconXSubmission> Apply(IReadOnlyList<string> asked, IReadOnlyList<FalconXSubmission> answer)
    {
        var finished = new List<FalconXSubmission>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var update in answer)
        {
            if (!_index.TryGetValue(update.SubmissionId, out var position))
            {
                continue;
            }

            seen.Add(update.SubmissionId);
            _misses.Remove(update.SubmissionId);
            var merged = _order[position].UpdatedWith(update);
            _order[position] = merged;
            if (merged.IsFinished)
            {
                finished.Add(merged);
            }
        }

        foreach (var id in asked.Where(id => !seen.Contains(id)))
        {
            // The API can lag just after a submit: only an id missing several checks in a row is given up on.
            _misses[id] = (_misses.TryGetValue(id, out var n) ? n : 0) + 1;
            if (_misses[id] >= _options.MaxMisses)
            {
                _notFound.Add(id);
                _client.Log(FalconXLogLevel.Verbose, $"Submission {id} was missing from {_misses[id]} status answers in a row; no longer waiting for it.");
            }
        }

        return finished;
    }

    private void Report(TimeSpan elapsed, TimeSpan untilNext, int requests)
    {
        var handler = ProgressChanged;
        handler?.Invoke(new SubmissionPollProgress(_order.ToList(), elapsed, _options.Timeout, untilNext < TimeSpan.Zero ? TimeSpan.Zero : untilNext, requests));
    }

    /// <summary>Failures that may pass by the next check: the API or the network, not the credentials or the request.</summary>
    private static bool IsPassing(FalconXApiException ex) =>
        ex.Kind is FalconXErrorKind.Server or FalconXErrorKind.Transport or FalconXErrorKind.Timeout or FalconXErrorKind.RateLimit or FalconXErrorKind.InvalidResponse;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
