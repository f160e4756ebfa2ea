using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Emulator;
using FalconX.Tests.Client;
using FalconX.Tests.Emulator;
using ApiRequest = FalconX.Client.ApiRequest;

namespace FalconX.Tests.Reports;

/// <summary>An emulator whose detonations finish at once and whose quota is large, plus ways to fill it with reports.</summary>
public abstract class ReportTestBase : ClientTestBase
{
    protected ReportTestBase(SharedEmulator? shared = null)
        : base(shared)
    {
    }

    protected override EmulatorOptions CreateEmulatorOptions() => new() { SubmissionDelayMs = 0, QuotaTotal = 100_000 };

    /// <summary>Submits <paramref name="count"/> distinct URLs (8 at a time) and returns their ids in submission order of the index.</summary>
    internal static async Task<string[]> SubmitUrlsAsync(FalconXClient client, int count, string tag = "u", string marker = "", int environmentId = 160)
    {
        var ids = new string[count];
        var failures = await RunManyAsync(count, 8, async i =>
        {
            var url = $"https://sample-{tag}-{i.ToString(CultureInfo.InvariantCulture)}.example.invalid/{marker}";
            ids[i] = await SubmitAsync(client, new { sandbox = new[] { new { url, environment_id = environmentId } } });
        });
        Assert.Empty(failures);
        return ids;
    }

    /// <summary>Uploads bytes and submits them; returns the SHA-256 and the submission id.</summary>
    internal static async Task<(string Sha256, string Id)> SubmitFileAsync(FalconXClient client, string content, int environmentId = 160, string fileName = "sample.exe")
    {
        var upload = await UploadAsync(client, Encoding.UTF8.GetBytes(content), fileName);
        var sha256 = upload.Resources[0].GetProperty("sha256").GetString()!;
        var id = await SubmitAsync(client, new { sandbox = new[] { new { sha256, environment_id = environmentId } } });
        return (sha256, id);
    }

    internal static async Task<string> SubmitAsync(FalconXClient client, object body)
    {
        var response = await client.SendAsync(new ApiRequest(HttpMethod.Post, "falconx/entities/submissions/v1").WithJsonBody(body), default);
        return response.Resources[0].GetProperty("id").GetString()!;
    }

    internal static async Task<List<ReportResult<T>>> CollectAsync<T>(IAsyncEnumerable<ReportResult<T>> results)
        where T : FalconX.Models.FalconXReportBase
    {
        var list = new List<ReportResult<T>>();
        await foreach (var result in results)
        {
            list.Add(result);
        }

        return list;
    }

    protected int CountRequests(string method, string path) => RequestsTo(method, path).Count(r => r.Path == path);
}
