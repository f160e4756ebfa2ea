using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Models;

namespace FalconX.Workflows;

/// <summary>
/// The submit workflow of Submit-FalconXSample and Submit-FalconXArchive for a whole pipeline: check a sample
/// (<see cref="Check"/>), then upload it, reuse what already exists for the same sample and environment (a submission
/// made earlier by this submitter, a finished report, or a detonation still running) unless <see cref="Force"/> or the
/// sample is a file of an archive (<see cref="SampleToSubmit.ReusesEarlier"/>), guard the quota (refuse without a
/// request once it is used up, warn once when it runs low) and submit. Every sample ends in a
/// <see cref="SampleSubmitOutcome"/>; nothing here writes to a console, so the caller decides how to show each outcome.
/// </summary>
public sealed class SampleSubmitter
{
    private const string SubmitPath = "/falconx/entities/submissions/v1";
    private readonly FalconXClient _client;
    private readonly FalconXSubmitParameters _template;
    private readonly DateTimeOffset _startedAt;
    private readonly Dictionary<string, FalconXSubmission> _submitted = new(StringComparer.OrdinalIgnoreCase);
    private bool _lowQuotaWarned;

    /// <summary>
    /// Creates a submitter. <paramref name="template"/> holds the options every submission gets (its hash, URL and
    /// environment are set per sample); a quota reading older than <paramref name="startedAt"/> (default: now) is not
    /// trusted to refuse a sample.
    /// </summary>
    public SampleSubmitter(FalconXClient client, FalconXSubmitParameters template, DateTimeOffset? startedAt = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _template = (template ?? throw new ArgumentNullException(nameof(template))).Clone();
        _startedAt = startedAt ?? DateTimeOffset.UtcNow;
    }

    /// <summary>Submit even when a report or running detonation of the same sample and environment exists.</summary>
    public bool Force { get; set; }

    /// <summary>The comment stored with each uploaded file.</summary>
    public string? Comment { get; set; }

    /// <summary>Keep uploaded files private to the tenant (the API's default).</summary>
    public bool Confidential { get; set; } = true;

    /// <summary>Called (on a worker thread) with the file and the bytes sent so far while a file uploads.</summary>
    public Action<string, long>? UploadProgress { get; set; }

    /// <summary>Called (on a worker thread) with a line of detail, e.g. what an upload computed.</summary>
    public Action<string>? Verbose { get; set; }

    /// <summary>The quota error that stopped this submitter: once set, every later sample fails with it at once.</summary>
    public FalconXApiException? QuotaFailure { get; private set; }

    /// <summary>Checks a sample without sending anything: the file is there, readable, not empty and not too big; the URL or hash is well formed.</summary>
    /// <returns>Why it cannot be submitted, or null when it can.</returns>
    public static SampleRefusal? Check(SampleToSubmit sample)
    {
        if (sample is null)
        {
            throw new ArgumentNullException(nameof(sample));
        }

        if (sample.File is not null)
        {
            var check = FalconXClient.CheckSampleFile(sample.File);
            return check.Problem switch
            {
                SampleFileProblem.None => null,
                SampleFileProblem.NotFound => Refuse(ErrorIds.FalconXSampleNotFound, check.Message!, SampleRefusalReason.NotFound),
                SampleFileProblem.IsDirectory => Refuse(ErrorIds.FalconXSampleIsDirectory, check.Message!, SampleRefusalReason.InvalidArgument),
                SampleFileProblem.Empty => Refuse(ErrorIds.FalconXSampleEmpty, check.Message!, SampleRefusalReason.InvalidData),
                SampleFileProblem.TooLarge => Refuse(ErrorIds.FalconXSampleTooLarge, check.Message!, SampleRefusalReason.LimitsExceeded),
                _ => Refuse(ErrorIds.FalconXSampleUnreadable, check.Message!, SampleRefusalReason.ReadError),
            };
        }

        if (sample.Url is not null)
        {
            return FalconXSubmitParameters.CheckUrl(sample.Url) is string urlProblem
                ? Refuse(ErrorIds.FalconXInvalidUrl, urlProblem, SampleRefusalReason.InvalidArgument)
                : null;
        }

        return FalconXClient.IsSha256(sample.Sha256)
            ? null
            : Refuse(ErrorIds.FalconXInvalidSha256, $"'{sample.Sha256}' is not a SHA-256: it must be 64 hexadecimal characters.", SampleRefusalReason.InvalidArgument);
    }

    /// <summary>
    /// Uploads (files), reuses or submits one sample in <paramref name="environmentId"/>. API errors and a file that
    /// changed during the upload become outcomes; only cancellation throws.
    /// </summary>
    public async Task<SampleSubmitOutcome> SubmitAsync(SampleToSubmit sample, int environmentId, CancellationToken cancellationToken = default)
    {
        if (sample is null)
        {
            throw new ArgumentNullException(nameof(sample));
        }

        if (QuotaFailure is not null)
        {
            // The quota ran out earlier in this pipeline: fail at once, without another request.
            return new SampleSubmitOutcome(sample, SampleSubmitResult.QuotaExhausted, error: QuotaFailure);
        }

        try
        {
            return await SubmitOrReuseAsync(sample, environmentId, cancellationToken).ConfigureAwait(false);
        }
        catch (FalconXApiException ex) when (ex.Kind == FalconXErrorKind.QuotaExhausted)
        {
            QuotaFailure = ex;
            return new SampleSubmitOutcome(sample, SampleSubmitResult.QuotaExhausted, error: ex);
        }
        catch (FalconXApiException ex)
        {
            return new SampleSubmitOutcome(sample, SampleSubmitResult.Failed, error: ex);
        }
        catch (ArgumentException ex)
        {
            // The file changed between the check and the upload (deleted, emptied, grown past the limit).
            return new SampleSubmitOutcome(sample, SampleSubmitResult.Refused, refusal: Refuse(ErrorIds.FalconXSampleUnusable, ex.Message, SampleRefusalReason.InvalidData));
        }
    }

    private async Task<SampleSubmitOutcome> SubmitOrReuseAsync(SampleToSubmit sample, int environmentId, CancellationToken cancellationToken)
    {
        var sha256 = sample.Sha256 is null ? null : FalconXClient.NormalizeSha256(sample.Sha256);
        string? fileName = null;
        if (sample.File is not null)
        {
            var file = sample.File;
            var progress = UploadProgress;
            var uploaded = await _client.UploadSampleAsync(file, null, Comment, Confidential, progress is null ? null : sent => progress(file, sent), cancellationToken).ConfigureAwait(false);
            sha256 = uploaded.Sha256;
            fileName = uploaded.FileName;
            Verbose?.Invoke($"Uploaded '{file}' ({ByteSizeText.Format(uploaded.Length)}), SHA-256 {sha256}.");
        }

        var key = (sha256 ?? sample.Url) + "|" + environmentId.ToString(CultureInfo.InvariantCulture);
        if (!Force && sample.ReusesEarlier)
        {
            if (_submitted.TryGetValue(key, out var earlier))
            {
                var copy = earlier.Clone();
                copy.Reused = true;
                copy.LocalFile = sample.File;
                return Finish(sample, SampleSubmitResult.ReusedFromPipeline, copy, key);
            }

            var existing = await _client.FindExistingSubmissionAsync(sha256, sha256 is null ? sample.Url : null, environmentId, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                existing.LocalFile = sample.File;
                return Finish(sample, existing.IsFinished ? SampleSubmitResult.ReusedReport : SampleSubmitResult.AdoptedRunning, existing, key);
            }

            // The lookup's answer carried the quota: an exhausted one refuses here, without a submission request.
            if (_client.LastQuota is { IsExhausted: true } quota && quota.ObservedAt >= _startedAt)
            {
                throw new FalconXApiException(
                    FalconXErrorKind.QuotaExhausted,
                    $"The sandbox submission quota is used up ({quota.Used} of {quota.Total} used) and no earlier report of this sample exists in environment {environmentId}; it resets at the start of the next period.",
                    method: "POST",
                    path: SubmitPath)
                {
                    Quota = quota,
                };
            }
        }

        var parameters = _template.Clone();
        parameters.Sha256 = sha256;
        parameters.Url = sha256 is null ? sample.Url : null;
        parameters.EnvironmentId = environmentId;
        parameters.SubmitName ??= sample.SubmitName ?? fileName;
        if (sample.ArchiveFile is FalconXArchiveFile member)
        {
            parameters.UserTags.Add(ArchiveSubmitter.ArchiveTagPrefix + member.ArchiveSha256);
        }

        var submission = await _client.SubmitAsync(parameters, cancellationToken).ConfigureAwait(false);
        submission.LocalFile = sample.File;
        if (sample.ArchiveFile is not null)
        {
            sample.ArchiveFile.Submission = submission;
        }

        var outcome = Finish(sample, SampleSubmitResult.Submitted, submission, key);
        NoteQuota(outcome, submission.Quota);
        return outcome;
    }

    private SampleSubmitOutcome Finish(SampleToSubmit sample, SampleSubmitResult result, FalconXSubmission submission, string key)
    {
        submission.LocalFile ??= sample.File;
        submission.ThreatQSource ??= sample.Source;
        _submitted[key] = submission;
        return new SampleSubmitOutcome(sample, result, submission);
    }

    private void NoteQuota(SampleSubmitOutcome outcome, FalconXQuota? quota)
    {
        if (quota is null)
        {
            return;
        }

        outcome.QuotaSummary = $"Submission quota: {quota.Remaining} of {quota.Total} left ({quota.InProgress} in progress).";
        var threshold = Math.Max(5, quota.Total / 10);
        if (!_lowQuotaWarned && quota.Remaining <= threshold)
        {
            _lowQuotaWarned = true;
            outcome.LowQuotaWarning = $"Only {quota.Remaining} of {quota.Total} sandbox submissions are left this period. Get-FalconXQuota shows the quota.";
        }
    }

    private static SampleRefusal Refuse(string errorId, string problem, SampleRefusalReason reason) =>
        new(errorId, problem + " Nothing was sent for it.", reason);
}
