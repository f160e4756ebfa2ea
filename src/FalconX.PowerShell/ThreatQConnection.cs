using System;
using System.Globalization;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using FalconX.ThreatQ.Api;

namespace FalconX.PowerShell;

/// <summary>
/// A connection to one ThreatQ instance, made by Connect-ThreatQ; it can be shared between runspaces and passed with
/// -Connection. It shows where it points and for whom, never the password, the secret or the token.
/// </summary>
public sealed class ThreatQConnection
{
    internal ThreatQConnection(ThreatQClient client)
    {
        Client = client ?? throw new ArgumentNullException(nameof(client));
        ConnectedAt = DateTime.Now;
    }

    internal ThreatQClient Client { get; }

    /// <summary>The ThreatQ host.</summary>
    public Uri Uri => Client.BaseUrl;

    /// <summary>The OAuth client id (not a secret).</summary>
    public string ClientId => Client.ClientId;

    /// <summary>The user signed in (password grant), or null with the client-credentials grant.</summary>
    public string? Username => Client.Username;

    /// <summary><c>password</c> or <c>client_credentials</c>.</summary>
    public string GrantType => Client.GrantType;

    /// <summary>When the current token expires (local time); renewed automatically before then.</summary>
    public DateTime? TokenExpiresAt => Client.TokenExpiresAt?.LocalDateTime;

    /// <summary>HTTP requests sent through this connection so far.</summary>
    public int RequestCount => Client.RequestCount;

    /// <summary>When Connect-ThreatQ made it (local time).</summary>
    public DateTime ConnectedAt { get; }

    /// <summary>False after Disconnect-ThreatQ.</summary>
    public bool IsConnected => !Client.IsDisposed;

    /// <inheritdoc />
    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "ThreatQ {0} client {1}{2}{3}", Uri, ClientId, Username is null ? " (client credentials)" : " user " + Username, IsConnected ? string.Empty : " (disconnected)");
}

/// <summary>The default ThreatQ connection of each runspace (as <see cref="FalconXSessionState"/> for Falcon X).</summary>
internal static class ThreatQSessionState
{
    private static readonly ConditionalWeakTable<Runspace, Holder> Defaults = new();

    public static ThreatQConnection? GetDefault()
    {
        var runspace = Runspace.DefaultRunspace;
        return runspace is not null && Defaults.TryGetValue(runspace, out var holder) ? holder.Connection : null;
    }

    public static void SetDefault(ThreatQConnection? connection)
    {
        var runspace = Runspace.DefaultRunspace;
        if (runspace is not null)
        {
            Defaults.GetValue(runspace, _ => new Holder()).Connection = connection;
        }
    }

    public static void ClearIfDefault(ThreatQConnection connection)
    {
        var runspace = Runspace.DefaultRunspace;
        if (runspace is not null && Defaults.TryGetValue(runspace, out var holder) && ReferenceEquals(holder.Connection, connection))
        {
            holder.Connection = null;
        }
    }

    private sealed class Holder
    {
        public volatile ThreatQConnection? Connection;
    }
}
