using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Emulator;
using FalconX.Tests.Emulator;
using ApiRequest = FalconX.Client.ApiRequest;
using ApiResponse = FalconX.Client.ApiResponse;

namespace FalconX.Tests.Client;

/// <summary>
/// An in-process emulator (one per test, or one per class shared through <see cref="SharedEmulator"/> and reset
/// between tests) and helpers to build a <see cref="FalconXClient"/> against it with
/// short retry delays, capturing every log entry the client writes.
/// </summary>
public abstract class ClientTestBase : IAsyncLifetime
{
    private readonly List<FalconXClient> _clients = new();
    private readonly SharedEmulator? _shared;
    private EmulatorServer? _server;

    /// <summary>A server of its own per test, or, with <paramref name="shared"/> (the class fixture), the class's server after a reset.</summary>
    protected ClientTestBase(SharedEmulator? shared = null) => _shared = SharedEmulator.Enabled ? shared : null;

    protected EmulatorServer Server => _server ?? throw new InvalidOperationException("The emulator has not started.");

    /// <summary>Every log entry of every client made by <see cref="CreateClient"/>.</summary>
    protected ConcurrentQueue<FalconXLogEntry> Log { get; } = new();

    protected virtual EmulatorOptions CreateEmulatorOptions() => new() { SubmissionDelayMs = 100 };

    public virtual async Task InitializeAsync() =>
        _server = _shared is null ? await EmulatorServer.StartAsync(CreateEmulatorOptions()) : await _shared.AcquireAsync(CreateEmulatorOptions);

    public virtual async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        if (_server is not null && _shared is null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Options for the emulator: default credentials, millisecond delays so retries keep the suite fast.</summary>
    protected FalconXClientOptions Options(Uri? baseUrl = null, string? secret = null) => new()
    {
        BaseUrl = baseUrl ?? Server.BaseUrl,
        Credential = new FalconXCredential(EmulatorOptions.DefaultClientId, secret ?? EmulatorOptions.DefaultClientSecret),
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        MinimumRateLimitWait = TimeSpan.FromMilliseconds(50),
        AttemptTimeout = TimeSpan.FromSeconds(20),
        Logger = Log.Enqueue,
    };

    protected FalconXClient CreateClient(FalconXClientOptions? options = null, HttpMessageHandler? handler = null)
    {
        var client = handler is null ? new FalconXClient(options ?? Options()) : new FalconXClient(options ?? Options(), handler);
        _clients.Add(client);
        return client;
    }

    /// <summary>A cheap authenticated GET whose answer carries meta.quota.</summary>
    protected static Task ProbeAsync(FalconXClient client, CancellationToken cancellationToken = default) => client.GetQuotaAsync(cancellationToken);

    /// <summary>Uploads bytes with the octet-stream form (a POST that creates something: OnlyIfNotSent).</summary>
    internal static Task<ApiResponse> UploadAsync(FalconXClient client, byte[] bytes, string fileName = "sample.bin", CancellationToken cancellationToken = default) =>
        client.SendAsync(
            new ApiRequest(HttpMethod.Post, "samples/entities/samples/v2")
                .AddQuery("file_name", fileName)
                .WithStreamBody(() => new System.IO.MemoryStream(bytes, writable: false), "application/octet-stream"),
            cancellationToken);

    protected IReadOnlyList<RecordedRequest> RequestsTo(string method, string pathPrefix) =>
        Server.Stats.RecordedRequests.Where(r => r.Method == method && r.Path.StartsWith(pathPrefix, StringComparison.Ordinal)).ToList();

    /// <summary>Waits (polling, at most <paramref name="timeout"/>, 10 s by default) until the emulator holds no request; fails the test otherwise.</summary>
    protected async Task WaitForEmulatorIdleAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (Server.Stats.InFlight > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.True(Server.Stats.InFlight == 0, $"{Server.Stats.InFlight} request(s) still in flight at the emulator.");
    }

    protected string AllLogText() => string.Join("\n", Log.Select(e => e.Message));

    /// <summary>Runs <paramref name="calls"/> calls on <paramref name="workers"/> parallel workers; returns the failures.</summary>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Every failure of any type is collected for the test to assert on.")]
    protected static async Task<IReadOnlyList<Exception>> RunManyAsync(int calls, int workers, Func<int, Task> call)
    {
        var failures = new ConcurrentQueue<Exception>();
        var next = -1;
        var tasks = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < calls)
            {
                try
                {
                    await call(index);
                }
                catch (Exception ex)
                {
                    failures.Enqueue(ex);
                }
            }
        }));
        await Task.WhenAll(tasks);
        return failures.ToList();
    }
}
