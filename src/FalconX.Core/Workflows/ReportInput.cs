using System;
using FalconX.Client;
using FalconX.ThreatQ;
using FalconX.ThreatQ.Api;

namespace FalconX.Workflows;

/// <summary>
/// One thing a user asked reports for (a report id or a SHA-256), with the object it came from so that results and
/// errors name it. Built by the factory methods, which refuse what Falcon X cannot look up with a message that says
/// what to give instead.
/// </summary>
public sealed class ReportInput
{
    private ReportInput(ReportInputKind kind, string value, int? environmentId, object target)
    {
        Kind = kind;
        Value = value;
        EnvironmentId = environmentId;
        Target = target;
    }

    /// <summary>Whether <see cref="Value"/> is a report id or a SHA-256.</summary>
    public ReportInputKind Kind { get; }

    /// <summary>The id (trimmed) or the SHA-256 (trimmed, lower case).</summary>
    public string Value { get; }

    /// <summary>For a SHA-256: only reports of this sandbox environment; null for any.</summary>
    public int? EnvironmentId { get; }

    /// <summary>What the user gave (the string, the piped report, submission or ThreatQ indicator): the target of errors.</summary>
    public object Target { get; }

    /// <summary>A report (or submission) id.</summary>
    /// <exception cref="ArgumentException">Not <c>&lt;32 hex&gt;_&lt;32 hex&gt;</c>; the message says so.</exception>
    public static ReportInput ForReportId(string id, object? target = null)
    {
        var value = id?.Trim() ?? string.Empty;
        if (!FalconXClient.IsReportId(value))
        {
            throw new ArgumentException($"'{id}' is not a report id: report ids (the submission ids) look like <32 hex>_<32 hex>.");
        }

        return new ReportInput(ReportInputKind.ReportId, value, null, target ?? id!);
    }

    /// <summary>
    /// A sample's SHA-256, optionally only in one environment. <paramref name="algorithm"/> is the hash algorithm the
    /// input says it used (Get-FileHash output has one); anything but SHA256 is refused.
    /// </summary>
    /// <exception cref="ArgumentException">Not 64 hexadecimal characters, or another algorithm; the message says so.</exception>
    public static ReportInput ForSha256(string sha256, int? environmentId = null, object? target = null, string? algorithm = null)
    {
        if (algorithm is not null && !string.Equals(algorithm, "SHA256", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The hash is {algorithm}, but Falcon X finds reports by SHA-256. Run Get-FileHash with its default algorithm (SHA256).");
        }

        if (!FalconXClient.IsSha256(sha256))
        {
            throw new ArgumentException($"'{sha256}' is not a SHA-256: expected 64 hexadecimal characters.");
        }

        return new ReportInput(ReportInputKind.Sha256, FalconXClient.NormalizeSha256(sha256), environmentId, target ?? sha256);
    }

    /// <summary>
    /// A piped object taken whole: a string holding a report id or a SHA-256 (e.g. a line of a file), or a ThreatQ
    /// SHA-256 indicator.
    /// </summary>
    /// <exception cref="ArgumentException">Anything else; the message names it and says what Falcon X finds reports by.</exception>
    public static ReportInput FromObject(object value, int? environmentId = null)
    {
        switch (value ?? throw new ArgumentNullException(nameof(value)))
        {
            case string text:
                var trimmed = text.Trim();
                if (FalconXClient.IsReportId(trimmed))
                {
                    return ForReportId(trimmed, text);
                }

                if (FalconXClient.IsSha256(trimmed))
                {
                    return ForSha256(trimmed, environmentId, text);
                }

                throw new ArgumentException($"'{text}' is neither a report id (<32 hex>_<32 hex>) nor a SHA-256 (64 hex).");
            case ThreatQEntity entity when string.Equals(entity.Type, ThreatQIndicatorTypes.Sha256, StringComparison.OrdinalIgnoreCase):
                return ForSha256(entity.Value, environmentId, entity);
            case ThreatQIndicator indicator:
                throw new ArgumentException($"The ThreatQ indicator '{indicator.Value}' (ThreatQ id {indicator.ThreatQId}) is of type {indicator.Type ?? "(none)"}; Falcon X finds reports by SHA-256 indicators only. Filter with Get-ThreatQIndicator -Type SHA-256.");
            case ThreatQEntity entity:
                throw new ArgumentException($"The ThreatQ {entity.ObjectType} '{entity.Value}' is of type {entity.Type ?? "(none)"}; reports are found by SHA-256 indicators only.");
            default:
                throw new ArgumentException($"The input ({value.GetType().Name}) has no ReportId, SubmissionId, Sha256 or Hash property. Pipe reports, submissions, Get-FileHash output or id strings.");
        }
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
