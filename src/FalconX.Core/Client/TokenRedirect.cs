using System;

namespace FalconX.Client;

/// <summary>
/// Decides where a redirected token request may go. The real <c>/oauth2/token</c> of a cloud that is not the API
/// client's answers 308 with <c>Location</c> on the home cloud's host and <c>X-Cs-Region</c>. The secret is re-posted
/// only to the API host FalconX itself knows for that cloud (never to the <c>Location</c> as given), only from a named
/// cloud (never from a custom base URL), never between commercial clouds and GovCloud, and at most once.
/// </summary>
internal static class TokenRedirect
{
    /// <summary>The target to request the token from instead; throws a clear <see cref="FalconXApiException"/> when it may not be followed.</summary>
    public static ConnectionTarget Resolve(FalconXApiException redirect, ConnectionTarget from, string clientId, bool mayFollow, FalconXClientOptions options)
    {
        var location = redirect.RedirectLocation?.Trim();
        var shown = Describe(location, redirect.Region);
        if (from.Cloud is not FalconXCloud current)
        {
            throw Refuse(redirect, $"The API at {from.BaseUrl} redirected the token request of client {clientId} to {shown}. FalconX does not follow redirects from a -BaseUrl: the secret goes to that URL only. Connect with -Cloud instead (it finds the tenant's cloud by itself), or give -BaseUrl the API host of the client's cloud.");
        }

        FalconXCloud home;
        if (!string.IsNullOrEmpty(location))
        {
            if (!Uri.TryCreate(location, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || !FalconXClouds.TryFromApiHost(uri.Host, out home))
            {
                throw Refuse(redirect, $"The {FalconXClouds.DisplayName(current)} API redirected the token request of client {clientId} to {shown}, which is not the https API host of any CrowdStrike cloud FalconX knows; the secret was not sent there. Check for a proxy rewriting answers, or connect with -Cloud set to the client's cloud.");
            }
        }
        else if (!FalconXClouds.TryParse(redirect.Region, out home))
        {
            throw Refuse(redirect, $"The {FalconXClouds.DisplayName(current)} API redirected the token request of client {clientId} without saying where (no Location, X-Cs-Region '{redirect.Region}'). Connect with -Cloud set to the client's cloud.");
        }

        if (FalconXClouds.IsGovCloud(home) != FalconXClouds.IsGovCloud(current))
        {
            throw Refuse(redirect, $"The {FalconXClouds.DisplayName(current)} API redirected the token request of client {clientId} to {FalconXClouds.DisplayName(home)} ({shown}). FalconX never moves credentials between the commercial clouds and GovCloud; if the client really lives there, connect with -Cloud {home}.");
        }

        if (!mayFollow || home == current)
        {
            throw Refuse(redirect, $"The token request of client {clientId} was redirected again, to {shown}, after FalconX had already followed one redirect to {FalconXClouds.DisplayName(current)}; it stops here rather than loop. Connect with -Cloud set to the client's cloud.");
        }

        return ConnectionTarget.ForCloud(home, options);
    }

    private static string Describe(string? location, string? region)
    {
        var where = string.IsNullOrEmpty(location) ? "an unnamed host" : (Uri.TryCreate(location, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path) : location!.Split('?')[0]);
        return region is null ? where : $"{where} (X-Cs-Region: {region})";
    }

    private static FalconXApiException Refuse(FalconXApiException redirect, string summary) =>
        new(FalconXErrorKind.InvalidResponse, summary, redirect.StatusCode, redirect.Method, redirect.Path, redirect.Errors, redirect.TraceId, redirect);
}
