using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Tests.Models;

namespace FalconX.Tests.Reports;

/// <summary>
/// Answer shapes the emulator does not produce (a report beside an entry that is not one, numbers as strings, an
/// error-only report), served by a canned handler, through the same batched fetch.
/// </summary>
public sealed class ReportShapeTests : ReportTestBase
{
    private const string SeedId = "ace79a13936f4ec8ad4de36606814bfc_9026dc9993a940c1b5e0a2a320de2307";
    private const string OtherId = "ace79a13936f4ec8ad4de36606814bfc_11111111111111111111111111111111";
    private const string ErrorOnlyId = "ace79a13936f4ec8ad4de36606814bfc_22222222222222222222222222222222";

    [Fact]
    public async Task An_entry_that_is_not_a_report_fails_only_the_ids_it_may_belong_to()
    {
        var seed = SeedFixtures.Report.Replace("\"environment_id\": 100", "\"environment_id\": \"100\"", StringComparison.Ordinal);
        var body = "{\"meta\":{\"trace_id\":\"t-1\"},\"resources\":[" + seed + ",42,"
            + "{\"id\":\"" + ErrorOnlyId + "\",\"verdict\":\"no verdict\",\"sandbox\":[{\"error_type\":\"FILE_TYPE_BAD_ERROR\",\"error_message\":\"bad file\",\"error_origin\":\"CLIENT\",\"brand_new_field\":{\"x\":1}}],\"future_field\":true}"
            + "],\"errors\":[]}";
        using var handler = new CannedReportsHandler(body);
        var client = CreateClient(Options(new Uri("http://127.0.0.1:9/")), handler);

        var results = await CollectAsync(client.GetReportsAsync(new[] { SeedId, OtherId, ErrorOnlyId }));

        var report = results[0].Report!;
        Assert.Equal(SeedId, report.ReportId);
        Assert.Equal(100, report.EnvironmentId);
        Assert.Equal(FalconXErrorKind.InvalidResponse, results[1].Error!.Kind);
        Assert.Contains("resources[1]", results[1].Error!.Message, StringComparison.Ordinal);
        Assert.Contains("t-1", results[1].Error!.Message, StringComparison.Ordinal);
        var errorOnly = results[2].Report!;
        Assert.True(errorOnly.HasError);
        Assert.Equal("FILE_TYPE_BAD_ERROR", errorOnly.ErrorType);
        Assert.True(errorOnly.AdditionalProperties.ContainsKey("future_field"));
        Assert.True(errorOnly.Sandbox[0].AdditionalProperties.ContainsKey("brand_new_field"));
        Assert.Equal(1, handler.ReportRequests);
    }

    [Fact]
    public async Task Resources_that_are_not_a_list_make_every_id_unreadable_not_missing()
    {
        using var handler = new CannedReportsHandler("{\"meta\":{},\"resources\":{\"id\":\"x\"},\"errors\":[]}");
        var client = CreateClient(Options(new Uri("http://127.0.0.1:9/")), handler);

        var results = await CollectAsync(client.GetReportsAsync(new[] { SeedId }));

        Assert.Equal(FalconXErrorKind.InvalidResponse, results[0].Error!.Kind);
        Assert.Contains("not a list", results[0].Error!.Message, StringComparison.Ordinal);
    }

    private sealed class CannedReportsHandler(string reportsBody) : HttpMessageHandler
    {
        private int _reportRequests;

        public int ReportRequests => Volatile.Read(ref _reportRequests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath == "/oauth2/token")
            {
                return Task.FromResult(Json(HttpStatusCode.Created, "{\"access_token\":\"canned\",\"token_type\":\"bearer\",\"expires_in\":1799}"));
            }

            Interlocked.Increment(ref _reportRequests);
            return Task.FromResult(Json(HttpStatusCode.OK, reportsBody));
        }

        private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
            new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }
}
