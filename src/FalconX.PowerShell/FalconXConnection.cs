using System;
using System.Globalization;
using FalconX.Client;
using FalconX.Models;

namespace FalconX.PowerShell;

/// <summary>
/// A connection to one Falcon tenant, made by Connect-FalconX. It is safe to share between runspaces (pass it to
/// <c>ForEach-Object -Parallel</c> with <c>$using:</c> and <c>-Connection</c>): every call through it is thread-safe and
/// they share one token. It shows where it points and for whom, never the secret or the token.
/// </summary>
public sealed class FalconXConnection
{
    internal FalconXConnection(FalconXClient client)
    {
        Client = client ?? throw new ArgumentNullException(nameof(client));
        ConnectedAt = DateTime.Now;
    }

    /// <summary>The client that makes the calls (shared by every runspace using this connection).</summary>
    internal FalconXClient Client { get; }

    /// <summary>US-1, US-2, EU-1, US-GOV-1, US-GOV-2, or Custom for a base URL given with -BaseUrl.</summary>
    public string Cloud => Client.Cloud is FalconXCloud cloud ? FalconXClouds.DisplayName(cloud) : "Custom";

    /// <summary>The API base URL in use (after any region switch).</summary>
    public Uri BaseUrl => Client.BaseUrl;

    /// <summary>The Falcon console, for links to reports.</summary>
    public Uri ConsoleHost => Client.ConsoleHost;

    /// <summary>The API client id (not a secret).</summary>
    public string ClientId => Client.ClientId;

    /// <summary>The Flight Control member CID, when the connection acts for a child tenant.</summary>
    public string? MemberCid => Client.MemberCid;

    /// <summary>When the current token expires (local time); it is renewed automatically before then.</summary>
    public DateTime? TokenExpiresAt => Client.TokenExpiresAt?.LocalDateTime;

    /// <summary>The submission quota from the last answer that reported it, or null until one has.</summary>
    public FalconXQuota? Quota => Client.LastQuota;

    /// <summary>When Connect-FalconX made this connection (local time).</summary>
    public DateTime ConnectedAt { get; }

    /// <summary>False after Disconnect-FalconX.</summary>
    public bool IsConnected => !Client.IsDisposed;

    /// <summary>Cloud, base URL and client id: what identifies the connection in a log line.</summary>
    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0} {1} client {2}{3}{4}", Cloud, BaseUrl, ClientId, MemberCid is null ? string.Empty : " member " + MemberCid, IsConnected ? string.Empty : " (disconnected)");
}
