using System;
using System.Diagnostics.CodeAnalysis;
using System.Management.Automation;
using System.Net;
using System.Security;
using FalconX.ThreatQ.Api;
using FalconX.Workflows;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Connects to ThreatQ: signs in at once (password grant, or client credentials with HTTP Basic) so that a wrong URL or
/// password shows here, and makes the connection the runspace's default for the ThreatQ cmdlets. Never prompts.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "ThreatQ", DefaultParameterSetName = PasswordSet)]
[OutputType(typeof(ThreatQConnection))]
public sealed class ConnectThreatQCommand : ConnectCmdlet
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
    [SuppressMessage("Design", "CA1056:URI-like properties should not be strings", Justification = "A parameter users type (or $env:THREATQ_URL): the cmdlet parses the text itself so that a bad URL gets the ThreatQInvalidUrl error and its message; a System.Uri parameter would leave that to PowerShell's parameter binder.")]
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

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var urlText = Uri ?? EnvironmentValue(UrlVariable);
        if (urlText is null)
        {
            FailArgument(new PSArgumentException($"No ThreatQ URL: give -Uri https://your-threatq-host or set {UrlVariable}."), ErrorIds.ThreatQUrlMissing, null);
        }

        if (!System.Uri.TryCreate(urlText!.Trim(), UriKind.Absolute, out var url))
        {
            FailArgument(new PSArgumentException($"'{urlText}' is not an absolute URL. Give the ThreatQ host as https://host[:port]."), ErrorIds.ThreatQInvalidUrl, urlText);
        }

        try
        {
            ThreatQClientOptions.ValidateUrl(url!);
        }
        catch (ArgumentException ex)
        {
            FailArgument(ex, ErrorIds.ThreatQInvalidUrl, urlText);
        }

        var options = new ThreatQClientOptions
        {
            BaseUrl = url,
            ClientId = ClientId ?? EnvironmentValue(ClientIdVariable),
            AttemptTimeout = AttemptTimeout,
            MaxRetryAttempts = MaxRetryCount,
            RetryBaseDelay = RetryBaseDelay,
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
        else if (EnvironmentValue(UsernameVariable) is string user && EnvironmentValue(PasswordVariable) is string password)
        {
            options.Username = user;
            options.Password = password;
        }
        else
        {
            options.ClientSecret = EnvironmentValue(ClientSecretVariable);
        }

        (options.Proxy, options.ProxyCredentials, options.UseDefaultProxyCredentials) = ResolveProxy(ErrorIds.ThreatQInvalidProxy);
        ThreatQClient client = null!;
        try
        {
            client = new ThreatQClient(options);
        }
        catch (ArgumentException ex)
        {
            FailArgument(ex, options.ClientId is null ? ErrorIds.ThreatQClientIdMissing : ErrorIds.ThreatQCredentialMissing, urlText);
        }

        try
        {
            RunAsync(ct => client.ConnectAsync(ct));
        }
        catch (ThreatQApiException ex)
        {
            client.Dispose();
            ThrowTerminatingError(ErrorRecords.ForThreatQ(ex, urlText));
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
}
