using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using FalconX.Models;
using FalconX.Tests.Models;
using FalconX.ThreatQ;

namespace FalconX.Tests.ThreatQEmulator;

/// <summary>The consume bodies FalconX itself builds (ThreatQConsumePayload) against the emulator.</summary>
public sealed class ThreatQEmulatorPayloadTests : ThreatQEmulatorTestBase
{
    [Theory]
    [InlineData(ThreatQMappings.None)]
    [InlineData(ThreatQMappings.All)]
    public async Task FalconX_payloads_store_exactly_the_mapped_entities_and_links_and_a_resend_adds_nothing(ThreatQMappings include)
    {
        var entities = new ThreatQMapper(new ThreatQMappingOptions { Include = include }).Map(ReportParser.ParseReport(SeedFixtures.Report));
        var payloads = ThreatQConsumePayload.Create(entities, batchSize: 7);

        foreach (var payload in payloads)
        {
            await PostOkAsync(payload.Path, payload.Body);
        }

        var revision = Server.Store.Revision;
        foreach (var payload in payloads)
        {
            await PostOkAsync(payload.Path, payload.Body);
        }

        Assert.Equal(revision, Server.Store.Revision);
        var stored = Server.Store.CollectionsInUse().SelectMany(c => Server.Store.All(c)).ToArray();
        Assert.Equal(
            entities.Select(e => Key(e.Collection, e.Type, e.Value)).Order(StringComparer.Ordinal),
            stored.Select(o => Key(o.Collection, o.Type?.Name, o.Value)).Order(StringComparer.Ordinal));
        foreach (var entity in entities)
        {
            var o = stored.Single(s => Key(s.Collection, s.Type?.Name, s.Value) == Key(entity.Collection, entity.Type, entity.Value));
            Assert.Equal(entity.Attributes.Select(a => a.Name + "=" + a.Value).Distinct().Order(StringComparer.Ordinal), o.Attributes.Select(a => a.Name + "=" + a.Value).Order(StringComparer.Ordinal));
            Assert.Equal(entity.Sources.Order(StringComparer.Ordinal), o.Sources.Order(StringComparer.Ordinal));
            var expectedLinks = entity.Relationships.Select(r => Key(r.Collection, r.Type, r.Value))
                .Concat(entities.SelectMany(e => e.Relationships.Where(r => r.Target == entity).Select(_ => Key(e.Collection, e.Type, e.Value))))
                .Distinct().Order(StringComparer.Ordinal);
            var actualLinks = Server.Store.RelatedTo(o.Collection, o.Id).Select(r => Key(r.Other.Collection, r.Other.Type?.Name, r.Other.Value)).Order(StringComparer.Ordinal);
            Assert.Equal(expectedLinks, actualLinks);
        }
    }

    [Fact]
    public async Task Indicators_sent_before_their_report_are_rejected_whole()
    {
        var entities = new ThreatQMapper(new ThreatQMappingOptions()).Map(ReportParser.ParseReport(SeedFixtures.Report));
        var indicators = ThreatQConsumePayload.Create(entities).Single(p => p.Collection == "indicators");

        using var response = await PostAsync(indicators.Path, indicators.Body);

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Empty(Server.Store.All("indicators"));
    }

    private static string Key(string collection, string? type, string value) => $"{collection}|{type}|{value.ToLowerInvariant()}";
}
