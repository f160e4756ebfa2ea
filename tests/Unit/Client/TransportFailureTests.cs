using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Client;

namespace FalconX.Tests.Client;

/// <summary>
/// Failures that sending again cannot fix are reported at once with what to do: a proxy that asks for credentials, a
/// peer that does not speak TLS, and a redirect (never followed, so the token and secret stay with the base URL).
/// Every peer here is a listener on 127.0.0.1.
/// </summary>
public sealed class TransportFailureTests : ClientTestBase
{
    [Fact]
    public async Task A_proxy_that_asks_for_credentials_is_a_proxy_authentication_error_without_retries()
    {
        using var proxy = new RawServer("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        var options = Options(new Uri("https://api.falconx.invalid"));
        options.Proxy = new WebProxy(new Uri($"http://127.0.0.1:{proxy.Port}"));
        options.MaxRetryAttempts = 3;
        var client = CreateClient(options);

        var error = await Assert.ThrowsAsync<FalconXApiException>(() => client.ConnectAsync());

        Assert.Equal(FalconXErrorKind.ProxyAuthentication, error.Kind);
        Assert.Equal(407, error.StatusCode);
        Assert.Contains("-ProxyCredential", error.Message, StringComparison.Ordinal);
        Assert.Single(proxy.RequestLines);
        Assert.StartsWith("CONNECT api.falconx.invalid:443", proxy.RequestLines.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_that_does_not_speak_tls_is_a_tls_error_without_retries()
    {
        using var notTls = new RawServer("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", readRequest: false);
        var options = Options(new Uri($"https://127.0.0.1:{notTls.Port}"));
        options.MaxRetryAttempts = 3;
        var client = CreateClient(options);

        var error = await Assert.ThrowsAsync<FalconXApiException>(() => client.ConnectAsync());

        Assert.Equal(FalconXErrorKind.Transport, error.Kind);
        Assert.Contains("No secure (TLS) connection", error.Message, StringComparison.Ordinal);
        Assert.Contains("no switch to skip", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, notTls.Connections);
    }

    [Fact]
    public async Task A_redirect_to_another_host_is_not_followed_and_names_where_it_pointed()
    {
        using var elsewhere = new RawServer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        var client = CreateClient();
        await client.ConnectAsync();
        using (var http = new HttpClient { BaseAddress = Server.BaseUrl })
        {
            var canned = $$"""{"route":"GET /falconx/*","status":307,"headers":{"Location":"http://127.0.0.1:{{elsewhere.Port}}/steal?token=x"},"count":0}""";
            using var put = await http.PutAsync("/_emulator/canned", new StringContent(canned, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var error = await Assert.ThrowsAsync<FalconXApiException>(() => ProbeAsync(client));

        Assert.Equal(FalconXErrorKind.InvalidResponse, error.Kind);
        Assert.Equal(307, error.StatusCode);
        Assert.Contains($"redirect to http://127.0.0.1:{elsewhere.Port}/steal,", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("token=x", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, elsewhere.Connections);
    }

    /// <summary>Accepts connections on 127.0.0.1, optionally reads the request head, answers with fixed bytes and closes.</summary>
    private sealed class RawServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private int _connections;

        public RawServer(string answer, bool readRequest = true)
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    TcpClient peer;
                    try
                    {
                        peer = await _listener.AcceptTcpClientAsync(_stop.Token);
                    }
                    catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                    {
                        return;
                    }

                    Interlocked.Increment(ref _connections);
                    using (peer)
                    {
                        var stream = peer.GetStream();
                        if (readRequest)
                        {
                            var head = new StringBuilder();
                            var one = new byte[1];
                            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one) > 0)
                            {
                                head.Append((char)one[0]);
                            }

                            RequestLines.Enqueue(head.ToString().Split("\r\n")[0]);
                        }

                        var bytes = Encoding.ASCII.GetBytes(answer);
                        await stream.WriteAsync(bytes);
                    }
                }
            });
        }

        public int Port { get; }

        public int Connections => Volatile.Read(ref _connections);

        public ConcurrentQueue<string> RequestLines { get; } = new();

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            try
            {
                _loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
            }

            _stop.Dispose();
        }
    }
}
