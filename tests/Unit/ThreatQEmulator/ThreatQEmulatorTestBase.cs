using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using ThreatQ.Emulator;

namespace FalconX.Tests.ThreatQEmulator;

/// <summary>Starts one in-process ThreatQ emulator per test class instance and talks to it over real HTTP on loopback.</summary>
public abstract class ThreatQEmulatorTestBase : IAsyncLifetime
{
    protected const string Sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    protected const string OtherSha = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";
    protected const string Source = "CrowdStrike Falcon X Sandbox";

    private TqServer? _server;
    private string? _token;

    protected TqServer Server => _server ?? throw new InvalidOperationException("The emulator has not started.");

    protected HttpClient Http { get; private set; } = null!;

    protected virtual TqOptions CreateOptions() => new();

    public async Task InitializeAsync()
    {
        _server = await TqServer.StartAsync(CreateOptions());
        Http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { BaseAddress = Server.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    protected static StringContent Json(JsonNode json) => Json(json.ToJsonString());

    /// <summary>The password grant as ThreatQ_v2 sends it: all four fields in one JSON body.</summary>
    protected async Task<HttpResponseMessage> PasswordGrantAsync(string? password = TqOptions.DefaultPassword, string clientId = TqOptions.DefaultClientId)
    {
        var body = new JsonObject { ["grant_type"] = "password", ["client_id"] = clientId, ["email"] = TqOptions.DefaultEmail };
        if (password is not null)
        {
            body["password"] = password;
        }

        return await Http.PostAsync("/api/token", Json(body));
    }

    protected async Task<string> TokenAsync()
    {
        using var response = await PasswordGrantAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ReadAsync(response))["access_token"]!.GetValue<string>();
    }

    protected async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent? content = null, string? token = null)
    {
        token ??= _token ??= await TokenAsync();
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Http.SendAsync(request);
    }

    protected Task<HttpResponseMessage> GetAsync(string url) => SendAsync(HttpMethod.Get, url);

    protected Task<HttpResponseMessage> PostAsync(string url, string json) => SendAsync(HttpMethod.Post, url, Json(json));

    /// <summary>POSTs a body and returns the parsed answer, asserting the status.</summary>
    protected async Task<JsonObject> PostOkAsync(string url, string json, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await PostAsync(url, json);
        var body = await ReadAsync(response);
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {body.ToJsonString()}");
        return body;
    }

    protected async Task<JsonObject> GetOkAsync(string url)
    {
        using var response = await GetAsync(url);
        var body = await ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body.ToJsonString()}");
        return body;
    }

    protected static async Task<JsonObject> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text)?.AsObject() ?? throw new InvalidOperationException("Empty JSON body: " + text);
    }

    /// <summary>What GET /_emulator/objects shows for one collection.</summary>
    protected async Task<JsonArray> StoredAsync(string collection)
    {
        var all = JsonNode.Parse(await Http.GetStringAsync("/_emulator/objects?collection=" + collection))!;
        return all["collections"]?[collection]?.AsArray() ?? [];
    }

    protected async Task PutFaultsAsync(string json)
    {
        using var response = await Http.PutAsync("/_emulator/faults", Json(json));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A report, a SHA-256 linked to it and an attack pattern linked to it, in FalconX's consume shape.</summary>
    protected static string ReportBody(string name = "Falcon X report 1") =>
        $$"""[{"value":"{{name}}","published_at":"2026-11-30 10:00:00","sources":[{"name":"{{Source}}"}],"attributes":[{"name":"Verdict","value":"malicious"},{"name":"Origin","value":"apigateway"}]}]""";

    protected static string IndicatorBody(string report = "Falcon X report 1", string sha = Sha) =>
        $$"""[{"value":"{{sha}}","type":{"name":"SHA-256"},"status":{"name":"Review"},"sources":[{"name":"{{Source}}"}],"attributes":[{"name":"MalQuery Verdict","value":"unknown"}],"tags":[{"name":"falconx"}],"report":[{"value":"{{report}}"}]}]""";

    protected static IEnumerable<string> Values(JsonArray stored) => stored.Select(o => o!["value"]!.GetValue<string>());
}
