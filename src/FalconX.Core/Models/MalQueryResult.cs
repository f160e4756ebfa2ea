using System;
using System.Collections.Generic;
using System.Text.Json;

namespace FalconX.Models;

/// <summary>
/// What MalQuery knows about one input the sandbox saw (<c>malquery[]</c>): an address, URL or hash, its verdict,
/// and the files in MalQuery that contain it. The 2026 API no longer documents <c>malquery</c>; older reports,
/// and reports saved by other tools, still carry it.
/// </summary>
public sealed class MalQueryResult
{
    /// <summary>MalQuery's verdict on the input: "unknown", "whitelisted", "malicious", ...</summary>
    public string? Verdict { get; internal set; }

    /// <summary>The value looked up, e.g. <c>7.14.22.69</c> or <c>http://a.gg</c>.</summary>
    public string? Input { get; internal set; }

    /// <summary>What kind of value <see cref="Input"/> is: ip, url, domain, sha256, ...</summary>
    public string? Type { get; internal set; }

    /// <summary>Files in MalQuery that contain the input.</summary>
    public IReadOnlyList<MalQueryResource> Resources { get; internal set; } = Array.Empty<MalQueryResource>();

    /// <summary>Fields this version of the module does not know (e.g. <c>errors</c>), as plain .NET values.</summary>
    public IReadOnlyDictionary<string, object?> AdditionalProperties => Unknown?.Values ?? JsonRead.NoProperties;

    /// <summary>The fields behind <see cref="AdditionalProperties"/>, converted only when asked for.</summary>
    internal UnknownFields? Unknown { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{Type} {Input}: {Verdict}".Trim();

    internal static MalQueryResult Read(JsonElement element)
    {
        var result = new MalQueryResult();
        UnknownFields? extra = null;
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            var fits = true;
            switch (property.Name)
            {
                case "verdict": result.Verdict = JsonRead.String(value, ref fits); break;
                case "input": result.Input = JsonRead.String(value, ref fits); break;
                case "type": result.Type = JsonRead.String(value, ref fits); break;
                case "resources": result.Resources = JsonRead.Objects(value, ref fits, MalQueryResource.Read); break;
                default: fits = false; break;
            }

            if (!fits)
            {
                JsonRead.Keep(ref extra, property);
            }
        }

        result.Unknown = extra;
        return result;
    }
}

/// <summary>A file in MalQuery (<c>malquery[].resources[]</c>).</summary>
public sealed class MalQueryResource
{
    // What no mapping reads (see JsonRead.ForMapping).
    private static readonly HashSet<string> SkippedForMapping = JsonRead.Names(
        "label", "family", "file_size", "file_type", "first_seen_timestamp");

    /// <summary>SHA-256 of the file.</summary>
    public string? Sha256 { get; internal set; }

    /// <summary>SHA-1 of the file.</summary>
    public string? Sha1 { get; internal set; }

    /// <summary>MD5 of the file.</summary>
    public string? Md5 { get; internal set; }

    /// <summary>MalQuery's label for the file: "unknown", "malware", "clean", ...</summary>
    public string? Label { get; internal set; }

    /// <summary>Malware family, when MalQuery knows one.</summary>
    public string? Family { get; internal set; }

    /// <summary>Size in bytes.</summary>
    public long? FileSize { get; internal set; }

    /// <summary>MalQuery's file type, e.g. TEXT, DALVIK, PE32.</summary>
    public string? FileType { get; internal set; }

    /// <summary>When MalQuery first saw the file (<c>first_seen_timestamp</c>).</summary>
    public DateTimeOffset? FirstSeen { get; internal set; }

    /// <summary>Fields this version of the module does not know, as plain .NET values.</summary>
    public IReadOnlyDictionary<string, object?> AdditionalProperties => Unknown?.Values ?? JsonRead.NoProperties;

    /// <summary>The fields behind <see cref="AdditionalProperties"/>, converted only when asked for.</summary>
    internal UnknownFields? Unknown { get; set; }

    /// <inheritdoc />
    public override string ToString() => Sha256 ?? Sha1 ?? Md5 ?? string.Empty;

    internal static MalQueryResource Read(JsonElement element)
    {
        var result = new MalQueryResource();
        UnknownFields? extra = null;
        foreach (var property in element.EnumerateObject())
        {
            if (JsonRead.ForMapping && SkippedForMapping.Contains(property.Name))
            {
                continue;
            }

            var value = property.Value;
            var fits = true;
            switch (property.Name)
            {
                case "sha256": result.Sha256 = JsonRead.String(value, ref fits); break;
                case "sha1": result.Sha1 = JsonRead.String(value, ref fits); break;
                case "md5": result.Md5 = JsonRead.String(value, ref fits); break;
                case "label": result.Label = JsonRead.String(value, ref fits); break;
                case "family": result.Family = JsonRead.String(value, ref fits); break;
                case "file_size": result.FileSize = JsonRead.Int64(value, ref fits); break;
                case "file_type": result.FileType = JsonRead.String(value, ref fits); break;
                case "first_seen_timestamp": result.FirstSeen = JsonRead.Timestamp(value, ref fits); break;
                default: fits = false; break;
            }

            if (!fits)
            {
                JsonRead.Keep(ref extra, property);
            }
        }

        result.Unknown = extra;
        return result;
    }
}

/// <summary>How common an indicator of the report is across CrowdStrike's customers (<c>threat_graph.indicators[]</c>).</summary>
public sealed class ThreatGraphIndicator
{
    /// <summary>Kind of indicator, e.g. <c>sha256</c>, <c>domain</c>.</summary>
    public string? Type { get; internal set; }

    /// <summary>The indicator.</summary>
    public string? Value { get; internal set; }

    /// <summary>Prevalence in your own environment, e.g. "low".</summary>
    public string? CustomerPrevalence { get; internal set; }

    /// <summary>Prevalence across CrowdStrike's customers, e.g. "common".</summary>
    public string? GlobalPrevalence { get; internal set; }

    /// <summary>Fields this version of the module does not know, as plain .NET values.</summary>
    public IReadOnlyDictionary<string, object?> AdditionalProperties => Unknown?.Values ?? JsonRead.NoProperties;

    /// <summary>The fields behind <see cref="AdditionalProperties"/>, converted only when asked for.</summary>
    internal UnknownFields? Unknown { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{Type} {Value}".Trim();

    internal static ThreatGraphIndicator Read(JsonElement element)
    {
        var result = new ThreatGraphIndicator();
        UnknownFields? extra = null;
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            var fits = true;
            switch (property.Name)
            {
                case "type": result.Type = JsonRead.String(value, ref fits); break;
                case "value": result.Value = JsonRead.String(value, ref fits); break;
                case "customer_prevalence": result.CustomerPrevalence = JsonRead.String(value, ref fits); break;
                case "global_prevalence": result.GlobalPrevalence = JsonRead.String(value, ref fits); break;
                default: fits = false; break;
            }

            if (!fits)
            {
                JsonRead.Keep(ref extra, property);
            }
        }

        result.Unknown = extra;
        return result;
    }
}
