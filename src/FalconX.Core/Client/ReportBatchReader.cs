using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using FalconX.Models;

namespace FalconX.Client;

/// <summary>
/// Turns the answer to one batch of report (or summary) ids into one outcome per id asked for: the report, or why there
/// is none. An entry that cannot be read fails only its own id; a 200 that reports a server failure instead of some
/// reports fails the missing ones as <see cref="FalconXErrorKind.Server"/> (not "not found", which would be a lie); the
/// API's errors that name an id travel with that id. Pure: no HTTP.
/// </summary>
internal static class ReportBatchReader
{
    /// <summary>The outcome of each id of <paramref name="batch"/>, in batch order.</summary>
    /// <param name="batch">The ids asked for (valid, distinct).</param>
    /// <param name="response">The 2xx answer.</param>
    /// <param name="path">The endpoint, for error messages.</param>
    /// <param name="what">"report" or "report summary", for error messages.</param>
    /// <param name="parse">Reads one entry; a <see cref="FormatException"/> makes it unreadable.</param>
    /// <param name="consoleHost">The console host (scheme and authority) each report's link points to.</param>
    internal static List<(string Id, T? Report, FalconXApiException? Error)> Read<T>(string[] batch, ApiResponse response, string path, string what, Func<JsonElement, T> parse, string consoleHost)
        where T : FalconXReportBase
    {
        var found = new Dictionary<string, (T? Report, FalconXApiException? Error)>(StringComparer.OrdinalIgnoreCase);
        var unreadable = new List<string>();
        if (response.Resources.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var element in response.Resources.EnumerateArray())
            {
                try
                {
                    var report = parse(element);
                    report.SetConsoleHost(consoleHost);
                    if (report.ReportId is string reportId && !found.ContainsKey(reportId))
                    {
                        found[reportId] = (report, null);
                    }
                }
                catch (FormatException ex)
                {
                    var problem = $"resources[{index}]: {ex.Message}";
                    var id = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String
                        ? idElement.GetString()
                        : null;
                    if (id is not null)
                    {
                        found[id] = (null, Unreadable(what, path, $"The {what} {id} in the API's answer could not be read: {problem}", response.TraceId));
                    }
                    else
                    {
                        unreadable.Add(problem);
                    }
                }

                index++;
            }
        }
        else if (response.Resources.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
        {
            unreadable.Add($"'resources' is a JSON {response.Resources.ValueKind.ToString().ToLowerInvariant()}, not a list");
        }

        // Errors of the answer that are failures rather than "not found" and name no id: a 200 that reports the API
        // failed part of the batch. Ids missing then are not known to be absent.
        var failures = response.Errors.Where(e => e.Code >= 500 && !batch.Any(id => ErrorsAbout(id, new[] { e }).Count > 0)).ToList();
        var results = new List<(string, T?, FalconXApiException?)>(batch.Length);
        foreach (var id in batch)
        {
            if (found.TryGetValue(id, out var outcome))
            {
                results.Add((id, outcome.Report, outcome.Error));
            }
            else if (failures.Count > 0 && ErrorsAbout(id, response.Errors).Count == 0)
            {
                results.Add((id, null, new FalconXApiException(
                    FalconXErrorKind.Server,
                    $"The API answered without the {what} {id} and reported a failure instead; try again later.",
                    response.StatusCode,
                    "GET",
                    "/" + path,
                    failures,
                    response.TraceId)));
            }
            else if (unreadable.Count > 0 && ErrorsAbout(id, response.Errors).Count == 0)
            {
                // The answer had entries that were not reports; this id may be among them, so "not found" would mislead.
                results.Add((id, null, Unreadable(what, path, $"The API's answer for {what} {id} could not be read: {string.Join("; ", unreadable)}.", response.TraceId)));
            }
            else
            {
                results.Add((id, null, NotFound(id, what, path, response.Errors, response.TraceId)));
            }
        }

        return results;
    }

    /// <summary>Every id of a batch the API answered 404 for (it does so only when it has nothing to return).</summary>
    internal static List<(string Id, T? Report, FalconXApiException? Error)> NoneFound<T>(string[] batch, string path, string what, FalconXApiException notFound)
        where T : FalconXReportBase =>
        batch.Select(id => (id, (T?)null, (FalconXApiException?)NotFound(id, what, path, notFound.Errors, notFound.TraceId))).ToList();

    private static FalconXApiException NotFound(string id, string what, string path, IReadOnlyList<FalconXApiError> errors, string? traceId) =>
        new(
            FalconXErrorKind.NotFound,
            $"No {what} {id}: the API returned none. The id may belong to another tenant or cloud, the report may have been deleted, or the detonation may not have finished yet.",
            404,
            "GET",
            "/" + path,
            ErrorsAbout(id, errors),
            traceId);

    private static FalconXApiException Unreadable(string what, string path, string message, string? traceId) =>
        new(FalconXErrorKind.InvalidResponse, message + $" This {what} was skipped; the others are unaffected.", 200, "GET", "/" + path, null, traceId);

    /// <summary>The API's errors that name <paramref name="id"/> (in their id field or their message).</summary>
    private static IReadOnlyList<FalconXApiError> ErrorsAbout(string id, IReadOnlyList<FalconXApiError> errors)
    {
        List<FalconXApiError>? about = null;
        foreach (var error in errors)
        {
            if (string.Equals(error.Id, id, StringComparison.OrdinalIgnoreCase) || error.Message.IndexOf(id, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                (about ??= new List<FalconXApiError>()).Add(error);
            }
        }

        return about ?? (IReadOnlyList<FalconXApiError>)Array.Empty<FalconXApiError>();
    }
}
