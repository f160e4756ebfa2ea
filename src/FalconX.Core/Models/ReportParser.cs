using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
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
    private static readonly string[] ReportFields = { "id", "cid", "created_timestamp", "verdict", "sandbox", "origin", "malquery", "tags", "user_tags" };

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 128 };

    /// <summary>
    /// Report fields a reader for mapping may leave out before they reach the parser (the PowerShell side walking
    /// ConvertFrom-Json objects does, since walking them is its main cost). All are skipped or unknown to the
    /// mapping read anyway, so leaving them out changes no entity.
    /// </summary>
    internal static readonly HashSet<string> NotMappedReportFields = JsonRead.Names("threat_graph", "intel", "ai_summary");

    /// <summary>Detonation (<c>sandbox[]</c>) fields a reader for mapping may leave out; see <see cref="NotMappedReportFields"/>.</summary>
    internal static readonly HashSet<string> NotMappedSandboxFields = JsonRead.Names(
        "processes", "signatures", "incidents", "memory_dumps", "memory_forensics", "extracted_interesting_strings",
        "file_imports", "file_metadata", "version_info", "classification", "certificates", "file_sections", "file_resources",
        "file_data_directories", "suricata_alerts", "intelligence_mitre_attacks", "entrypoint_preview_instructions",
        "screenshots_artifact_ids", "sample_flags");

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

        return ReportsOrFirstProblem(ParseItems(fields));
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
        var problem = ExplainNotAReport(element, single: true);
        if (problem is not null)
        {
            throw new FormatException(problem);
        }

        return FalconXReport.Read(element);
    }

    internal static IReadOnlyList<FalconXReport> ParseReportsResponse(JsonElement element) =>
        ReadResponse(element, "report", FalconXReport.Read);

    internal static FalconXReportSummary ParseSummary(JsonElement element)
    {
        var problem = ExplainNotAReport(element, single: true);
        if (problem is not null)
        {
            throw new FormatException(problem.Replace("Falcon X report", "Falcon X report summary"));
        }

        return FalconXReportSummary.Read(element);
    }

    internal static IReadOnlyList<FalconXReportSummary> ParseSummariesResponse(JsonElement element) =>
        ReadResponse(element, "report summary", FalconXReportSummary.Read);

    /// <summary>
    /// Reads every report in the text, whatever its shape, keeping a problem per item instead of stopping at the
    /// first: a list with one bad entry still gives the good ones. Throws only when the text as a whole is unusable.
    /// </summary>
    internal static IReadOnlyList<ParsedReport> ParseItems(string json, bool forMapping = false)
    {
        using var document = Open(json);
        return ReadItems(document.RootElement, forMapping);
    }

    /// <summary>Same as <see cref="ParseItems(string, bool)"/> for plain .NET values (see <see cref="ParseReports(IReadOnlyDictionary{string, object})"/>).</summary>
    internal static IReadOnlyList<ParsedReport> ParseItems(IReadOnlyDictionary<string, object?> fields, bool forMapping = false)
    {
        using var document = PlainValueJson.ToDocument(fields);
        return ReadItems(document.RootElement, forMapping);
    }

    /// <summary>
    /// With <paramref name="forMapping"/>, the reports hold only what ThreatQ mapping reads (see
    /// <see cref="JsonRead.ForMapping"/>): for a caller that maps them and lets them go.
    /// </summary>
    private static IReadOnlyList<ParsedReport> ReadItems(JsonElement root, bool forMapping)
    {
        if (!forMapping)
        {
            return ReadItems(root);
        }

        using (JsonRead.ReadForMapping())
        {
            return ReadItems(root);
        }
    }

    private static IReadOnlyList<FalconXReport> ReportsOrFirstProblem(IReadOnlyList<ParsedReport> items)
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

    private static IReadOnlyList<ParsedReport> ReadItems(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            var items = new List<ParsedReport>(root.GetArrayLength());
            var index = 0;
            foreach (var element in root.EnumerateArray())
            {
                items.Add(ReadOne(element, $"Item [{index}] of the list"));
                index++;
            }

            return items;
        }

        if (root.ValueKind == JsonValueKind.Object && IsResponse(root))
        {
            var resources = root.GetProperty("resources");
            if (resources.ValueKind != JsonValueKind.Array || resources.GetArrayLength() == 0)
            {
                var apiErrors = DescribeApiErrors(root);
                return apiErrors is null
                    ? Array.Empty<ParsedReport>()
                    : new[] { new ParsedReport(null, new FormatException($"The API response holds no reports; the API reported: {apiErrors}.")) };
            }

            var items = new List<ParsedReport>(resources.GetArrayLength());
            var index = 0;
            foreach (var element in resources.EnumerateArray())
            {
                items.Add(ReadOne(element, $"resources[{index}] of the API response"));
                index++;
            }

            return items;
        }

        return new[] { ReadOne(root, null) };
    }

    private static ParsedReport ReadOne(JsonElement element, string? where)
    {
        var problem = ExplainNotAReport(element, single: false);
        if (problem is not null)
        {
            return new ParsedReport(null, new FormatException(where is null ? problem : $"{where}: {problem}"));
        }

        return new ParsedReport(FalconXReport.Read(element), null);
    }

    private static IReadOnlyList<T> ReadResponse<T>(JsonElement root, string what, Func<JsonElement, T> read)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("resources", out var resources))
        {
            throw new FormatException($"Expected an API response ({{\"meta\":…,\"resources\":[…],\"errors\":[…]}}) but got {Describe(root)} without a 'resources' list.");
        }

        if (resources.ValueKind == JsonValueKind.Null || (resources.ValueKind == JsonValueKind.Array && resources.GetArrayLength() == 0))
        {
            var apiErrors = DescribeApiErrors(root);
            if (apiErrors is not null)
            {
                throw new FormatException($"The API response holds no {what}s; the API reported: {apiErrors}.");
            }

            return Array.Empty<T>();
        }

        if (resources.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"The 'resources' of the API response should be a list but is {Describe(resources)}.");
        }

        var list = new List<T>(resources.GetArrayLength());
        var index = 0;
        foreach (var element in resources.EnumerateArray())
        {
            var problem = ExplainNotAReport(element, single: false);
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
    private static string? ExplainNotAReport(JsonElement element, bool single)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            return single
                ? $"Expected one Falcon X report (a JSON object) but got a list of {element.GetArrayLength()} item(s); read lists with ParseReports."
                : "Expected a Falcon X report (a JSON object) but got a nested list.";
        }

        if (element.ValueKind == JsonValueKind.String && LooksLikeReportId(element.GetString()))
        {
            return $"'{element.GetString()}' is a report id, not a report (a QueryReports answer lists ids); fetch the report with Get-FalconXReport -ReportId.";
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return $"Expected a Falcon X report (a JSON object with fields such as id, verdict and sandbox) but got {Describe(element)}.";
        }

        if (IsResponse(element))
        {
            var count = element.GetProperty("resources") is { ValueKind: JsonValueKind.Array } list ? list.GetArrayLength() : 0;
            return $"This is an API response holding {count} report(s), not one report; read it with ParseReports or ParseReportsResponse.";
        }

        var hasVerdict = element.TryGetProperty("verdict", out _);
        if (element.TryGetProperty("state", out _) && !hasVerdict)
        {
            return "This is a sandbox submission (it has a 'state' and no verdict), not a report; fetch its report with Get-FalconXReport once the submission has succeeded.";
        }

        foreach (var field in ReportFields)
        {
            if (element.TryGetProperty(field, out _))
            {
                return null;
            }
        }

        var names = element.EnumerateObject().Select(p => p.Name).Take(8).ToList();
        var found = names.Count == 0 ? "it is empty" : "its fields are " + string.Join(", ", names);
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

    private static bool IsResponse(JsonElement element) =>
        element.TryGetProperty("resources", out _) && !element.TryGetProperty("id", out _) && !element.TryGetProperty("sandbox", out _);

    private static string? DescribeApiErrors(JsonElement root)
    {
        if (!root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array || errors.GetArrayLength() == 0)
        {
            return null;
        }

        var parts = new List<string>();
        foreach (var error in errors.EnumerateArray())
        {
            if (error.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var fits = true;
            var code = error.TryGetProperty("code", out var c) ? JsonRead.String(c, ref fits) : null;
            var message = error.TryGetProperty("message", out var m) ? JsonRead.String(m, ref fits) : null;
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

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => "a JSON string",
        JsonValueKind.Number => "a JSON number",
        JsonValueKind.True or JsonValueKind.False => "a JSON boolean",
        JsonValueKind.Null => "JSON null",
        JsonValueKind.Array => "a JSON list",
        _ => "a JSON object",
    };
}

/// <summary>One item read from input that may hold several reports: the report, or why it is not one.</summary>
internal readonly struct ParsedReport
{
    internal ParsedReport(FalconXReport? report, FormatException? problem)
    {
        Report = report;
        Problem = problem;
    }

    internal FalconXReport? Report { get; }

    internal FormatException? Problem { get; }
}

/// <summary>Writes plain .NET values (dictionaries, lists, primitives, dates) as JSON, to read them with the same parser.</summary>
internal static class PlainValueJson
{
    private const int MaxDepth = 64;

    internal static JsonDocument ToDocument(object? value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value, 0);
        }

        return JsonDocument.Parse(new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static void Write(Utf8JsonWriter writer, object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException($"The object is nested more than {MaxDepth} levels deep (does it refer to itself?); a Falcon X report is not.");
        }

        switch (value)
        {
            case null:
                writer.WriteNullValue();
                return;
            case string text:
                writer.WriteStringValue(text);
                return;
            case bool flag:
                writer.WriteBooleanValue(flag);
                return;
            case char character:
                writer.WriteStringValue(character.ToString());
                return;
            case int or long or short or sbyte or byte or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                return;
            case ulong big:
                writer.WriteNumberValue(big);
                return;
            case double real:
                WriteReal(writer, real);
                return;
            case float single:
                WriteReal(writer, single);
                return;
            case decimal exact:
                writer.WriteNumberValue(exact);
                return;
            case DateTimeOffset moment:
                writer.WriteStringValue(FormatTimestamp(moment));
                return;
            case DateTime time:
                // ConvertFrom-Json turns "…Z" timestamps into DateTime values; write them back as the API would.
                writer.WriteStringValue(time.Kind switch
                {
                    DateTimeKind.Utc => FormatTimestamp(new DateTimeOffset(time)),
                    DateTimeKind.Local => FormatTimestamp(new DateTimeOffset(time).ToUniversalTime()),
                    _ => time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
                });
                return;
            case Enum member:
                writer.WriteStringValue(member.ToString());
                return;
            case IReadOnlyDictionary<string, object?> fields:
                writer.WriteStartObject();
                foreach (var pair in fields)
                {
                    writer.WritePropertyName(pair.Key);
                    Write(writer, pair.Value, depth + 1);
                }

                writer.WriteEndObject();
                return;
            case IDictionary table:
                writer.WriteStartObject();
                foreach (DictionaryEntry pair in table)
                {
                    writer.WritePropertyName(Convert.ToString(pair.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                    Write(writer, pair.Value, depth + 1);
                }

                writer.WriteEndObject();
                return;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    Write(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                return;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                return;
        }
    }

    private static void WriteReal(Utf8JsonWriter writer, double real)
    {
        if (double.IsNaN(real) || double.IsInfinity(real))
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteNumberValue(real);
        }
    }

    private static string FormatTimestamp(DateTimeOffset moment) =>
        moment.Offset == TimeSpan.Zero
            ? moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
            : moment.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
}
