using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;

namespace FalconX.Tests.Reports;

/// <summary>Reports can carry the API's own JSON next to the typed object, for people who archive what the API said.</summary>
public sealed class RawJsonTests : ReportTestBase
{
    [Fact]
    public async Task Reports_and_summaries_keep_the_apis_json_only_when_asked()
    {
        var client = CreateClient();
        var ids = await SubmitUrlsAsync(client, 2);

        var plain = await CollectAsync(client.GetReportsAsync(ids));
        var kept = await CollectAsync(client.GetReportsAsync(ids, keepRawJson: true));
        var summaries = await CollectAsync(client.GetReportSummariesAsync(ids, keepRawJson: true));

        Assert.All(plain, r => Assert.Null(r.Report!.RawJson));
        foreach (var report in kept.Select(r => (FalconX.Models.FalconXReportBase)r.Report!).Concat(summaries.Select(r => r.Report!)))
        {
            using var document = JsonDocument.Parse(report.RawJson!);
            Assert.Equal(report.ReportId, document.RootElement.GetProperty("id").GetString());
            Assert.True(document.RootElement.TryGetProperty("sandbox", out _));
        }

        // The typed object is read from the same text.
        Assert.Equal(kept[0].Report!.Verdict, FalconX.Models.ReportParser.ParseReport(kept[0].Report!.RawJson!).Verdict);
    }
}
