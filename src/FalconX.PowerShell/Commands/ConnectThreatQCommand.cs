using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using FalconX.ThreatQ.Api;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Connects to ThreatQ: signs in at once (password grant, or client credentials with HTTP Basic) so that a wrong URL or
/// password shows here, and makes the connection the runspace's default for the ThreatQ cmdlets. Never prompts.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "ThreatQ", DefaultParameterSetName = PasswordSet)]
[OutputType(typeof(ThreatQConnection))]
public sealed class ConnectThreatQCommand : FalconXCmdlet
{
    private const string PasswordSet = "Password";
    private const string ClientSecretSet = "ClientSecret";

    internal const string UrlVariable = "THREATQ_URL";
    internal const string ClientIdVariable = "THREATQ_CLIENT_ID";
    internal const string UsernameVariable = "THREATQ_USERNAME";
    internal const string PasswordVariable = "THREATQ_PASSWORD";
    internal const string ClientSecretVariable = "THREATQ_CLIENT_SECRET";

    /// <summary>The ThreatQ host, e.g. https://threatq.example.org; default $env:THREATQ_URL.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Uri { get; set; }

    /// <summary>The user's e-mail and password (password grant); default $env:THREATQ_USERNAME / THREATQ_PASSWORD.</summary>
    [Parameter(ParameterSetName = PasswordSet)]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    /// <summary>The OAuth client id; default $env:THREATQ_CLIENT_ID.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ClientId { get; set; }

    /// <summary>The client secret for the client-credentials grant; default $env:THREATQ_CLIENT_SECRET.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ClientSecretSet)]
    [ValidateNotNull]
    public SecureString? ClientSecret { get; set; }

    /// <summary>An explicit proxy; otherwise the system proxy applies.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? Proxy { get; set; }

    /// <summary>Credentials for the proxy.</summary>
    [Parameter]
    [Credential]
    [ValidateNotNull]
    public PSCredential? ProxyCredential { get; set; }

    /// <summary>Send the current user's credentials to the proxy.</summary>
    [Parameter]
    public SwitchParameter ProxyUseDefaultCredentials { get; set; }

    /// <summary>Seconds one HTTP attempt may take (default 100).</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = 100;

    /// <summary>Retries after server errors and dropped connections for calls that are safe to repeat (default 4).</summary>
    [Parameter]
    [ValidateRange(0, 20)]
    public int MaxRetryCount { get; set; } = 4;

    /// <summary>First backoff delay in milliseconds (doubles per retry, with jitter; default 1000).</summary>
    [Parameter]
    [ValidateRange(0, 60000)]
    public int RetryDelayMilliseconds { get; set; } = 1000;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var urlText = Uri ?? Env(UrlVariable);
        if (urlText is null)
        {
            Fail(new PSArgumentException($"No ThreatQ URL: give -Uri https://your-threatq-host or set {UrlVariable}."), "ThreatQUrlMissing", null);
        }

        if (!System.Uri.TryCreate(urlText!.Trim(), UriKind.Absolute, out var url))
        {
            Fail(new PSArgumentException($"'{urlText}' is not an absolute URL. Give the ThreatQ host as https://host[:port]."), "ThreatQInvalidUrl", urlText);
        }

        try
        {
            ThreatQClientOptions.ValidateUrl(url!);
        }
        catch (ArgumentException ex)
        {
            Fail(ex, "ThreatQInvalidUrl", urlText);
        }

        var options = new ThreatQClientOptions
        {
            BaseUrl = url,
            ClientId = ClientId ?? Env(ClientIdVariable),
            AttemptTimeout = TimeSpan.FromSeconds(TimeoutSec),
            MaxRetryAttempts = MaxRetryCount,
            RetryBaseDelay = TimeSpan.FromMilliseconds(RetryDelayMilliseconds),
        };
        if (ParameterSetName == ClientSecretSet)
        {
            options.ClientSecret = new NetworkCredential(string.Empty, ClientSecret).Password;
        }
        else if (Credential is not null)
        {
            options.Username = Credential.UserName?.TrimStart('\\');
            options.Password = Credential.GetNetworkCredential().Password;
        }
        else if (Env(UsernameVariable) is string user && Env(PasswordVariable) is string password)
        {
            options.Username = user;
            options.Password = password;
        }
        else
        {
            options.ClientSecret = Env(ClientSecretVariable);
        }

        if (Proxy is not null)
        {
            options.Proxy = new WebProxy(Proxy) { UseDefaultCredentials = ProxyUseDefaultCredentials.IsPresent, Credentials = ProxyCredential?.GetNetworkCredential() };
        }
        else
        {
            options.ProxyCredentials = ProxyCredential?.GetNetworkCredential();
            options.UseDefaultProxyCredentials = ProxyUseDefaultCredentials.IsPresent;
        }

        ThreatQClient client = null!;
        try
        {
            client = new ThreatQClient(options);
        }
        catch (ArgumentException ex)
        {
            Fail(ex, options.ClientId is null ? "ThreatQClientIdMissing" : "ThreatQCredentialMissing", urlText);
        }

        try
        {
            RunAsync(ct => client.ConnectAsync(ct));
        }
        catch (ThreatQApiException ex)
        {
            client.Dispose();
            ThrowTerminatingError(ThreatQCmdlet.CreateThreatQErrorRecord(ex, urlText));
        }
        catch
        {
            client.Dispose();
            throw;
        }

        if (url!.Scheme == System.Uri.UriSchemeHttp)
        {
            WriteWarning($"Connected over plain http to {url.GetLeftPart(UriPartial.Authority)}: accepted only on the loopback address (the emulator); a real ThreatQ must use https.");
        }

        var connection = new ThreatQConnection(client);
        ThreatQSessionState.SetDefault(connection);
        WriteVerbose($"Connected: {connection}. It is now the default ThreatQ connection of this runspace.");
        WriteObject(connection);
    }

    private void Fail(Exception exception, string errorId, object? target) =>
        ThrowTerminatingError(new ErrorRecord(exception, errorId, ErrorCategory.InvalidArgument, target));

    private static string? Env(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }
}

/// <summary>Closes a ThreatQ connection (forgets its token) and, when it was the default, forgets it.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "ThreatQ")]
[OutputType(typeof(ThreatQConnection))]
public sealed class DisconnectThreatQCommand : PSCmdlet
{
    /// <summary>The connection to close; default: the runspace's default.</summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNull]
    public ThreatQConnection? Connection { get; set; }

    /// <summary>Write the closed connection.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var connection = Connection ?? ThreatQSessionState.GetDefault();
        if (connection is null)
        {
            return;
        }

        connection.Client.Dispose();
        ThreatQSessionState.ClearIfDefault(connection);
        WriteVerbose($"Closed {connection}.");
        if (PassThru)
        {
            WriteObject(connection);
        }
    }
}

/// <summary>Shows the runspace's default ThreatQ connection.</summary>
[Cmdlet(VerbsCommon.Get, "ThreatQConnection")]
[OutputType(typeof(ThreatQConnection))]
public sealed class GetThreatQConnectionCommand : PSCmdlet
{
    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ThreatQSessionState.GetDefault() is ThreatQConnection connection)
        {
            WriteObject(connection);
        }
    }
}
