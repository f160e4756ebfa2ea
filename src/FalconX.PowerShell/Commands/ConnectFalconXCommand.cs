using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using FalconX.Client;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Connects to the Falcon X Sandbox API with an API client's id and secret: proves them with a token request at once,
/// follows the tenant's region for named clouds, and makes the connection the runspace's default.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "FalconX", DefaultParameterSetName = EnvironmentSet)]
[OutputType(typeof(FalconXConnection))]
public sealed class ConnectFalconXCommand : FalconXCmdlet
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

    private static readonly string[] ProxySchemes = { "http", "https", "socks4", "socks4a", "socks5" };

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
    public string? BaseUrl { get; set; }

    /// <summary>A Flight Control child CID to act on.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MemberCid { get; set; }

    /// <summary>The Falcon console host used in report links.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConsoleHost { get; set; }

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

    /// <summary>Seconds one HTTP attempt may take.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = 100;

    /// <summary>Retries after server errors, dropped connections and timeouts.</summary>
    [Parameter]
    [ValidateRange(0, 20)]
    public int MaxRetryCount { get; set; } = 4;

    /// <summary>First backoff delay in milliseconds (doubles per retry, with jitter).</summary>
    [Parameter]
    [ValidateRange(0, 60000)]
    public int RetryDelayMilliseconds { get; set; } = 1000;

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
            AttemptTimeout = TimeSpan.FromSeconds(TimeoutSec),
            MaxRetryAttempts = MaxRetryCount,
            RetryBaseDelay = TimeSpan.FromMilliseconds(RetryDelayMilliseconds),
            MaxRateLimitWait = TimeSpan.FromSeconds(MaxRateLimitWaitSec),
        };
        ResolveTarget(options);
        options.MemberCid = Checked(() => FalconXClientOptions.NormalizeMemberCid(MemberCid ?? NullIfEmpty(Environment.GetEnvironmentVariable(MemberCidVariable))), "FalconXInvalidMemberCid", MemberCid);
        if (ConsoleHost is not null)
        {
            options.ConsoleHost = Checked(() => ParseConsoleHost(ConsoleHost), "FalconXInvalidConsoleHost", ConsoleHost);
        }

        ConfigureProxy(options);

        var client = Checked(() => new FalconXClient(options), "FalconXInvalidOptions", null);
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
                return Checked(() => new FalconXCredential(userName, Credential.Password), "FalconXInvalidCredential", userName);
            case ClientSecretSet:
                return Checked(() => new FalconXCredential(ClientId!, ClientSecret!), "FalconXInvalidCredential", ClientId);
            default:
                var id = NullIfEmpty(Environment.GetEnvironmentVariable(ClientIdVariable));
                var secret = NullIfEmpty(Environment.GetEnvironmentVariable(ClientSecretVariable));
                if (id is null || secret is null)
                {
                    var missing = id is null && secret is null ? $"{ClientIdVariable} and {ClientSecretVariable} are" : $"{(id is null ? ClientIdVariable : ClientSecretVariable)} is";
                    ThrowTerminatingError(new ErrorRecord(
                        new PSArgumentException(
                            $"No API credentials were given and {missing} not set. Give them one of three ways: " +
                            "-Credential (user name = client id, password = secret; e.g. from Get-Credential or SecretManagement), " +
                            "-ClientId with -ClientSecret (a SecureString), " +
                            $"or the environment variables {ClientIdVariable} and {ClientSecretVariable} (for scheduled tasks)."),
                        "FalconXCredentialMissing",
                        ErrorCategory.InvalidArgument,
                        null));
                }

                return Checked(() => new FalconXCredential(id!, secret!), "FalconXInvalidCredential", id);
        }
    }

    private void ResolveTarget(FalconXClientOptions options)
    {
        var cloudGiven = MyInvocation.BoundParameters.ContainsKey(nameof(Cloud));
        if (cloudGiven && BaseUrl is not null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException("Give -Cloud or -BaseUrl, not both: -Cloud picks CrowdStrike's API host for that region, -BaseUrl a gateway or the emulator."),
                "FalconXCloudAndBaseUrl",
                ErrorCategory.InvalidArgument,
                BaseUrl));
        }

        var baseUrlText = BaseUrl ?? (cloudGiven ? null : NullIfEmpty(Environment.GetEnvironmentVariable(BaseUrlVariable)));
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
                "FalconXInvalidBaseUrl",
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

        var cloudText = NullIfEmpty(Environment.GetEnvironmentVariable(CloudVariable));
        if (cloudText is null)
        {
            options.Cloud = Cloud;
            return;
        }

        if (!FalconXClouds.TryParse(cloudText, out var fromEnvironment))
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException($"{CloudVariable} is '{cloudText}', which is not a cloud. Use US1, US2, EU1, USGOV1 or USGOV2 (or us-2 style names)."),
                "FalconXInvalidCloud",
                ErrorCategory.InvalidArgument,
                cloudText));
        }

        options.Cloud = fromEnvironment;
    }

    private void ConfigureProxy(FalconXClientOptions options)
    {
        var proxyCredentials = ProxyCredential?.GetNetworkCredential();
        if (Proxy is not null)
        {
            // 'proxy:8080' parses as an absolute URI with the scheme "proxy"; the handler would refuse it later with an
            // exception of its own, so name the problem here.
            if (!Proxy.IsAbsoluteUri || Array.IndexOf(ProxySchemes, Proxy.Scheme.ToLowerInvariant()) < 0 || string.IsNullOrEmpty(Proxy.Host))
            {
                ThrowTerminatingError(new ErrorRecord(new PSArgumentException($"The proxy '{Proxy.OriginalString}' is not a proxy URL; give it as http://proxy.example.com:8080 (schemes: {string.Join(", ", ProxySchemes)})."), "FalconXInvalidProxy", ErrorCategory.InvalidArgument, Proxy));
            }

            var proxy = new WebProxy(Proxy) { UseDefaultCredentials = ProxyUseDefaultCredentials.IsPresent };
            if (proxyCredentials is not null)
            {
                proxy.Credentials = proxyCredentials;
            }

            options.Proxy = proxy;
            return;
        }

        options.ProxyCredentials = proxyCredentials;
        options.UseDefaultProxyCredentials = ProxyUseDefaultCredentials.IsPresent;
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

    private T Checked<T>(Func<T> create, string errorId, object? target)
    {
        try
        {
            return create();
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, errorId, ErrorCategory.InvalidArgument, target));
            throw; // not reached: ThrowTerminatingError always throws
        }
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
