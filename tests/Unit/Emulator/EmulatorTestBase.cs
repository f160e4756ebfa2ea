using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using FalconX.Emulator;

namespace FalconX.Tests.Emulator;

/// <summary>
/// Talks over real HTTP on loopback to an in-process emulator: one per test, or one per class shared through
/// <see cref="SharedEmulator"/> (the class fixture) and reset between tests.
/// </summary>
public abstract class EmulatorTestBase : IAsyncLifetime
{
    private readonly SharedEmulator? _shared;
    private EmulatorServer? _server;

    protected EmulatorTestBase(SharedEmulator? shared = null) => _shared = SharedEmulator.Enabled ? shared : null;

    protected EmulatorServer Server => _server ?? throw new InvalidOperationException("The emulator has not started.");

    protected HttpClient Http { get; private set; } = null!;

    /// <summary>Options for this class's emulator; delays are milliseconds so tests stay fast.</summary>
    protected virtual EmulatorOptions CreateOptions() => new() { SubmissionDelayMs = 200 };

    public async Task InitializeAsync()
    {
        _server = _shared is null ? await EmulatorServer.StartAsync(CreateOptions()) : await _shared.AcquireAsync(CreateOptions);
        Http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = Server.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_server is not null && _shared is null)
        {
            await _server.DisposeAsync();
        }
    }

    protected static FormUrlEncodedContent Credentials(string? id = EmulatorOptions.DefaultClientId, string? secret = EmulatorOptions.DefaultClientSecret)
    {
        var fields = new List<KeyValuePair<string, string>>();
        if (id is not null)
        {
            fields.Add(new("client_id", id));
        }

        if (secret is not null)
        {
            fields.Add(new("client_secret", secret));
        }

        return new FormUrlEncodedContent(fields);
    }

    protected async Task<string> TokenAsync()
    {
        using var response = await Http.PostAsync("/oauth2/token", Credentials());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ReadJsonAsync(response))["access_token"]!.GetValue<string>();
    }

    /// <summary>Sends a request with a fresh (cached per test) bearer token.</summary>
    protected async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent? content = null, string? token = null)
    {
        token ??= _token ??= await TokenAsync();
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Http.SendAsync(request);
    }

    private string? _token;

    protected Task<HttpResponseMessage> GetAsync(string url) => SendAsync(HttpMethod.Get, url);

    protected static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text)?.AsObject() ?? throw new InvalidOperationException("Empty JSON body: " + text);
    }

    protected static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() :
        response.Content.Headers.TryGetValues(name, out var contentValues) ? contentValues.Single() : throw new Xunit.Sdk.XunitException($"Header {name} missing.");

    protected static void AssertError(JsonObject body, int code, string? messagePart = null)
    {
        var error = Assert.Single(body["errors"]!.AsArray())!;
        Assert.Equal(code, error["code"]!.GetValue<int>());
        if (messagePart is not null)
        {
            Assert.Contains(messagePart, error["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        }

        Assert.False(string.IsNullOrEmpty(body["meta"]!["trace_id"]!.GetValue<string>()));
    }

    protected async Task<JsonObject> PutFaultsAsync(object faults)
    {
        using var response = await Http.PutAsync("/_emulator/faults", JsonContent(System.Text.Json.JsonSerializer.Serialize(faults)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    protected static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Submits an uploaded sample (or a URL) and returns the submission id.</summary>
    protected async Task<string> SubmitAsync(string? sha256, int environmentId = 160, string? url = null)
    {
        var sandbox = new JsonObject { ["environment_id"] = environmentId };
        if (sha256 is not null)
        {
            sandbox["sha256"] = sha256;
        }

        if (url is not null)
        {
            sandbox["url"] = url;
        }

        using var response = await SendAsync(HttpMethod.Post, "/falconx/entities/submissions/v1",
            JsonContent(new JsonObject { ["sandbox"] = new JsonArray(sandbox) }.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ReadJsonAsync(response))["resources"]![0]!["id"]!.GetValue<string>();
    }

    /// <summary>Uploads, submits with no analysis delay and returns the finished report.</summary>
    protected async Task<JsonObject> ReportForAsync(byte[] content, int environmentId = 160, string fileName = "sample.exe")
    {
        Server.Faults.SubmissionDelayMs = 0;
        var id = await SubmitAsync(await UploadAsync(content, fileName), environmentId);
        using var response = await GetAsync("/falconx/entities/reports/v1?ids=" + id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ReadJsonAsync(response))["resources"]![0]!.AsObject();
    }

    /// <summary>Uploads bytes as application/octet-stream (the PSFalcon form) and returns the sha256.</summary>
    protected async Task<string> UploadAsync(byte[] bytes, string fileName = "sample.exe")
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await SendAsync(HttpMethod.Post, "/samples/entities/samples/v2?file_name=" + Uri.EscapeDataString(fileName), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ReadJsonAsync(response))["resources"]![0]!["sha256"]!.GetValue<string>();
    }
}
