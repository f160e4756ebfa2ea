using System;
using System.Management.Automation;
using System.Net;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// The shared base of Connect-FalconX and Connect-ThreatQ: the proxy, timeout and retry parameters, the environment
/// variables scheduled tasks pass settings in, and the terminating InvalidArgument error a bad setting gives before
/// anything is sent.
/// </summary>
public abstract class ConnectCmdlet : FalconXCmdlet
{
    private static readonly string[] ProxySchemes = { "http", "https", "socks4", "socks4a", "socks5" };

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

    /// <summary>Retries after server errors, dropped connections and timeouts (default 4).</summary>
    [Parameter]
    [ValidateRange(0, 20)]
    public int MaxRetryCount { get; set; } = 4;

    /// <summary>First backoff delay in milliseconds (doubles per retry, with jitter; default 1000).</summary>
    [Parameter]
    [ValidateRange(0, 60000)]
    public int RetryDelayMilliseconds { get; set; } = 1000;

    /// <summary>-TimeoutSec as a time span.</summary>
    private protected TimeSpan AttemptTimeout => TimeSpan.FromSeconds(TimeoutSec);

    /// <summary>-RetryDelayMilliseconds as a time span.</summary>
    private protected TimeSpan RetryBaseDelay => TimeSpan.FromMilliseconds(RetryDelayMilliseconds);

    /// <summary>The value of an environment variable, or null when it is unset or blank.</summary>
    private protected static string? EnvironmentValue(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>
    /// The proxy settings from -Proxy, -ProxyCredential and -ProxyUseDefaultCredentials: an explicit proxy (checked:
    /// a proxy URL with a scheme the handler takes, else the error <paramref name="invalidProxyErrorId"/>), or the
    /// credentials to give the system proxy.
    /// </summary>
    private protected (IWebProxy? Proxy, ICredentials? SystemProxyCredentials, bool UseDefaultCredentials) ResolveProxy(string invalidProxyErrorId)
    {
        var proxyCredentials = ProxyCredential?.GetNetworkCredential();
        if (Proxy is null)
        {
            return (null, proxyCredentials, ProxyUseDefaultCredentials.IsPresent);
        }

        // 'proxy:8080' parses as an absolute URI with the scheme "proxy"; the handler would refuse it later with an
        // exception of its own, so name the problem here.
        if (!Proxy.IsAbsoluteUri || Array.IndexOf(ProxySchemes, Proxy.Scheme.ToLowerInvariant()) < 0 || string.IsNullOrEmpty(Proxy.Host))
        {
            FailArgument(new PSArgumentException($"The proxy '{Proxy.OriginalString}' is not a proxy URL; give it as http://proxy.example.com:8080 (schemes: {string.Join(", ", ProxySchemes)})."), invalidProxyErrorId, Proxy);
        }

        var proxy = new WebProxy(Proxy) { UseDefaultCredentials = ProxyUseDefaultCredentials.IsPresent };
        if (proxyCredentials is not null)
        {
            proxy.Credentials = proxyCredentials;
        }

        return (proxy, null, false);
    }

    /// <summary>The result of <paramref name="create"/>; an <see cref="ArgumentException"/> from it stops the command with <paramref name="errorId"/>.</summary>
    private protected T Checked<T>(Func<T> create, string errorId, object? target)
    {
        try
        {
            return create();
        }
        catch (ArgumentException ex)
        {
            FailArgument(ex, errorId, target);
            throw; // not reached: FailArgument always throws
        }
    }

    /// <summary>Stops the command: a setting is wrong (InvalidArgument), nothing was sent.</summary>
    private protected void FailArgument(Exception exception, string errorId, object? target) =>
        ThrowItemError(exception, errorId, ErrorCategory.InvalidArgument, target);
}
