using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Models;

namespace FalconX.Client;

public sealed partial class FalconXClient
{
    private const string SubmissionsPath = "falconx/entities/submissions/v1";
    private const string SubmissionQueryPath = "falconx/queries/submissions/v1";

    /// <summary>
    /// How far before a lost submission answer a submission of the same sample and environment may have been created
    /// and still be taken as the one that answer was about: room for the clocks of this machine and the API to differ.
    /// </summary>
    internal static readonly TimeSpan SubmissionLookupMargin = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Submits an uploaded sample or a URL for detonation. This spends one unit of quota. A submission is never blindly
    /// sent again after a timeout, dropped connection, 5xx or garbled answer, because the API may have acted on it (a
    /// second submission would spend quota again). Instead the submissions of the same sample (or URL) and environment
    /// are looked up: one created since just before the lost answer is the one that answer was about, and is returned;
    /// when there is none, the API did not act, and the submission is sent again (up to
    /// <see cref="FalconXClientOptions.MaxRetryAttempts"/> times, with backoff). 429 and refused connections are retried
    /// as usual.
    /// </summary>
    /// <returns>The new submission (state created), with the quota the API reported.</returns>
    /// <exception cref="ArgumentException">The parameters break a documented rule (see <see cref="FalconXSubmitParameters.Validate"/>).</exception>
    /// <exception cref="FalconXApiException">The API refused (e.g. <see cref="FalconXErrorKind.QuotaExhausted"/>) or failed.</exception>
    public async Task<FalconXSubmission> SubmitAsync(FalconXSubmitParameters parameters, CancellationToken cancellationToken = default)
    {
        if (parameters is null)
        {
            throw new ArgumentNullException(nameof(parameters));
        }

        parameters.Validate();
        var sha256 = parameters.Sha256 is null ? null : NormalizeSha256(parameters.Sha256);
        var url = parameters.Url?.Trim();
        var request = new ApiRequest(HttpMethod.Post, SubmissionsPath).WithJsonBody(SubmitRequestBody.For(parameters, sha256, url));
        request.RetryPolicy = RetryPolicy.OnlyIfNotSent;
        var lookupFilter = ExistingAnalysisFilter(sha256, url, parameters.EnvironmentId);
        for (var resent = 0; ; resent++)
        {
            var sentAt = _options.TimeProvider.GetUtcNow();
            try
            {
                var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
                var created = ReadSubmissions(response, "POST", SubmissionsPath);
                var submission = (created.Count > 0 ? created[0] : null) ?? throw new FalconXApiException(
                    FalconXErrorKind.InvalidResponse,
                    "The API's answer to the submission holds no submission, so there is no id to follow.",
                    response.StatusCode,
                    "POST",
                    "/" + SubmissionsPath,
                    response.Errors,
                    response.TraceId);
                submission.Quota = response.Meta.Quota;
                return submission;
            }
            catch (FalconXApiException lost) when (lookupFilter is not null && MayHaveActed(lost))
            {
                var made = await FindSubmissionMadeSinceAsync(lookupFilter, sentAt - SubmissionLookupMargin, lost, cancellationToken).ConfigureAwait(false);
                if (made is not null)
                {
                    Log(FalconXLogLevel.Verbose, $"POST /{SubmissionsPath}: the answer was lost ({lost.Summary.TrimEnd('.')}), but the API had made submission {made.SubmissionId}; using it instead of submitting again.");
                    made.Quota = LastQuota;
                    return made;
                }

                if (resent >= _options.MaxRetryAttempts)
                {
                    throw new FalconXApiException(lost.Kind, lost.Summary + " The API made no submission for it (checked), so no quota was spent; try again later.", lost.StatusCode, lost.Method, lost.Path, lost.Errors, lost.TraceId, lost)
                    {
                        Quota = lost.Quota,
                    };
                }

                var delay = TimeSpan.FromMilliseconds(Math.Min(_options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, resent), _options.MaxRetryDelay.TotalMilliseconds));
                Log(FalconXLogLevel.Verbose, $"POST /{SubmissionsPath}: {lost.Summary.TrimEnd('.')}; the API made no submission (checked), so it is sent again in {DurationText.Format(delay)}.");
                await _options.TimeProvider.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// True when a failed submission request may still have created the submission: the connection broke after it was
    /// sent, no answer came in time, the API failed (5xx), or a 2xx answer could not be read. Refusals (4xx, 429,
    /// quota), redirects and proxy or TLS failures mean it did not.
    /// </summary>
    private static bool MayHaveActed(FalconXApiException failure) => failure.Kind switch
    {
        FalconXErrorKind.Transport => !(failure.InnerException is Exception inner && (TransportFailures.IsConnectFailure(inner) || TransportFailures.IsTlsFailure(inner))),
        FalconXErrorKind.Timeout or FalconXErrorKind.Server => true,
        FalconXErrorKind.InvalidResponse => failure.StatusCode is null or (>= 200 and < 300),
        _ => false,
    };

    /// <summary>
    /// The newest submission matching <paramref name="filter"/> created at or after <paramref name="since"/>, or null.
    /// When the lookup itself fails, the original failure is thrown with a note saying what to check.
    /// </summary>
    private async Task<FalconXSubmission?> FindSubmissionMadeSinceAsync(string filter, DateTimeOffset since, FalconXApiException lost, CancellationToken cancellationToken)
    {
        try
        {
            var ids = (await QuerySubmissionIdsPageAsync(filter, 0, 20, "created_timestamp.desc", cancellationToken).ConfigureAwait(false)).Ids;
            if (ids.Count == 0)
            {
                return null;
            }

            var submissions = await GetSubmissionsAsync(ids, cancellationToken).ConfigureAwait(false);
            return submissions
                .Where(s => s.CreatedAt is DateTimeOffset at && at >= since)
                .OrderByDescending(s => s.CreatedAt)
                .FirstOrDefault();
        }
        catch (FalconXApiException check)
        {
            throw new FalconXApiException(
                lost.Kind,
                lost.Summary + $" Whether the API made the submission anyway could not be checked ({check.Summary.TrimEnd('.')}): look for it with Get-FalconXSubmission -Filter \"{filter.Replace("\"", "'")}\" before submitting again.",
                lost.StatusCode,
                lost.Method,
                lost.Path,
                lost.Errors,
                lost.TraceId,
                lost)
            {
                Quota = lost.Quota,
            };
        }
    }

    /// <summary>
    /// Gets submissions (with their current state) by id, as many ids per request as the URL budget
    /// (<see cref="FalconXClientOptions.MaxUrlLength"/>) allows: about 200 with the default, so one request covers the
    /// status of 200 detonations. Ids the API does not know are left out of the result; compare with the ids asked for
    /// to find them.
    /// </summary>
    /// <exception cref="ArgumentException">An id is not of the form &lt;32 hex&gt;_&lt;32 hex&gt;.</exception>
    /// <exception cref="FalconXApiException">A request failed.</exception>
    public async Task<IReadOnlyList<FalconXSubmission>> GetSubmissionsAsync(IEnumerable<string> submissionIds, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var ids = DistinctIds(submissionIds ?? throw new ArgumentNullException(nameof(submissionIds)));
        var found = new List<FalconXSubmission>(ids.Count);
        foreach (var batch in SplitSubmissionIds(ids))
        {
            var request = new ApiRequest(HttpMethod.Get, SubmissionsPath).AddQuery("ids", batch);
            try
            {
                var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
                var read = ReadSubmissions(response, "GET", SubmissionsPath);
                var failures = response.Errors.Where(e => e.Code >= 500).ToList();
                if (failures.Count > 0 && read.Count < batch.Length)
                {
                    // A 200 that reports a server failure instead of some submissions: "not found" would be a lie.
                    throw new FalconXApiException(
                        FalconXErrorKind.Server,
                        $"The API answered without {batch.Length - read.Count} of the {batch.Length} submissions asked for and reported a failure instead; try again later.",
                        response.StatusCode,
                        "GET",
                        "/" + SubmissionsPath,
                        failures,
                        response.TraceId);
                }

                found.AddRange(read);
            }
            catch (FalconXApiException ex) when (ex.Kind == FalconXErrorKind.NotFound && ex.Errors.Count > 0)
            {
                // 404 with errors[] means none of this batch exists; a 404 without them (wrong URL) still throws.
            }
        }

        return found;
    }

    /// <summary>How many GetSubmissions requests <paramref name="ids"/> take (for counting status requests).</summary>
    internal int SubmissionRequestsFor(IReadOnlyList<string> ids) => SplitSubmissionIds(ids).Count;

    private List<string[]> SplitSubmissionIds(IReadOnlyList<string> ids) =>
        BatchedIdLookup.Split(ids, BaseUrl, SubmissionsPath, "ids", _options.MaxUrlLength);

    /// <summary>
    /// One page of submission ids matching an FQL filter (e.g. <c>state:'running'</c>), newest first by default
    /// (<c>GET /falconx/queries/submissions/v1</c>).
    /// </summary>
    /// <param name="filter">FQL, or null for every submission.</param>
    /// <param name="offset">Matches to skip.</param>
    /// <param name="limit">Ids to return, 1 to 5000.</param>
    /// <param name="sort">created_timestamp.desc (the default when null), created_timestamp.asc, asc or desc.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <exception cref="FalconXApiException">The API refused (e.g. a malformed filter) or failed.</exception>
    public Task<IdPage> QuerySubmissionIdsPageAsync(string? filter, int offset = 0, int limit = 100, string? sort = null, CancellationToken cancellationToken = default) =>
        QueryIdsPageAsync(SubmissionQueryPath, filter, offset, limit, sort, cancellationToken);

    /// <summary>
    /// Every submission id matching the query (filter, sort, offset, limit), fetched page by page as the enumeration
    /// goes. <see cref="ReportQuery"/> serves both query endpoints.
    /// </summary>
    /// <exception cref="FalconXApiException">A page could not be fetched.</exception>
    public IAsyncEnumerable<string> QuerySubmissionIdsAsync(ReportQuery query, CancellationToken cancellationToken = default) =>
        QueryIdsAsync(SubmissionQueryPath, query ?? throw new ArgumentNullException(nameof(query)), cancellationToken);

    /// <summary>
    /// Finds an earlier detonation of the same sample (by SHA-256) or URL in the same environment, so that it can be
    /// reused instead of spending quota: the newest one that has a report and did not fail. Returns null when there
    /// is none. The answer also refreshes <see cref="LastQuota"/>.
    /// </summary>
    /// <param name="sha256">The sample's SHA-256, or null for a URL.</param>
    /// <param name="url">The URL, when <paramref name="sha256"/> is null.</param>
    /// <param name="environmentId">The environment the new detonation would use.</param>
    /// <param name="cancellationToken">Stops the lookup.</param>
    /// <exception cref="FalconXApiException">A request failed.</exception>
    [SuppressMessage("Design", "CA1054:URI-like parameters should not be strings", Justification = "The URL is looked up in the API's defanged text form (DefangedUrl), built from the text the user submitted; System.Uri would rewrite that text.")]
    public async Task<FalconXSubmission?> FindExistingSubmissionAsync(string? sha256, string? url, int environmentId, CancellationToken cancellationToken = default)
    {
        var filter = ExistingAnalysisFilter(sha256, url, environmentId);
        if (filter is null)
        {
            return null;
        }

        // Reports exist only for finished detonations: a hit is reusable at once.
        var ids = (await QueryReportIdsPageAsync(filter, 0, 20, "created_timestamp.desc", cancellationToken).ConfigureAwait(false)).Ids;
        if (ids.Count > 0)
        {
            var submissions = await GetSubmissionsAsync(ids, cancellationToken).ConfigureAwait(false);
            var byId = submissions.ToDictionary(s => s.SubmissionId, StringComparer.OrdinalIgnoreCase);
            foreach (var id in ids)
            {
                // A failed detonation is no answer: submit again rather than hand back its error.
                if (byId.TryGetValue(id, out var submission) && submission.IsSucceeded)
                {
                    submission.Reused = true;
                    return submission;
                }
            }
        }

        return await FindDetonationInProgressAsync(filter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The newest submission of the same sample or URL and environment that is still <c>created</c> or <c>running</c>,
    /// so that a re-run (after a timeout, a killed job, or while an earlier run is still waiting) adopts it instead of
    /// spending quota on a second detonation. Null when there is none.
    /// </summary>
    private async Task<FalconXSubmission?> FindDetonationInProgressAsync(string filter, CancellationToken cancellationToken)
    {
        var inProgress = filter + "+state:['" + FalconXSubmissionState.Created + "','" + FalconXSubmissionState.Running + "']";
        var ids = (await QuerySubmissionIdsPageAsync(inProgress, 0, 20, "created_timestamp.desc", cancellationToken).ConfigureAwait(false)).Ids;
        if (ids.Count == 0)
        {
            return null;
        }

        // The state may have moved on between the query and this read: a finished one is as good (its report exists
        // now), a failed one is no answer.
        var found = (await GetSubmissionsAsync(ids, cancellationToken).ConfigureAwait(false))
            .Where(s => !s.IsFailed)
            .OrderByDescending(s => s.CreatedAt ?? DateTimeOffset.MinValue)
            .FirstOrDefault();
        if (found is not null)
        {
            found.Reused = true;
        }

        return found;
    }

    /// <summary>
    /// The FQL that finds earlier detonations of a sample or URL in one environment, or null when the URL holds a
    /// wildcard, in which case nothing is reused.
    /// </summary>
    internal static string? ExistingAnalysisFilter(string? sha256, string? url, int environmentId)
    {
        if (sha256 is not null)
        {
            return FalconXFql.Sha256(sha256, environmentId);
        }

        if (string.IsNullOrWhiteSpace(url))
        {
            throw new ArgumentException("Give a SHA-256 or a URL.", nameof(url));
        }

        // '*' is a wildcard in FQL and cannot be escaped: such a URL could match others, so nothing is reused for it.
        // The API stores URLs defanged and its filters match that stored form only.
        var text = url!.Trim();
        return text.IndexOf('*') >= 0
            ? null
            : "sandbox.submit_url.raw:" + FalconXFql.Quote(DefangedUrl.Defang(text)) + "+sandbox.environment_id:" + environmentId.ToString(CultureInfo.InvariantCulture);
    }

    private static List<string> DistinctIds(IEnumerable<string> ids)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var list = new List<string>();
        foreach (var raw in ids)
        {
            var id = raw?.Trim();
            if (string.IsNullOrEmpty(id))
            {
                continue;
            }

            if (!IsSubmissionId(id))
            {
                throw new ArgumentException($"'{id}' is not a submission or report id: ids look like <32 hex>_<32 hex>.", nameof(ids));
            }

            if (seen.Add(id!))
            {
                list.Add(id!);
            }
        }

        return list;
    }

    /// <summary>True for <c>&lt;32 hex&gt;_&lt;32 hex&gt;</c>: submission ids and report ids are the same.</summary>
    public static bool IsSubmissionId(string? id) => IsReportId(id);

    /// <summary>Reads the submissions of an answer; a submission field of the wrong JSON type is an <see cref="FalconXErrorKind.InvalidResponse"/>.</summary>
    internal static IReadOnlyList<FalconXSubmission> ReadSubmissions(ApiResponse response, string method, string path)
    {
        var list = new List<FalconXSubmission>();
        if (response.Resources.ValueKind != JsonValueKind.Array)
        {
            return list;
        }

        foreach (var element in response.Resources.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            FalconXSubmission submission;
            try
            {
                submission = FalconXSubmission.Fields.Read(element);
            }
            catch (FieldShapeException ex)
            {
                throw new FalconXApiException(
                    FalconXErrorKind.InvalidResponse,
                    $"The API's answer holds a submission that could not be read (a field of the wrong type at {ex.Path}). Something between this machine and the API may have changed the answer; try again, and check -Proxy and the base URL if it persists.",
                    response.StatusCode,
                    method,
                    "/" + path,
                    response.Errors,
                    response.TraceId,
                    ex);
            }

            if (submission.SubmissionId.Length > 0)
            {
                list.Add(submission);
            }
        }

        return list;
    }
}
