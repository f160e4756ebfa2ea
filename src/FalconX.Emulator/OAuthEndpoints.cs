using System;
using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace FalconX.Emulator;

/// <summary>POST /oauth2/token and /oauth2/revoke: client-credentials tokens as the Falcon gateway issues them.</summary>
internal sealed class OAuthEndpoints
{
    private const string AccessDenied = "access denied, authorization failed";

    /// <summary>What the real token route answers for a wrong client id or secret (gofalcon's cloud.go reads any 403 but
    /// <see cref="AccessDenied"/> as this; captured answers word it so).</summary>
    internal const string ClientAuthenticationFailed = "Failed to issue access token - Client authentication failed";
    private readonly EmulatorState _state;

    public OAuthEndpoints(EmulatorState state) => _state = state;

    public void Map(RouteTable routes)
    {
        routes.Map("POST", "/oauth2/token", TokenAsync, anonymous: true);
        routes.Map("POST", "/oauth2/revoke", RevokeAsync, anonymous: true);
    }

    private async Task<ApiResponse> TokenAsync(ApiRequest request)
    {
        var form = await ReadFormAsync(request).ConfigureAwait(false);
        if (form is null)
        {
            return Envelope.Error(request, StatusCodes.Status400BadRequest,
                "send client_id and client_secret as an application/x-www-form-urlencoded body.");
        }

        // Clients send the credentials as form fields (FalconPy, PSFalcon) or as HTTP Basic (some OAuth2 libraries).
        var (basicId, basicSecret) = BasicCredentials(request.Http);
        var clientId = Field(form, "client_id") ?? basicId;
        var clientSecret = Field(form, "client_secret") ?? basicSecret;
        if (clientId is null || clientSecret is null)
        {
            return Envelope.Error(request, StatusCodes.Status400BadRequest, "client_id and client_secret are required.");
        }

        var home = _state.Faults.TokenRedirectRegion;
        if (home is not null && FixedTimeEquals(clientId, _state.Options.ClientId))
        {
            // This emulator plays a cloud that is not the tenant's: the real gateway answers 308 to the home cloud's
            // token URL with X-Cs-Region and an empty body (captured in CrowdStrike's Ansible collection, issue 217).
            return ApiResponse.Bytes(StatusCodes.Status308PermanentRedirect, "text/plain", [])
                .With("Location", RegionHosts.TokenUrl(home))
                .With("X-Cs-Region", home);
        }

        if (_state.Faults.IpBlocked)
        {
            // The tenant's IP allow-list does not contain the caller: the gateway answers this (gofalcon reads it so).
            return Envelope.Error(request, StatusCodes.Status403Forbidden, AccessDenied);
        }

        var memberCid = Field(form, "member_cid");
        if (!FixedTimeEquals(clientId, _state.Options.ClientId) || !FixedTimeEquals(clientSecret, _state.Options.ClientSecret)
            || (memberCid is not null && !string.Equals(memberCid, _state.Options.Cid, StringComparison.OrdinalIgnoreCase)))
        {
            return Envelope.Error(request, StatusCodes.Status403Forbidden, ClientAuthenticationFailed);
        }

        var lifetime = _state.Faults.TokenLifetimeSec;
        var token = _state.Tokens.Issue(request.ReceivedAt, lifetime);
        request.TokenId = TokenStore.IdOf(token);
        var response = ApiResponse.Json(StatusCodes.Status201Created, new JsonObject
        {
            ["access_token"] = token,
            ["expires_in"] = lifetime,
            ["token_type"] = "bearer",
        });
        var region = _state.Faults.Region;
        if (region is not null)
        {
            response.With("X-Cs-Region", region);
        }

        return response;
    }

    private async Task<ApiResponse> RevokeAsync(ApiRequest request)
    {
        var form = await ReadFormAsync(request).ConfigureAwait(false);
        if (form is null)
        {
            return Envelope.Error(request, StatusCodes.Status400BadRequest, "send the token as an application/x-www-form-urlencoded body.");
        }

        var (basicId, basicSecret) = BasicCredentials(request.Http);
        if (basicId is null || basicSecret is null || !FixedTimeEquals(basicId, _state.Options.ClientId) || !FixedTimeEquals(basicSecret, _state.Options.ClientSecret))
        {
            return Envelope.Error(request, StatusCodes.Status403Forbidden, AccessDenied);
        }

        var token = Field(form, "token");
        if (token is null)
        {
            return Envelope.Error(request, StatusCodes.Status400BadRequest, "token is required.");
        }

        request.TokenId = TokenStore.IdOf(token);
        _state.Tokens.Revoke(token);
        _state.Stats.Revoked();
        return Envelope.MetaOnly(StatusCodes.Status200OK, Envelope.Meta(request, Envelope.PoweredByGateway));
    }

    private static async Task<IFormCollection?> ReadFormAsync(ApiRequest request)
    {
        if (!request.Http.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            return await request.Http.Request.ReadFormAsync(request.Http.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static string? Field(IFormCollection form, string name)
    {
        var value = form[name].ToString();
        return value.Length == 0 ? null : value;
    }

    private static (string? Id, string? Secret) BasicCredentials(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("basic ", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null);
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? (null, null) : (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }

    private static bool FixedTimeEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
