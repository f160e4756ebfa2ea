using System;
using System.Diagnostics.CodeAnalysis;
using System.Management.Automation;
using System.Security;
using FalconX.Client;
using FalconX.Workflows;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Connects to the Falcon X Sandbox API with an API client's id and secret: proves them with a token request at once,
/// follows the tenant's region for named clouds, and makes the connection the runspace's default.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "FalconX", DefaultParameterSetName = EnvironmentSet)]
[OutputType(typeof(FalconXConnection))]
public sealed class ConnectFalconXCommand : ConnectCmdlet
{
    /// <summary>Credentials from FALCON_CLIENT_ID / FALCON_CLIENT_SECRET.</summary>
    public const string EnvironmentSet = "Environment";

    /// <summary>Credentials as a PSCredential (user name = client id).</summary>
    public const string CredentialSet = "Credential";

    /// <summary>Credentials as -ClientId and -ClientSecret.</summary>
    public const string ClientSecretSet = "ClientSecret";

    internal const string ClientIdVariable = "FALCON_CLIENT_ID";
    internal const string ClientSecretVariable = "FALCON_CLIENT_SECRET";
    internal const string CloudVariable = "FALCON_CLOUD";
    internal const string BaseUrlVariable = "FALCON_BASE_URL";
    internal const string MemberCidVariable = "FALCON_MEMBER_CID";

    /// <summary>The API client id as the user name and the secret as the password.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = CredentialSet)]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    /// <summary>The API client id.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ClientSecretSet)]
    [ValidateNotNullOrEmpty]
    public string? ClientId { get; set; }

    /// <summary>The API client secret.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ClientSecretSet)]
    [ValidateNotNull]
    public SecureString? ClientSecret { get; set; }

    /// <summary>The CrowdStrike cloud; default US2 (or $env:FALCON_CLOUD).</summary>
    [Parameter]
    public FalconXCloud Cloud { get; set; } = FalconXCloud.US2;

    /// <summary>A fixed API base URL (gateway or emulator) instead of a cloud.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SuppressMessage("Design", "CA1056:URI-like properties should not be strings", Justification = "A parameter users type (or $env:FALCON_BASE_URL): the cmdlet parses the text itself so that a bad URL gets the FalconXInvalidBaseUrl error and its message; a System.Uri parameter would leave that to PowerShell's parameter binder.")]
    public string? BaseUrl { get; set; }

    /// <summary>A Flight Control child CID to act on.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MemberCid { get; set; }

    /// <summary>The Falcon console host used in report links.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConsoleHost { get; set; }

    /// <summary>Longest total wait for the rate limit in one call, in seconds.</summary>
    [Parameter]
    [ValidateRange(0, 3600)]
    public int MaxRateLimitWaitSec { get; set; } = 300;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var credential = ResolveCredential();
        var options = new FalconXClientOptions
        {
            Credential = credential,
            AttemptTimeout = AttemptTimeout,
            MaxRetryAttempts = MaxRetryCount,
            RetryBaseDelay = RetryBaseDelay,
            MaxRateLimitWait = TimeSpan.FromSeconds(MaxRateLimitWaitSec),
        };
        ResolveTarget(options);
        options.MemberCid = Checked(() => FalconXClientOptions.NormalizeMemberCid(MemberCid ?? EnvironmentValue(MemberCidVariable)), ErrorIds.FalconXInvalidMemberCid, MemberCid);
        if (ConsoleHost is not null)
        {
            options.ConsoleHost = Checked(() => ParseConsoleHost(ConsoleHost), ErrorIds.FalconXInvalidConsoleHost, ConsoleHost);
        }

        (options.Proxy, options.ProxyCredentials, options.UseDefaultProxyCredentials) = ResolveProxy(ErrorIds.FalconXInvalidProxy);

        var client = Checked(() => new FalconXClient(options), ErrorIds.FalconXInvalidOptions, null);
        try
        {
            RunAsync(ct => client.ConnectAsync(ct));
        }
        catch (FalconXApiException ex)
        {
            client.Dispose();
            ThrowApiError(ex, credential.ClientId);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        var connection = new FalconXConnection(client);
        FalconXSessionState.SetDefault(connection);
        WriteVerbose($"Connected: {connection}. It is now the default connection of this runspace.");
        WriteObject(connection);
    }

    private FalconXCredential ResolveCredential()
    {
        switch (ParameterSetName)
        {
            case CredentialSet:
                var userName = Credential!.UserName?.TrimStart('\\') ?? string.Empty;
                return Checked(() => new FalconXCredential(userName, Credential.Password), ErrorIds.FalconXInvalidCredential, userName);
            case ClientSecretSet:
                return Checked(() => new FalconXCredential(ClientId!, ClientSecret!), ErrorIds.FalconXInvalidCredential, ClientId);
            default:
                var id = EnvironmentValue(ClientIdVariable);
                var secret = EnvironmentValue(ClientSecretVariable);
                if (id is null || secret is null)
                {
                    var missing = id is null && secret is null ? $"{ClientIdVariable} and {ClientSecretVariable} are" : $"{(id is null ? ClientIdVariable : ClientSecretVariable)} is";
                    FailArgument(
                        new PSArgumentException(
                            $"No API credentials were given and {missing} not set. Give them one of three ways: " +
                            "-Credential (user name = client id, password = secret; e.g. from Get-Credential or SecretManagement), " +
                            "-ClientId with -ClientSecret (a SecureString), " +
                            $"or the environment variables {ClientIdVariable} and {ClientSecretVariable} (for scheduled tasks)."),
                        ErrorIds.FalconXCredentialMissing,
                        null);
                }

                return Checked(() => new FalconXCredential(id!, secret!), ErrorIds.FalconXInvalidCredential, id);
        }
    }

    private void ResolveTarget(FalconXClientOptions options)
    {
        var cloudGiven = MyInvocation.BoundParameters.ContainsKey(nameof(Cloud));
        if (cloudGiven && BaseUrl is not null)
        {
            FailArgument(
                new PSArgumentException("Give -Cloud or -BaseUrl, not both: -Cloud picks CrowdStrike's API host for that region, -BaseUrl a gateway or the emulator."),
                ErrorIds.FalconXCloudAndBaseUrl,
                BaseUrl);
        }

        var baseUrlText = BaseUrl ?? (cloudGiven ? null : EnvironmentValue(BaseUrlVariable));
        if (baseUrlText is not null)
        {
            var baseUrl = Checked(
                () =>
                {
                    if (!Uri.TryCreate(baseUrlText.Trim(), UriKind.Absolute, out var parsed))
                    {
                        throw new ArgumentException($"'{baseUrlText}' is not an absolute URL. Give the API base URL as https://host[:port], e.g. https://api.us-2.crowdstrike.com, or use -Cloud.");
                    }

                    FalconXClientOptions.ValidateBaseUrl(parsed);
                    return parsed;
                },
                ErrorIds.FalconXInvalidBaseUrl,
                baseUrlText);
            if (baseUrl.Scheme == Uri.UriSchemeHttp)
            {
                WriteWarning($"Connecting over plain http to {baseUrl.GetLeftPart(UriPartial.Authority)}. This is accepted only on the loopback address, for the local emulator; real API traffic must use https.");
            }

            options.BaseUrl = baseUrl;
            return;
        }

        if (cloudGiven)
        {
            options.Cloud = Cloud;
            return;
        }

        var cloudText = EnvironmentValue(CloudVariable);
        if (cloudText is null)
        {
            options.Cloud = Cloud;
            return;
        }

        if (!FalconXClouds.TryParse(cloudText, out var fromEnvironment))
        {
            FailArgument(
                new PSArgumentException($"{CloudVariable} is '{cloudText}', which is not a cloud. Use US1, US2, EU1, USGOV1 or USGOV2 (or us-2 style names)."),
                ErrorIds.FalconXInvalidCloud,
                cloudText);
        }

        options.Cloud = fromEnvironment;
    }

    private static Uri ParseConsoleHost(string text)
    {
        var candidate = text.Contains("://") ? text : "https://" + text;
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"'{text}' is not a host name or URL. Give the Falcon console host, e.g. falcon.us-2.crowdstrike.com.");
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority));
    }

}
