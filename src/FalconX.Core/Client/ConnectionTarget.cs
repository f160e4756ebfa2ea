using System;

namespace FalconX.Client;

/// <summary>Where the client sends requests: the cloud (null for a custom base URL), its API base URL and console host.</summary>
internal sealed class ConnectionTarget
{
    private ConnectionTarget(FalconXCloud? cloud, Uri baseUrl, Uri consoleHost)
    {
        Cloud = cloud;
        BaseUrl = baseUrl;
        ConsoleHost = consoleHost;
    }

    public FalconXCloud? Cloud { get; }

    public Uri BaseUrl { get; }

    public Uri ConsoleHost { get; }

    public static ConnectionTarget From(FalconXClientOptions options) =>
        options.BaseUrl is not null
            ? new ConnectionTarget(null, options.BaseUrl, options.ConsoleHost ?? FalconXClouds.DefaultConsoleHost)
            : ForCloud(options.Cloud, options);

    public static ConnectionTarget ForCloud(FalconXCloud cloud, FalconXClientOptions options) =>
        new(cloud, FalconXClientOptions.NormalizeBaseUrl(FalconXClouds.ApiBaseUrl(cloud, options.CloudHostOverrides)), options.ConsoleHost ?? FalconXClouds.ConsoleHost(cloud));
}
