using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace FalconX.Client;

/// <summary>
/// Reads an exception chain from the HTTP stack: was it the network, TLS or a proxy, and can the request have reached
/// the server at all. Both API clients (Falcon X and ThreatQ) decide retries and messages from these answers.
/// </summary>
internal static class TransportFailures
{
    public static bool IsTransport(Exception exception) =>
        exception is HttpRequestException or IOException or SocketException or WebException ||
        (exception.InnerException is not null && exception is not OperationCanceledException && IsTransport(exception.InnerException));

    /// <summary>True when the TLS handshake failed (untrusted or wrong certificate, a peer that does not speak TLS).</summary>
    public static bool IsTlsFailure(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is System.Security.Authentication.AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a proxy refused the tunnel (CONNECT) with 407 Proxy Authentication Required.</summary>
    public static bool IsProxyAuthenticationFailure(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException)
            {
                // .NET 5+ puts the proxy's status on the exception; netstandard2.0 cannot name the property.
                var status = current.GetType().GetProperty("StatusCode")?.GetValue(current);
                if (status is HttpStatusCode code && code == HttpStatusCode.ProxyAuthenticationRequired)
                {
                    return true;
                }
            }

            if (current is WebException { Response: HttpWebResponse { StatusCode: HttpStatusCode.ProxyAuthenticationRequired } })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True only when the request cannot have reached the API: the name did not resolve or the connection was refused or
    /// unreachable, so nothing was sent.
    /// </summary>
    public static bool IsConnectFailure(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SocketException socket)
            {
                return socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable
                    or SocketError.NetworkUnreachable or SocketError.TryAgain or SocketError.NoData or SocketError.AddressNotAvailable;
            }

            if (current is WebException web)
            {
                return web.Status is WebExceptionStatus.ConnectFailure or WebExceptionStatus.NameResolutionFailure or WebExceptionStatus.ProxyNameResolutionFailure;
            }
        }

        return false;
    }

    /// <summary>The messages of the exception chain, outer first, without repeats: "Connection refused (127.0.0.1:9)".</summary>
    public static string Describe(Exception exception)
    {
        var text = string.Empty;
        var depth = 0;
        for (var current = exception; current is not null && depth < 4; current = current.InnerException, depth++)
        {
            var message = current.Message?.Trim().TrimEnd('.') ?? string.Empty;
            if (message.Length == 0 || text.IndexOf(message, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                continue;
            }

            text = text.Length == 0 ? message : text + ": " + message;
        }

        return text.Length == 0 ? exception.GetType().Name : text;
    }
}
