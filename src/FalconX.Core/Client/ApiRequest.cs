using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace FalconX.Client;

/// <summary>
/// One API call as the endpoint methods of <see cref="FalconXClient"/> describe it: method, path relative to the base
/// URL, query (repeated keys allowed), an optional body factory (called once per attempt so a file stream is reopened
/// for a retry), the retry policy and headers. See docs/client.md.
/// </summary>
internal sealed class ApiRequest
{
    private readonly List<KeyValuePair<string, string>> _query = new();
    private readonly List<KeyValuePair<string, string>> _headers = new();

    /// <summary>Creates a request. <paramref name="path"/> is relative to the base URL, e.g. "falconx/entities/submissions/v1".</summary>
    public ApiRequest(HttpMethod method, string path)
    {
        Method = method ?? throw new ArgumentNullException(nameof(method));
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("An API path is required.", nameof(path));
        }

        Path = path.TrimStart('/');
        RetryPolicy = method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Delete
            ? RetryPolicy.Safe
            : RetryPolicy.OnlyIfNotSent;
    }

    /// <summary>The HTTP method.</summary>
    public HttpMethod Method { get; }

    /// <summary>The path relative to the base URL, without a leading slash.</summary>
    public string Path { get; }

    /// <summary>Query parameters in order; a key may repeat (<c>ids=a&amp;ids=b</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query => _query;

    /// <summary>Extra request headers (e.g. Accept-Encoding). Never put secrets here: headers other than Authorization are logged at Debug.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    /// <summary>Default: <see cref="RetryPolicy.Safe"/> for GET/HEAD/DELETE, <see cref="RetryPolicy.OnlyIfNotSent"/> otherwise.</summary>
    public RetryPolicy RetryPolicy { get; set; }

    /// <summary>False for the OAuth2 endpoints themselves; everything else gets the bearer token.</summary>
    public bool Authenticated { get; set; } = true;

    /// <summary>The Accept header; default application/json.</summary>
    public string Accept { get; set; } = "application/json";

    /// <summary>Creates the body for one attempt, or null for none.</summary>
    public Func<HttpContent>? ContentFactory { get; private set; }

    /// <summary>What the Debug stream shows for the body (JSON text), or null to show nothing.</summary>
    internal string? DebugBody { get; private set; }

    /// <summary>Sends to this base URL instead of the client's (used to revoke a token on the host that issued it).</summary>
    internal Uri? BaseUrlOverride { get; set; }

    /// <summary>Extra Authorization header (HTTP Basic for /oauth2/revoke); never logged.</summary>
    internal AuthenticationHeaderValue? AuthorizationOverride { get; set; }

    /// <summary>True for /oauth2/*: bodies of these calls are never logged, not even at Debug.</summary>
    public bool IsOAuthEndpoint => Path.StartsWith("oauth2/", StringComparison.OrdinalIgnoreCase);

    /// <summary>Adds a query parameter; a null value is skipped so optional parameters can be passed straight through.</summary>
    public ApiRequest AddQuery(string key, string? value)
    {
        if (value is not null)
        {
            _query.Add(new KeyValuePair<string, string>(key, value));
        }

        return this;
    }

    /// <summary>Adds an integer query parameter when it has a value.</summary>
    public ApiRequest AddQuery(string key, int? value) =>
        value is int v ? AddQuery(key, v.ToString(System.Globalization.CultureInfo.InvariantCulture)) : this;

    /// <summary>Adds the key once per value (<c>ids=a&amp;ids=b</c>), the form every Falcon client library uses.</summary>
    public ApiRequest AddQuery(string key, IEnumerable<string> values)
    {
        foreach (var value in values ?? throw new ArgumentNullException(nameof(values)))
        {
            AddQuery(key, value);
        }

        return this;
    }

    /// <summary>Adds a request header.</summary>
    public ApiRequest AddHeader(string name, string value)
    {
        _headers.Add(new KeyValuePair<string, string>(name, value));
        return this;
    }

    /// <summary>Serializes <paramref name="value"/> once (snake_case, nulls omitted) and sends it as the JSON body of every attempt.</summary>
    public ApiRequest WithJsonBody<T>(T value)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, FalconXJson.Options);
        DebugBody = Encoding.UTF8.GetString(bytes);
        ContentFactory = () =>
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            return content;
        };
        return this;
    }

    /// <summary>
    /// Sends a stream as the body; <paramref name="openStream"/> is called once per attempt (open the file again) and the
    /// stream is disposed with the request. Use for uploads so a 256 MB file is never held in memory.
    /// </summary>
    public ApiRequest WithStreamBody(Func<Stream> openStream, string contentType)
    {
        if (openStream is null)
        {
            throw new ArgumentNullException(nameof(openStream));
        }

        DebugBody = null;
        ContentFactory = () =>
        {
            var content = new StreamContent(openStream(), 81920);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            return content;
        };
        return this;
    }

    /// <summary>Any other body (form, multipart): the factory is called once per attempt. <paramref name="debugBody"/> must hold no secret.</summary>
    public ApiRequest WithContent(Func<HttpContent> contentFactory, string? debugBody = null)
    {
        ContentFactory = contentFactory ?? throw new ArgumentNullException(nameof(contentFactory));
        DebugBody = debugBody;
        return this;
    }

    /// <summary>The path and query as shown in logs and used on the wire, e.g. "falconx/queries/reports/v1?limit=1".</summary>
    public string PathAndQuery
    {
        get
        {
            if (_query.Count == 0)
            {
                return Path;
            }

            var text = new StringBuilder(Path).Append('?');
            for (var i = 0; i < _query.Count; i++)
            {
                if (i > 0)
                {
                    text.Append('&');
                }

                text.Append(Uri.EscapeDataString(_query[i].Key)).Append('=').Append(Uri.EscapeDataString(_query[i].Value));
            }

            return text.ToString();
        }
    }

    /// <summary>The full URI under <paramref name="baseUrl"/> (which ends with a slash).</summary>
    public Uri BuildUri(Uri baseUrl) => new(BaseUrlOverride ?? baseUrl, PathAndQuery);
}
