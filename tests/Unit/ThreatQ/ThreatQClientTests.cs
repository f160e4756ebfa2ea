using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Models;
using FalconX.Tests.Models;
using FalconX.ThreatQ;
using FalconX.ThreatQ.Api;
using ThreatQ.Emulator;

namespace FalconX.Tests.ThreatQ;

/// <summary>The ThreatQ client against the in-process ThreatQ emulator over real HTTP on loopback; faults are the emulator's.</summary>
public sealed class ThreatQClientTests : IAsyncLifetime, IDisposable
{
    private TqServer _server = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _server = await TqServer.StartAsync(new TqOptions());
        _admin = new HttpClient { BaseAddress = _server.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    public void Dispose() => _admin?.Dispose();

    private ThreatQClient Client(Action<ThreatQClientOptions>? change = null)
    {
        var options = new ThreatQClientOptions
        {
            BaseUrl = _server.BaseUrl,
            ClientId = TqOptions.DefaultClientId,
            Username = TqOptions.DefaultEmail,
            Password = TqOptions.DefaultPassword,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        };
        change?.Invoke(options);
        return new ThreatQClient(options);
    }

    private async Task<JsonNode> AdminAsync(HttpMethod method, string route, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, "/_emulator/" + route);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await _admin.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private Task<JsonNode> FaultsAsync(JsonObject faults) => AdminAsync(HttpMethod.Put, "faults", faults);

    private Task<JsonNode> StatsAsync() => AdminAsync(HttpMethod.Get, "stats");

    private static string Hash(int i, int length = 64) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("ioc" + i))).ToLowerInvariant().Substring(0, length);

    private async Task SeedIndicatorsAsync(int count, string status = "Review", string type = "SHA-256", int start = 0)
    {
        var list = new JsonArray();
        for (var i = start; i < start + count; i++)
        {
            list.Add(new JsonObject { ["value"] = Hash(i, type == "MD5" ? 32 : 64), ["type"] = new JsonObject { ["name"] = type }, ["status"] = new JsonObject { ["name"] = status } });
        }

        await AdminAsync(HttpMethod.Post, "seed", new JsonObject { ["indicators"] = list });
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private static IReadOnlyList<ThreatQEntity> Entities(int reports, ThreatQObjectRef? source = null)
    {
        var set = new ThreatQEntitySet();
        var mapper = new ThreatQMapper();
        for (var i = 0; i < reports; i++)
        {
            var json = JsonNode.Parse(SeedFixtures.Report)!;
            json["id"] = "ace79a13936f4ec8ad4de36606814bfc_" + Hash(i, 32);
            var report = ReportParser.ParseReport(json.ToJsonString());
            report.ThreatQSource = source;
            mapper.MapInto(report, set);
        }

        return set.Entities;
    }

    [Fact]
    public async Task Password_grant_signs_in_and_queries_page_by_page_with_filters()
    {
        await SeedIndicatorsAsync(23);
        await SeedIndicatorsAsync(4, status: "Active", start: 100);
        using var client = Client();

        var found = await ToListAsync(client.GetIndicatorsAsync(new ThreatQIndicatorQuery { Type = "SHA-256", Status = "Review", PageSize = 5 }));

        Assert.Equal(23, found.Count);
        Assert.All(found, i => Assert.Equal("Review", i.Status));
        Assert.Equal(23, found.Select(i => i.ThreatQId).Distinct().Count());
        Assert.Equal(found[0].Value, found[0].Sha256);
        Assert.EndsWith($"/indicators/{found[0].ThreatQId}/details", found[0].Link, StringComparison.Ordinal);
        var stats = await StatsAsync();
        Assert.Equal(5, stats["byRoute"]!["POST /api/indicators/query"]!.GetValue<int>());
        Assert.Equal(1, client.TokenRequestCount);
    }

    [Fact]
    public async Task One_indicator_comes_with_attributes_sources_and_tags()
    {
        await AdminAsync(HttpMethod.Post, "seed", JsonNode.Parse($$"""{"indicators":[{"value":"{{Hash(1)}}","type":{"name":"SHA-256"},"status":{"name":"Review"},"sources":[{"name":"Analyst"}],"attributes":[{"name":"Case","value":"42"}],"tags":[{"name":"detonate"}]}]}"""));
        using var client = Client();
        var listed = Assert.Single(await ToListAsync(client.GetIndicatorsAsync(new ThreatQIndicatorQuery { Values = { Hash(1).ToUpperInvariant() } })));

        var one = await client.GetIndicatorAsync(listed.ThreatQId);

        Assert.Equal(Hash(1), one.Value);
        Assert.Contains("Analyst", one.Sources);
        Assert.Contains("detonate", one.Tags);
        Assert.Contains(one.Attributes, a => a.Name == "Case" && a.Value == "42");
    }

    [Fact]
    public async Task Client_credentials_use_http_basic_and_wrong_credentials_say_so()
    {
        using var good = Client(o => { o.Username = null; o.Password = null; o.ClientSecret = TqOptions.DefaultClientSecret; });
        await good.ConnectAsync();
        Assert.Equal("client_credentials", good.GrantType);

        using var bad = Client(o => o.Password = "not-the-password");
        var error = await Assert.ThrowsAsync<ThreatQApiException>(() => bad.ConnectAsync());
        Assert.Equal(FalconXErrorKind.Authentication, error.Kind);
        Assert.DoesNotContain("not-the-password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Http_is_refused_for_hosts_other_than_loopback()
    {
        var error = Assert.Throws<ArgumentException>(() => Client(o => o.BaseUrl = new Uri("http://threatq.invalid")));
        Assert.Contains("https", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Client(o => o.ClientId = null));
    }

    [Fact]
    public async Task An_expired_token_is_renewed_once_and_the_call_goes_through()
    {
        await SeedIndicatorsAsync(2);
        using var client = Client();
        await client.ConnectAsync();
        await AdminAsync(HttpMethod.Post, "expire-tokens");

        var found = await ToListAsync(client.GetIndicatorsAsync(new ThreatQIndicatorQuery()));

        Assert.Equal(2, found.Count);
        Assert.Equal(2, client.TokenRequestCount);
        Assert.Equal(1, (await StatsAsync())["unauthorized"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_short_lived_token_is_renewed_before_it_expires()
    {
        // A minute-long token on the client's fake clock (ThreatQClientOptions.TimeProvider): renewed a fifth of its
        // lifetime (12 s) before expiry, not earlier, with no real waiting.
        await FaultsAsync(new JsonObject { ["tokenLifetimeSec"] = 60 });
        var clock = new FalconX.Tests.Client.SteppedClock();
        using var client = Client(o => o.TimeProvider = clock);
        await client.ConnectAsync();
        var first = client.TokenExpiresAt!.Value;
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(60), first);

        clock.Advance(TimeSpan.FromSeconds(47));
        await ToListAsync(client.GetIndicatorsAsync(new ThreatQIndicatorQuery()));
        Assert.Equal(first, client.TokenExpiresAt);

        clock.Advance(TimeSpan.FromSeconds(2));
        await ToListAsync(client.GetIndicatorsAsync(new ThreatQIndicatorQuery()));

        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(60), client.TokenExpiresAt);
        Assert.Equal(0, (await StatsAsync())["unauthorized"]!.GetValue<int>());
    }

    [Fact]
    public async Task Rate_limits_and_server_errors_are_waited_out_on_reads()
    {
        await SeedIndicatorsAsync(1);
        using var client = Client();
        await client.ConnectAsync();
        await FaultsAsync(new JsonObject { ["throttleNext"] = 1, ["retryAfterSec"] = 1, ["failNext"] = 2 });

        var found = await ToListAsync(client.GetIndicatorsAsync(new ThreatQIndicatorQuery()));

        Assert.Single(found);
        var faults = (await StatsAsync())["faults"]!.AsObject();
        Assert.True(faults.Count >= 2, faults.ToJsonString());
    }

    [Fact]
    public async Task Cancellation_stops_a_slow_call_at_once()
    {
        using var client = Client();
        await client.ConnectAsync();
        await FaultsAsync(new JsonObject { ["latencyMs"] = 10_000 });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ToListAsync(client.GetIndicatorsAsync(new ThreatQIndicatorQuery(), cancel.Token)));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Attachments_download_to_a_temp_file_with_their_sha256_and_the_file_goes_away()
    {
        var content = "MZ attachment " + Guid.NewGuid();
        await AdminAsync(HttpMethod.Post, "seed", JsonNode.Parse($$"""{"attachments":[{"name":"a.exe","type":"Malware Sample","tags":["detonate"],"content":"{{content}}"},{"name":"b.txt","type":"Generic Text","tags":["keep"],"content":"x"}]}"""));
        using var client = Client();

        var attachment = Assert.Single(await ToListAsync(client.GetAttachmentsAsync(new ThreatQAttachmentQuery { Tag = "detonate" })));
        string path;
        using (var file = await client.DownloadAttachmentAsync(attachment))
        {
            path = file.Path;
            Assert.Equal(content, await File.ReadAllTextAsync(file.Path));
            Assert.Equal(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(content))).ToLowerInvariant(), file.Sha256);
            Assert.Equal("a.exe", Path.GetFileName(file.Path));
        }

        Assert.False(File.Exists(path));
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
        var tooBig = await Assert.ThrowsAsync<ThreatQApiException>(() => client.DownloadAttachmentAsync(new ThreatQAttachment { ThreatQId = attachment.ThreatQId, Name = "a.exe" }, maxBytes: 5));
        Assert.Contains("a.exe", tooBig.Message, StringComparison.Ordinal);
        Assert.Equal(attachment.ThreatQId, Assert.Single(await ToListAsync(client.GetAttachmentsAsync(new ThreatQAttachmentQuery { Ids = { attachment.ThreatQId } }))).ThreatQId);
    }

    [Fact]
    public async Task Writing_twice_creates_nothing_new_and_relates_everything_to_the_source()
    {
        await SeedIndicatorsAsync(1);
        using var client = Client();
        var source = Assert.Single(await ToListAsync(client.GetIndicatorsAsync(new ThreatQIndicatorQuery())));
        var entities = Entities(3, source.ThreatQSource);
        var writer = new ThreatQEntityWriter(client);

        var first = await writer.SendAsync(entities);
        var created = (await StatsAsync())["created"]!.GetValue<int>();
        var second = await writer.SendAsync(entities);

        Assert.Empty(first.Failed);
        Assert.Equal(entities.Count, first.Written.Count);
        Assert.All(first.Written, w => Assert.True(w.ThreatQId > 0));
        Assert.All(first.Written, w => Assert.Contains(source.ThreatQSource, w.RelatedTo));
        Assert.Equal(first.Written.Select(w => w.ThreatQId), second.Written.Select(w => w.ThreatQId));
        Assert.Equal(created, (await StatsAsync())["created"]!.GetValue<int>());
        var relations = (await AdminAsync(HttpMethod.Get, "relations")).AsArray();
        static bool IsSource(JsonNode? end, long id) => end?["collection"]?.GetValue<string>() == "indicators" && end["id"]?.GetValue<int>() == id;
        Assert.Equal(entities.Count, relations.Count(r => IsSource(r!["a"], source.ThreatQId) || IsSource(r!["b"], source.ThreatQId)));
    }

    [Fact]
    public async Task A_dropped_answer_is_sent_again_without_duplicates_and_a_rejected_object_is_named()
    {
        using var client = Client();
        var entities = Entities(50);
        var rejected = entities.First(e => e.Type == ThreatQIndicatorTypes.Md5).Value;
        await FaultsAsync(new JsonObject { ["dropNext"] = 1, ["dropMode"] = "after", ["rejectValues"] = new JsonArray(rejected) });

        var result = await new ThreatQEntityWriter(client).SendAsync(entities, batchSize: 25);

        var failure = Assert.Single(result.Failed);
        Assert.Equal(rejected, failure.Value);
        Assert.Contains(rejected, failure.Error.Message, StringComparison.Ordinal);
        Assert.Equal(entities.Count - 1, result.Written.Count);
        var objects = (await AdminAsync(HttpMethod.Get, "objects"))["collections"]!.AsObject();
        var stored = objects.SelectMany(c => c.Value!.AsArray()).Select(o => o!["collection"] + "|" + o["type"] + "|" + o["value"]).ToList();
        Assert.Equal(entities.Count - 1, stored.Count);
        Assert.Equal(stored.Count, stored.Distinct().Count());
    }

    [Fact]
    public async Task One_failed_batch_does_not_lose_the_others()
    {
        using var client = Client(o => o.MaxRetryAttempts = 0);
        var entities = Entities(10);
        await FaultsAsync(new JsonObject { ["failNext"] = 1, ["errorStatuses"] = new JsonArray(500), ["errorRoutes"] = new JsonArray("POST /api/indicators/consume") });

        var result = await new ThreatQEntityWriter(client).SendAsync(entities, batchSize: 5);

        // The first indicator batch fails with a 500 (no retries allowed): its five objects are reported, the rest is written.
        var failure = Assert.Single(result.Failed);
        Assert.Equal(5, failure.Count);
        Assert.Equal(FalconXErrorKind.Server, failure.Error.Kind);
        Assert.Equal(entities.Count - failure.Count, result.Written.Count);
    }
}
