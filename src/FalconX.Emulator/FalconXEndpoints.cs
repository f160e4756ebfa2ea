using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace FalconX.Emulator;

/// <summary>The /falconx routes: submissions, report and submission queries, reports, summaries and report deletion.</summary>
internal sealed partial class FalconXEndpoints
{
    /// <summary>Most ids one GetReports/GetSummaryReports/GetSubmissions call accepts (the URL limit usually binds first).</summary>
    public const int MaxIdsPerRequest = 5000;
    public const int MaxLimit = 5000;
    public const int DefaultLimit = 100;

    private readonly EmulatorState _state;

    public FalconXEndpoints(EmulatorState state) => _state = state;

    public void Map(RouteTable routes)
    {
        routes.Map("POST", "/falconx/entities/submissions/v1", SubmitAsync);
        routes.Map("GET", "/falconx/entities/submissions/v1", r => Task.FromResult(GetSubmissions(r)));
        routes.Map("GET", "/falconx/queries/submissions/v1", r => Task.FromResult(Query(r, reports: false)));
        routes.Map("GET", "/falconx/queries/reports/v1", r => Task.FromResult(Query(r, reports: true)));
        routes.Map("GET", "/falconx/entities/reports/v1", r => Task.FromResult(GetReports(r, summary: false)));
        routes.Map("GET", "/falconx/entities/report-summaries/v1", r => Task.FromResult(GetReports(r, summary: true)));
        routes.Map("DELETE", "/falconx/entities/reports/v1", r => Task.FromResult(DeleteReport(r)));
    }

    [GeneratedRegex("^[0-9a-fA-F]{32}_[0-9a-fA-F]{32}$")]
    private static partial Regex IdPattern();

    private JsonObject Quota(DateTimeOffset now) => new()
    {
        ["total"] = _state.Faults.QuotaTotal,
        ["used"] = _state.Faults.QuotaUsed,
        ["in_progress"] = _state.Submissions.InProgress(now),
    };

    private JsonObject Meta(ApiRequest request, JsonObject? pagination = null) =>
        Envelope.Meta(request, Envelope.PoweredByFalconX, Quota(request.ReceivedAt), pagination);

    private ApiResponse Error(ApiRequest request, int status, string message) =>
        Envelope.Error(request, status, message, Envelope.PoweredByFalconX, Quota(request.ReceivedAt), withResources: true);

    private async Task<ApiResponse> SubmitAsync(ApiRequest request)
    {
        var body = await JsonBody.ReadAsync(request).ConfigureAwait(false);
        if (body.Error is not null)
        {
            return Error(request, StatusCodes.Status400BadRequest, body.Error);
        }

        if (body.Document is not JsonObject document)
        {
            return Error(request, StatusCodes.Status400BadRequest, "the body must be a JSON object such as {\"sandbox\":[{\"sha256\":\"...\",\"environment_id\":160}]}.");
        }

        if (document["sandbox"] is not JsonArray sandboxes || sandboxes.Count != 1 || sandboxes[0] is not JsonObject sandbox)
        {
            // The wording real clients see for a missing, empty or multi-element sandbox array.
            return Error(request, StatusCodes.Status400BadRequest, "invalid number of samples submitted: send exactly one object in 'sandbox'.");
        }

        var problem = SubmissionValidator.Validate(sandbox, document, out var environmentId, out var userTags, out var sendEmail);
        if (problem is not null)
        {
            return Error(request, StatusCodes.Status400BadRequest, problem);
        }

        var sha256 = sandbox["sha256"]?.GetValue<string>();
        var url = sandbox["url"]?.GetValue<string>();
        StoredSample? sample = null;
        if (sha256 is not null && !_state.Samples.TryGet(sha256, out sample))
        {
            return Error(request, StatusCodes.Status400BadRequest,
                $"sample {sha256} was not found: upload it first with POST /samples/entities/samples/v2.");
        }

        if (!_state.Faults.TryUseQuota(out var total, out var used))
        {
            return Error(request, StatusCodes.Status429TooManyRequests,
                $"quota exceeded: {used} of {total} submissions used; wait for the quota to renew or ask for a larger one.");
        }

        var submitName = sandbox["submit_name"]?.GetValue<string>() ?? sample?.FileName ?? url!;
        var echo = new JsonObject();
        foreach (var (name, value) in sandbox)
        {
            echo[name] = value?.DeepClone();
        }

        echo["environment_id"] = environmentId;
        if (url is not null)
        {
            // Real URL submissions keep the URL defanged and carry no submit_name unless one was sent.
            echo["url"] = UrlDefanger.Defang(url);
            if (sandbox["submit_name"] is null)
            {
                echo.Remove("submit_name");
            }
        }
        else
        {
            echo["submit_name"] = submitName;
        }
        if (sha256 is not null)
        {
            echo["sha256"] = sha256.ToLowerInvariant();
        }

        var submission = new Submission
        {
            Id = _state.Submissions.NewId(),
            Cid = _state.Options.Cid,
            CreatedAt = request.ReceivedAt,
            DelayMs = _state.Faults.SubmissionDelayMs,
            ReportShape = _state.Faults.ReportShape,
            Sha256 = sample?.Sha256 ?? ReportSeed.Hex(url!, 0, "url", 64),
            Url = url,
            EnvironmentId = environmentId,
            SubmitName = submitName,
            Marker = sample?.Marker ?? SampleStore.MarkerOfUrl(url!),
            FileSize = sample?.Size ?? 0,
            FileType = sample is null ? null : FileTypeSniffer.SniffFile(sample.FilePath, submitName),
            Sandbox = echo,
            UserTags = userTags,
            SendEmailNotification = sendEmail,
            AutoDetectEnvironment = document["auto_detect_environment"]?.GetValue<bool>(),
            NetworkSettings = sandbox["network_settings"]?.GetValue<string>(),
        };
        var duplicate = _state.Submissions.Add(submission);
        _state.Stats.Submitted(duplicate);
        var resource = SubmissionJson(submission, request.ReceivedAt);
        // The answer to a new submission always shows it queued, whatever the delay.
        resource["state"] = "created";
        resource.Remove("error_type");
        resource.Remove("error_origin");
        resource.Remove("error_message");
        return Envelope.Ok(request, StatusCodes.Status200OK, Meta(request), new JsonArray(resource));
    }

    private static JsonObject SubmissionJson(Submission submission, DateTimeOffset now)
    {
        var state = submission.State(now);
        var json = new JsonObject
        {
            ["id"] = submission.Id,
            ["cid"] = submission.Cid,
            ["origin"] = "apigateway",
            ["state"] = state,
            ["created_timestamp"] = Envelope.Timestamp(submission.CreatedAt),
            ["sandbox"] = new JsonArray(submission.Sandbox.DeepClone()),
            ["user_id"] = "emulator-api-client",
            ["user_name"] = "FalconX emulator API client",
            ["user_tags"] = Envelope.Strings(submission.UserTags),
            ["send_email_notification"] = submission.SendEmailNotification,
        };
        if (submission.AutoDetectEnvironment is bool detect)
        {
            json["auto_detect_environment"] = detect;
        }

        if (state == "error")
        {
            var sandbox = ReportGenerator.Summary(submission)["sandbox"]![0]!;
            json["error_type"] = sandbox["error_type"]!.DeepClone();
            json["error_origin"] = sandbox["error_origin"]!.DeepClone();
            json["error_message"] = sandbox["error_message"]!.DeepClone();
        }

        return json;
    }

    /// <summary>Reads and checks the ids of a batch GET; returns an error answer or null.</summary>
    private ApiResponse? ReadIds(ApiRequest request, out IReadOnlyList<string> ids)
    {
        ids = request.QueryList("ids");
        if (ids.Count > MaxIdsPerRequest)
        {
            return Error(request, StatusCodes.Status400BadRequest, $"too many ids: {ids.Count}; send at most {MaxIdsPerRequest} per request.");
        }

        var bad = ids.FirstOrDefault(id => !IdPattern().IsMatch(id));
        return bad is null ? null : Error(request, StatusCodes.Status400BadRequest, $"'{bad}' is not a valid id: ids look like <32 hex>_<32 hex>.");
    }

    private ApiResponse GetSubmissions(ApiRequest request)
    {
        if (ReadIds(request, out var ids) is { } refused)
        {
            return refused;
        }

        if (ids.Count == 0)
        {
            // Some clients probe the quota this way; the real answer carries meta.quota and null resources.
            return Envelope.Ok(request, StatusCodes.Status200OK, Meta(request), resources: null);
        }

        var resources = new JsonArray();
        var errors = new JsonArray();
        foreach (var id in ids.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (_state.Submissions.TryGet(id, out var submission))
            {
                resources.Add(SubmissionJson(submission, request.ReceivedAt));
            }
            else
            {
                errors.Add(Envelope.ErrorItem(404, $"submission {id} not found."));
            }
        }

        return Envelope.Ok(request, resources.Count == 0 ? StatusCodes.Status404NotFound : StatusCodes.Status200OK, Meta(request), resources, errors);
    }

    private ApiResponse GetReports(ApiRequest request, bool summary)
    {
        if (ReadIds(request, out var ids) is { } refused)
        {
            return refused;
        }

        if (ids.Count == 0)
        {
            return Error(request, StatusCodes.Status400BadRequest, "ids is required: pass report ids as ids=a&ids=b or ids=a,b.");
        }

        var resources = new JsonArray();
        var errors = new JsonArray();
        foreach (var id in ids.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!_state.Submissions.TryGet(id, out var submission) || submission.ReportDeleted)
            {
                errors.Add(Envelope.ErrorItem(404, $"report {id} not found."));
            }
            else if (!submission.IsFinished(request.ReceivedAt))
            {
                errors.Add(Envelope.ErrorItem(404, $"report {id} is not ready: the submission is {submission.State(request.ReceivedAt)}."));
            }
            else
            {
                resources.Add(summary ? ReportGenerator.Summary(submission) : ReportGenerator.FullReport(submission));
            }
        }

        return Envelope.Ok(request, resources.Count == 0 ? StatusCodes.Status404NotFound : StatusCodes.Status200OK, Meta(request), resources, errors);
    }

    private ApiResponse DeleteReport(ApiRequest request)
    {
        var id = request.Query("ids");
        if (id is null || !IdPattern().IsMatch(id))
        {
            return Error(request, StatusCodes.Status400BadRequest, id is null
                ? "ids is required: pass the one report id to delete as ?ids=<id>."
                : $"'{id}' is not a valid report id: ids look like <32 hex>_<32 hex>.");
        }

        if (!_state.Submissions.TryGet(id, out var submission) || submission.ReportDeleted || !submission.IsFinished(request.ReceivedAt))
        {
            return Envelope.Error(request, StatusCodes.Status404NotFound, $"report {id} not found.", Envelope.PoweredByFalconX, Quota(request.ReceivedAt));
        }

        submission.ReportDeleted = true;
        return Envelope.Ok(request, StatusCodes.Status202Accepted, Meta(request), Envelope.Strings([submission.Id]));
    }

    private ApiResponse Query(ApiRequest request, bool reports)
    {
        var filter = Fql.Parse(request.Query("filter"), out var filterError);
        if (filter is null)
        {
            return Error(request, StatusCodes.Status400BadRequest, filterError!);
        }

        var limit = DefaultLimit;
        if (request.Query("limit") is { } limitText
            && (!int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit))
        {
            return Error(request, StatusCodes.Status400BadRequest, $"limit '{limitText}' must be a whole number from 1 to {MaxLimit}.");
        }

        var offset = 0;
        if (request.Query("offset") is { } offsetText
            && (!int.TryParse(offsetText, NumberStyles.Integer, CultureInfo.InvariantCulture, out offset) || offset < 0))
        {
            return Error(request, StatusCodes.Status400BadRequest, $"offset '{offsetText}' must be a whole number of 0 or more.");
        }

        var sort = (request.Query("sort") ?? "created_timestamp.desc").Trim().ToLowerInvariant().Replace('|', '.');
        bool descending;
        switch (sort)
        {
            case "desc" or "created_timestamp.desc" or "created_timestamp":
                descending = true;
                break;
            case "asc" or "created_timestamp.asc":
                descending = false;
                break;
            default:
                return Error(request, StatusCodes.Status400BadRequest, $"sort '{request.Query("sort")}' is not supported; use created_timestamp.desc, created_timestamp.asc, asc or desc.");
        }

        var now = request.ReceivedAt;
        var matching = _state.Submissions.All()
            .Where(s => !reports || (s.IsFinished(now) && !s.ReportDeleted))
            .Where(s => filter.Matches(field => FieldValues(s, field, now)))
            .ToList();
        var ordered = descending
            ? matching.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id, StringComparer.Ordinal)
            : matching.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal);
        var page = ordered.Skip(offset).Take(limit).Select(s => s.Id);
        var pagination = new JsonObject { ["offset"] = offset, ["limit"] = limit, ["total"] = matching.Count };
        return Envelope.Ok(request, StatusCodes.Status200OK, Meta(request, pagination), Envelope.Strings(page));
    }

    private static IEnumerable<string?> FieldValues(Submission submission, string field, DateTimeOffset now) => field switch
    {
        "user_tags" => (IEnumerable<string?>)submission.UserTags,
        "id" => [submission.Id],
        "cid" => [submission.Cid],
        "state" => [submission.State(now)],
        "verdict" => new[] { submission.IsFinished(now) ? ReportGenerator.VerdictOf(submission.Marker) : null },
        "origin" => ["apigateway"],
        "created_timestamp" => [Envelope.Timestamp(submission.CreatedAt)],
        "sandbox.sha256" => new[] { submission.IsUrl ? null : submission.Sha256 },
        "sandbox.environment_id" => [submission.EnvironmentId.ToString(CultureInfo.InvariantCulture)],
        "sandbox.submit_url" => new[] { submission.StoredUrl },
        "sandbox.submit_name" => new[] { submission.IsUrl && submission.Sandbox["submit_name"] is null ? null : submission.SubmitName },
        _ => [],
    };
}
