using System;
using System.Linq;
using System.Threading.Tasks;
using FalconX.ThreatQ;

namespace FalconX.Tests.Reports;

/// <summary>
/// Reports in both schemas the API has served: 2023 (with malquery) and 2026 (today's: no malquery; ai_summary,
/// has_recording, is_certificates_valid). The client reads both, and the ThreatQ mapping works on both.
/// </summary>
public sealed class ReportShapeClientTests : ReportTestBase
{
    [Theory]
    [InlineData("2023")]
    [InlineData("2026")]
    public async Task Reports_of_either_shape_read_into_typed_properties_and_map_to_threatq(string shape)
    {
        Server.Faults.ReportShape = shape;
        var client = CreateClient();
        var (sha256, id) = await SubmitFileAsync(client, "MZ FALCONX-MALICIOUS shape " + shape);

        var report = await client.GetReportAsync(id);
        var summary = Assert.Single(await CollectAsync(client.GetReportSummariesAsync(new[] { id }))).Report!;
        var entities = new ThreatQMapper().Map(report);

        Assert.Equal(sha256, report.Sha256);
        Assert.Equal("malicious", report.Verdict);
        var sample = Assert.Single(entities, e => e.Value == sha256);
        Assert.Equal("SHA-256", sample.Type);
        if (shape == "2023")
        {
            Assert.NotEmpty(report.MalQuery);
            Assert.Null(report.HasRecording);
            Assert.Null(report.AiSummary);
            Assert.Null(report.Sandbox[0].IsCertificatesValid);
            Assert.Contains(entities, e => e.GetAttributeValues(ThreatQAttributeNames.MalQueryVerdict).Any());
        }
        else
        {
            Assert.Empty(report.MalQuery);
            Assert.True(report.HasRecording);
            Assert.Equal("completed", report.AiSummaryStatus);
            Assert.Contains("malicious", report.AiSummary, StringComparison.Ordinal);
            Assert.False(report.Sandbox[0].IsCertificatesValid);
            Assert.Equal("sandbox", report.VerdictSource);
            Assert.DoesNotContain(entities, e => e.GetAttributeValues(ThreatQAttributeNames.MalQueryVerdict).Any());
        }

        Assert.Equal(report.Verdict, summary.Verdict);
    }
}
