namespace FalconX.Models;

/// <summary>How common an indicator of the report is across CrowdStrike's customers (<c>threat_graph.indicators[]</c>).</summary>
public sealed class ThreatGraphIndicator : FalconXApiObject
{
    /// <summary>Kind of indicator, e.g. <c>sha256</c>, <c>domain</c>.</summary>
    public string? Type { get; internal set; }

    /// <summary>The indicator.</summary>
    public string? Value { get; internal set; }

    /// <summary>Prevalence in your own environment, e.g. "low".</summary>
    public string? CustomerPrevalence { get; internal set; }

    /// <summary>Prevalence across CrowdStrike's customers, e.g. "common".</summary>
    public string? GlobalPrevalence { get; internal set; }

    /// <inheritdoc />
    public override string ToString() => $"{Type} {Value}".Trim();

    /// <summary>How the API's JSON (and this object written out) reads into it.</summary>
    internal static readonly FieldTable<ThreatGraphIndicator> Fields = new FieldTable<ThreatGraphIndicator>(() => new ThreatGraphIndicator())
        .Text("type", nameof(Type), (o, v) => o.Type = v)
        .Text("value", nameof(Value), (o, v) => o.Value = v)
        .Text("customer_prevalence", nameof(CustomerPrevalence), (o, v) => o.CustomerPrevalence = v)
        .Text("global_prevalence", nameof(GlobalPrevalence), (o, v) => o.GlobalPrevalence = v);
}
