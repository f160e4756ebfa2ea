using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace FalconX.Models;

/// <summary>
/// Reads Falcon X reports and summaries from JSON: one report object, a list of them, or a whole API response
/// (<c>{"meta":…,"resources":[…],"errors":[]}</c>). Reading is tolerant: missing fields, nulls, numbers sent as
/// strings, empty <c>sandbox</c> lists and fields unknown to this version are all accepted (unknown ones land in
/// <c>AdditionalProperties</c>). Input that is not JSON, or JSON that is not a report, throws a
/// <see cref="FormatException"/> whose message says what was wrong.
/// </summary>
public static class ReportParser
{
    // A report has at least one of these; an object with none of them is something else.
    // Read back from a report written out (ConvertTo-Json, Export-Clixml), the same fields have the model's names.
    private static readonly string[] ReportFields = { "id", "cid", "created_timestamp", "verdict", "sandbox", "origin", "malquery", "tags", "user_tags", "Verdict", "Sandbox" };

    /// <summary>What to tell someone who gives a submission where a report belongs.</summary>
    public const string SubmissionIsNotAReport =
        "This is a sandbox submission (it has a 'state' and no verdict), not a report; fetch its report with Get-FalconXReport once the submission has succeeded.";

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 128 };

    /// <summary>Reads one report: a JSON object as in the <c>resources</c> of GetReports.</summary>
    /// <exception cref="FormatException">The text is not JSON, or not one report object.</exception>
    public static FalconXReport ParseReport(string json)
    {
        using var document = Open(json);
        return ParseReport(document.RootElement);
    }

    /// <summary>Reads every report of a GetReports response (<c>{"meta":…,"resources":[…],"errors":[…]}</c>).</summary>
    /// <exception cref="FormatException">The text is not JSON, not a response, or one of its resources is not a report.</exception>
    public static IReadOnlyList<FalconXReport> ParseReportsResponse(string json)
    {
        using var document = Open(json);
        return ParseReportsResponse(document.RootElement);
    }

    /// <summary>
    /// Reads reports from any of the shapes saved reports come in: one report object, a JSON array of them,
    /// or a whole API response.
    /// </summary>
    /// <exception cref="FormatException">The text is not JSON, or something in it is not a report.</exception>
    public static IReadOnlyList<FalconXReport> ParseReports(string json) => ReportsOrFirstProblem(ParseItems(json));

    /// <summary>
    /// Reads a report (or an API response holding reports) given as plain .NET values: a dictionary of field names
    /// to strings, numbers, booleans, dates, nested dictionaries and lists, such as a hashtable or a walked
    /// <c>ConvertFrom-Json</c> object.
    /// </summary>
    /// <exception cref="FormatException">The values are not a report or a response holding reports.</exception>
    public static IReadOnlyList<FalconXReport> ParseReports(IReadOnlyDictionary<string, object?> fields)
    {
        if (fields is null)
        {
            throw new ArgumentNullException(nameof(fields));
        }

        return ReportsOrFirstProblem(ReadItems(new FieldValue(fields), ReadPurpose.Full));
    }

    /// <summary>
    /// Reads reports from an object that lists its fields (the PowerShell layer's view of ConvertFrom-Json output
    /// and of deserialized reports): one report, a list of them, or an API response; no JSON text in between.
    /// </summary>
    /// <exception cref="FormatException">The object is not a report or a response holding reports.</exception>
    public static IReadOnlyList<FalconXReport> ParseReports(IFieldBag fields)
    {
        if (fields is null)
        {
            throw new ArgumentNullException(nameof(fields));
        }

        return ReportsOrFirstProblem(ReadItems(new FieldValue(fields), ReadPurpose.Full));
    }

    /// <summary>Reads one report summary: a JSON object as in the <c>resources</c> of GetSummaryReports.</summary>
    /// <exception cref="FormatException">The text is not JSON, or not one summary object.</exception>
    public static FalconXReportSummary ParseSummary(string json)
    {
        using var document = Open(json);
        return ParseSummary(document.RootElement);
    }

    /// <summary>Reads every summary of a GetSummaryReports response.</summary>
    /// <exception cref="FormatException">The text is not JSON, not a response, or one of its resources is not a summary.</exception>
    public static IReadOnlyList<FalconXReportSummary> ParseSummariesResponse(string json)
    {
        using var document = Open(json);
        return ParseSummariesResponse(document.RootElement);
    }

    /// <summary>Reads one report object (the client's entry point, on an element of a response it already parsed).</summary>
    internal static FalconXReport ParseReport(JsonElement element)
    {
        var problem = ExplainNotAReport(new FieldValue(element), single: true);
        if (problem is not null)
        {
            throw new FormatException(problem);
        }

        return FalconXReport.Fields.Read(element);
    }

    /// <summary>A reader that also keeps the element's JSON, exactly as it came, in <see cref="FalconXReportBase.RawJson"/>.</summary>
    internal static Func<JsonElement, T> KeepingRawJson<T>(Func<JsonElement, T> parse)
        where T : FalconXReportBase =>
        element =>
        {
            var report = parse(element);
            report.RawJson = element.GetRawText();
            return report;
        };

    internal static IReadOnlyList<FalconXReport> ParseReportsResponse(JsonElement element) =>
        ReadResponse(element, "report", e => FalconXReport.Fields.Read(e));

    internal static FalconXReportSummary ParseSummary(JsonElement element)
    {
        var problem = ExplainNotAReport(new FieldValue(element), single: true);
        if (problem is not null)
        {
            throw new FormatException(problem.Replace("Falcon X report", "Falcon X report summary"));
        }

        return FalconXReportSummary.Fields.Read(element);
    }

    internal static IReadOnlyList<FalconXReportSummary> ParseSummariesResponse(JsonElement element) =>
        ReadResponse(element, "report summary", e => FalconXReportSummary.Fields.Read(e));

    /// <summary>
    /// Reads every report in the text, whatever its shape, keeping a problem per item instead of stopping at the
    /// first: a list with one bad entry still gives the good ones. Throws only when the text as a whole is unusable.
    /// </summary>
    public static IReadOnlyList<ParsedReport> ParseItems(string json, bool forMapping = false)
    {
        using var document = Open(json);
        return ReadItems(new FieldValue(document.RootElement), forMapping ? ReadPurpose.Mapping : ReadPurpose.Full);
    }

    /// <summary>
    /// Same as <see cref="ParseItems(string, bool)"/> for an object that lists its fields or plain .NET values.
    /// With <paramref name="forMapping"/>, the reports hold only what ThreatQ mapping reads (see
    /// <see cref="ReadPurpose.Mapping"/>): for a caller that maps them and lets them go.
    /// </summary>
    public static IReadOnlyList<ParsedReport> ParseItems(object fields, bool forMapping = false) =>
        ReadItems(new FieldValue(fields), forMapping ? ReadPurpose.Mapping : ReadPurpose.Full);

    private static List<FalconXReport> ReportsOrFirstProblem(IReadOnlyList<ParsedReport> items)
    {
        var reports = new List<FalconXReport>(items.Count);
        foreach (var item in items)
        {
            if (item.Problem is not null)
            {
                throw item.Problem;
            }

            reports.Add(item.Report!);
        }

        return reports;
    }

    private static IReadOnlyList<ParsedReport> ReadItems(FieldValue root, ReadPurpose purpose)
    {
        if (root.Shape == FieldShape.Array)
        {
            var items = new List<ParsedReport>();
            var index = 0;
            foreach (var element in root.Items())
            {
                items.Add(ReadOne(element, $"Item [{index}] of the list", purpose));
                index++;
            }

            return items;
        }

        if (root.Shape == FieldShape.Object && IsResponse(root))
        {
            root.TryGetField("resources", out var resources);
            if (resources.Shape != FieldShape.Array || resources.Count == 0)
            {
                var apiErrors = DescribeApiErrors(root);
                return apiErrors is null
                    ? Array.Empty<ParsedReport>()
                    : new[] { new ParsedReport(null, new FormatException($"The API response holds no reports; the API reported: {apiErrors}.")) };
            }

            var items = new List<ParsedReport>(resources.Count);
            var index = 0;
            foreach (var element in resources.Items())
            {
                items.Add(ReadOne(element, $"resources[{index}] of the API response", purpose));
                index++;
            }

            return items;
        }

        return new[] { ReadOne(root, null, purpose) };
    }

    private static ParsedReport ReadOne(FieldValue element, string? where, ReadPurpose purpose)
    {
        var problem = ExplainNotAReport(element, single: false);
        if (problem is not null)
        {
            return new ParsedReport(null, new FormatException(where is null ? problem : $"{where}: {problem}"));
        }

        return new ParsedReport(FalconXReport.Fields.Read(element, purpose), null);
    }

    private static IReadOnlyList<T> ReadResponse<T>(JsonElement root, string what, Func<JsonElement, T> read)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("resources", out var resources))
        {
            throw new FormatException($"Expected an API response ({{\"meta\":…,\"resources\":[…],\"errors\":[…]}}) but got {Describe(new FieldValue(root))} without a 'resources' list.");
        }

        if (resources.ValueKind == JsonValueKind.Null || (resources.ValueKind == JsonValueKind.Array && resources.GetArrayLength() == 0))
        {
            var apiErrors = DescribeApiErrors(new FieldValue(root));
            if (apiErrors is not null)
            {
                throw new FormatException($"The API response holds no {what}s; the API reported: {apiErrors}.");
            }

            return Array.Empty<T>();
        }

        if (resources.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"The 'resources' of the API response should be a list but is {Describe(new FieldValue(resources))}.");
        }

        var list = new List<T>(resources.GetArrayLength());
        var index = 0;
        foreach (var element in resources.EnumerateArray())
        {
            var problem = ExplainNotAReport(new FieldValue(element), single: false);
            if (problem is not null)
            {
                throw new FormatException($"resources[{index}] of the API response: {problem}");
            }

            list.Add(read(element));
            index++;
        }

        return list;
    }

    /// <summary>Null when the element is a report object; otherwise why not, in words a user can act on.</summary>
    private static string? ExplainNotAReport(FieldValue element, bool single)
    {
        var ignored = true;
        if (element.Shape == FieldShape.Array)
        {
            return single
                ? $"Expected one Falcon X report (a JSON object) but got a list of {element.Count} item(s); read lists with ParseReports."
                : "Expected a Falcon X report (a JSON object) but got a nested list.";
        }

        if (element.Shape == FieldShape.String && element.String(ref ignored) is string text && LooksLikeReportId(text))
        {
            return $"'{text}' is a report id, not a report (a QueryReports answer lists ids); fetch the report with Get-FalconXReport -ReportId.";
        }

        if (element.Shape != FieldShape.Object)
        {
            return $"Expected a Falcon X report (a JSON object with fields such as id, verdict and sandbox) but got {Describe(element)}.";
        }

        if (IsResponse(element))
        {
            var count = element.TryGetField("resources", out var list) && list.Shape == FieldShape.Array ? list.Count : 0;
            return $"This is an API response holding {count} report(s), not one report; read it with ParseReports or ParseReportsResponse.";
        }

        var hasVerdict = element.TryGetField("verdict", out _) || element.TryGetField("Verdict", out _);
        if ((element.TryGetField("state", out _) || element.TryGetField("State", out _)) && !hasVerdict)
        {
            return SubmissionIsNotAReport;
        }

        var names = new List<string>();
        foreach (var field in element.Fields())
        {
            if (Array.IndexOf(ReportFields, field.Key) >= 0)
            {
                return null;
            }

            names.Add(field.Key);
        }

        var found = names.Count == 0 ? "it is empty" : "its fields are " + string.Join(", ", names.Take(8));
        return $"The JSON object is not a Falcon X report: it has none of the report fields (id, created_timestamp, verdict, sandbox); {found}.";
    }

    private static bool LooksLikeReportId(string? text)
    {
        if (text is null || text.Length != 65 || text[32] != '_')
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (i != 32 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsResponse(FieldValue element) =>
        element.TryGetField("resources", out _) && !element.TryGetField("id", out _) && !element.TryGetField("sandbox", out _);

    private static string? DescribeApiErrors(FieldValue root)
    {
        if (!root.TryGetField("errors", out var errors) || errors.Shape != FieldShape.Array)
        {
            return null;
        }

        var parts = new List<string>();
        foreach (var error in errors.Items())
        {
            if (error.Shape != FieldShape.Object)
            {
                continue;
            }

            var fits = true;
            var code = error.TryGetField("code", out var c) ? c.String(ref fits) : null;
            var message = error.TryGetField("message", out var m) ? m.String(ref fits) : null;
            parts.Add(code is null ? message ?? "an error" : $"{code} {message}".Trim());
        }

        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    private static JsonDocument Open(string json)
    {
        if (json is null)
        {
            throw new ArgumentNullException(nameof(json));
        }

        if (string.IsNullOrWhiteSpace(json))
        {
            throw new FormatException("The input is empty; expected a Falcon X report as JSON.");
        }

        try
        {
            return JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var start = json.TrimStart();
            var hint = start.Length > 0 && start[0] != '{' && start[0] != '['
                ? " A report is a JSON object starting with '{'; when reading a file with Get-Content, add -Raw so the whole file arrives as one string."
                : string.Empty;
            throw new FormatException($"The input is not valid JSON: {ex.Message}{hint}", ex);
        }
    }

    private static string Describe(FieldValue element) => element.Shape switch
    {
        FieldShape.String or FieldShape.Time => "a JSON string",
        FieldShape.Number => "a JSON number",
        FieldShape.Boolean => "a JSON boolean",
        FieldShape.Null => "JSON null",
        FieldShape.Array => "a JSON list",
        _ => "a JSON object",
    };
}
