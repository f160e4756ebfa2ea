using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace ThreatQ.Emulator;

internal delegate Task<TqResponse> TqHandler(TqCall call);

/// <summary>
/// The ThreatQ API routes. Paths are matched segment by segment; the route template ("GET /api/indicators/{id}")
/// is what the statistics count.
/// </summary>
internal sealed partial class TqApi
{
    private readonly TqState _state;
    private readonly TqUpsert _upsert;

    public TqApi(TqState state)
    {
        _state = state;
        _upsert = new TqUpsert(state);
    }

    private TqStore Store => _state.Store;

    /// <summary>The template and handler for a request; Template null = no such path; Handler null = wrong method.</summary>
    public (string? Template, TqHandler? Handler, bool Anonymous) Resolve(string method, string path)
    {
        var s = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (s.Length < 2 || !s[0].Equals("api", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null, false);
        }

        s = s.Skip(1).Select(p => p.ToLowerInvariant()).ToArray();
        var m = method.ToUpperInvariant();
        (string? Template, TqHandler? Handler, bool Anonymous) Route(string template, params (string Method, TqHandler Handler)[] byMethod)
        {
            var hit = byMethod.FirstOrDefault(b => b.Method == m);
            return ("/api/" + template, hit.Handler, template == "token");
        }

        switch (s)
        {
            case ["token"]:
                return Route("token", ("POST", TokenAsync));
            case ["search"]:
                return Route("search", ("GET", SearchAsync));
            case ["indicator", "types"]:
                return Route("indicator/types", ("GET", c => Lookup(c, TqCatalog.IndicatorTypes)));
            case ["indicator", "statuses"]:
                return Route("indicator/statuses", ("GET", c => Lookup(c, TqCatalog.IndicatorStatuses)));
            case ["attachments", "types"]:
                return Route("attachments/types", ("GET", c => Lookup(c, TqCatalog.AttachmentTypes)));
            case ["attachments", "upload"]:
                return Route("attachments/upload", ("POST", UploadChunkAsync));
            case ["indicator", var id, "scores"] when IsId(id):
                return Route("indicator/{id}/scores", ("PUT", SetScoreAsync), ("GET", GetScoreAsync));
            case [var c] when TqCatalog.IsCollection(c):
                return c == "attachments"
                    ? Route(c, ("GET", ListAsync), ("POST", UploadAttachmentAsync))
                    : Route(c, ("GET", ListAsync), ("POST", CreateAsync));
            case [var c, "consume"] when TqCatalog.IsCollection(c) && c != "attachments":
                return Route(c + "/consume", ("POST", ConsumeAsync));
            case [var c, "query"] when TqCatalog.IsCollection(c):
                return Route(c + "/query", ("POST", QueryAsync));
            case [var c, var id] when TqCatalog.IsCollection(c) && IsId(id):
                return Route(c + "/{id}", ("GET", GetAsync), ("PUT", UpdateAsync), ("DELETE", DeleteAsync));
            case ["attachments", var id, "download"] when IsId(id):
                return Route("attachments/{id}/download", ("GET", DownloadAsync));
            case [var c, var id, "attributes"] when TqCatalog.IsCollection(c) && IsId(id):
                return Route(c + "/{id}/attributes", ("GET", ListAttributesAsync), ("POST", AddAttributesAsync));
            case [var c, var id, "attributes", var a] when TqCatalog.IsCollection(c) && IsId(id) && IsId(a):
                return Route(c + "/{id}/attributes/{attributeId}", ("PUT", UpdateAttributeAsync), ("DELETE", DeleteAttributeAsync));
            case [var c, var id, "sources" or "tags"] when TqCatalog.IsCollection(c) && IsId(id):
                return Route(c + "/{id}/" + s[2], ("GET", ListNamesAsync), ("POST", AddNamesAsync));
            case [var c, var id, "sources" or "tags", var n] when TqCatalog.IsCollection(c) && IsId(id) && IsId(n):
                return Route(c + "/{id}/" + s[2] + "/{" + s[2].TrimEnd('s') + "Id}", ("DELETE", DeleteNameAsync));
            case [var c, var id, var c2] when TqCatalog.IsCollection(c) && IsId(id) && TqCatalog.IsCollection(c2):
                return Route(c + "/{id}/" + c2, ("GET", ListRelatedAsync), ("POST", RelateAsync), ("DELETE", UnrelateAsync));
            default:
                return (null, null, false);
        }
    }

    private static bool IsId(string segment) => int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0;

    private static int IdAt(TqCall call, int index) => int.Parse(call.Segments[index], NumberStyles.None, CultureInfo.InvariantCulture);

    private static string CollectionAt(TqCall call, int index) => call.Segments[index].ToLowerInvariant();

    private static TqResponse NotFound(string collection, int id) => TqResponse.Error(404, $"No {collection} object with id {id} exists.");

    private static Task<TqResponse> Done(TqResponse response) => Task.FromResult(response);

    private static Task<TqResponse> Lookup(TqCall call, IReadOnlyList<TqNamed> rows)
    {
        var name = call.Query("name");
        var hits = rows.Where(r => name is null || string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
            .Select(r =>
            {
                var row = new JsonObject { ["id"] = r.Id, ["name"] = r.Name };
                if (r.Class is not null)
                {
                    row["class"] = r.Class;
                }

                if (r.Description is not null)
                {
                    row["description"] = r.Description;
                }

                return (JsonNode)row;
            }).ToArray();
        return Done(TqResponse.Ok(TqJson.List(hits)));
    }

    // ---- reading -------------------------------------------------------------------------------------------------

    private Task<TqResponse> GetAsync(TqCall call)
    {
        var collection = CollectionAt(call, 0);
        var id = IdAt(call, 1);
        return Done(Store.Find(collection, id) is { } found
            ? TqResponse.Ok(TqJson.Single(TqJson.Object(Store, found, TqJson.With(call.Query("with")))))
            : NotFound(collection, id));
    }

    private Task<TqResponse> ListAsync(TqCall call)
    {
        var collection = CollectionAt(call, 0);
        var filter = new JsonObject();
        foreach (var (key, values) in call.Http.Request.Query)
        {
            if (key is not ("limit" or "offset" or "sort" or "with"))
            {
                filter[key] = values.ToString();
            }
        }

        return Done(Page(call, collection, Store.All(collection).Where(o => Matches(o, filter))));
    }

    private async Task<TqResponse> QueryAsync(TqCall call)
    {
        var collection = CollectionAt(call, 0);
        var body = await call.JsonBodyAsync().ConfigureAwait(false) as JsonObject ?? new JsonObject();
        var criteria = body["criteria"] as JsonObject ?? new JsonObject();
        var filters = body["filters"] as JsonObject ?? new JsonObject();
        return Page(call, collection, Store.All(collection).Where(o => Matches(o, criteria) && Matches(o, filters)));
    }

    /// <summary>Default page size when the caller gives no limit: small, so a client that forgets to page is caught.</summary>
    internal const int DefaultLimit = 25;

    /// <summary>The most objects one page holds, whatever limit is asked for.</summary>
    internal const int MaxLimit = 1000;

    private TqResponse Page(TqCall call, string collection, IEnumerable<TqObject> hits)
    {
        var limit = Math.Clamp(call.QueryInt("limit", DefaultLimit), 1, MaxLimit);
        var offset = Math.Max(0, call.QueryInt("offset", 0));
        var list = hits.ToList();
        var sort = call.Query("sort") ?? "id";
        list = sort switch
        {
            "-id" => list.OrderByDescending(o => o.Id).ToList(),
            "value" or "name" => list.OrderBy(o => o.Value, StringComparer.OrdinalIgnoreCase).ToList(),
            "-value" or "-name" => list.OrderByDescending(o => o.Value, StringComparer.OrdinalIgnoreCase).ToList(),
            "created_at" => list.OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).ToList(),
            "-created_at" => list.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).ToList(),
            _ => list,
        };
        var with = TqJson.With(call.Query("with"));
        var page = list.Skip(offset).Take(limit).Select(o => (JsonNode)TqJson.Object(Store, o, with));
        return TqResponse.Ok(TqJson.Page(page, list.Count, offset, limit));
    }

    /// <summary>
    /// One object against a filter object: field names as ThreatQ's query criteria and list filters use them
    /// (value, type_name, status_name, tag...); "+or" / "+and" hold lists of such objects.
    /// </summary>
    private static bool Matches(TqObject o, JsonObject filter)
    {
        foreach (var (key, node) in filter)
        {
            if (node is null)
            {
                continue;
            }

            if (key is "+or" or "+and")
            {
                var parts = (node as JsonArray ?? [node.DeepClone()]).OfType<JsonObject>().ToArray();
                var ok = key == "+or" ? parts.Any(p => Matches(o, p)) : parts.All(p => Matches(o, p));
                if (!ok)
                {
                    return false;
                }

                continue;
            }

            var wanted = Values(node);
            bool Any(Func<string, bool> test) => wanted.Any(test);
            var match = key.ToLowerInvariant() switch
            {
                "value" or "name" or "title" => Any(w => string.Equals(w, o.Value, StringComparison.OrdinalIgnoreCase)),
                "id" => Any(w => w == o.Id.ToString(CultureInfo.InvariantCulture)),
                "type" or "type_name" or "indicator_type" => Any(w => string.Equals(w, o.Type?.Name, StringComparison.OrdinalIgnoreCase)),
                "type_id" => Any(w => w == o.Type?.Id.ToString(CultureInfo.InvariantCulture)),
                "status" or "status_name" or "indicator_status" => Any(w => string.Equals(w, o.Status?.Name, StringComparison.OrdinalIgnoreCase)),
                "status_id" => Any(w => w == o.Status?.Id.ToString(CultureInfo.InvariantCulture)),
                "tag" or "tags" or "tag_name" => Any(w => o.Tags.Contains(w, StringComparer.OrdinalIgnoreCase)),
                "source" or "sources" or "source_name" => Any(w => o.Sources.Contains(w, StringComparer.OrdinalIgnoreCase)),
                "hash" => Any(w => string.Equals(w, o.Md5, StringComparison.OrdinalIgnoreCase)),
                "class" => Any(w => string.Equals(w, o.Type?.Class, StringComparison.OrdinalIgnoreCase)),
                _ => true,
            };
            if (!match)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The wanted values of one filter entry: a string, a number, {"name":..}, or a list of those; commas split query-string lists.</summary>
    private static List<string> Values(JsonNode node)
    {
        var list = new List<string>();
        void Add(JsonNode? n)
        {
            switch (n)
            {
                case JsonArray a:
                    foreach (var item in a)
                    {
                        Add(item);
                    }

                    break;
                case JsonObject obj:
                    if ((obj["name"] ?? obj["value"] ?? obj["id"]) is { } inner)
                    {
                        Add(inner);
                    }

                    break;
                case JsonValue v:
                    list.Add(v.ToString());
                    break;
            }
        }

        Add(node);
        return list;
    }

    /// <summary>
    /// GET /api/search?query=&amp;limit=: the global search box. Objects whose value, name or title contains the query
    /// (case-insensitive), each with <c>object</c> naming its kind (indicator, event, adversary, attachment...).
    /// </summary>
    private Task<TqResponse> SearchAsync(TqCall call)
    {
        var query = call.Query("query");
        if (query is null)
        {
            return Done(TqResponse.Ok(TqJson.Validation(new Dictionary<string, List<string>> { ["query"] = ["The query field is required."] }), 422));
        }

        var limit = Math.Clamp(call.QueryInt("limit", 10), 1, MaxLimit);
        var hits = TqCatalog.Collections
            .SelectMany(c => Store.All(c))
            .Where(o => o.Value.Contains(query, StringComparison.OrdinalIgnoreCase) || (o.Title?.Contains(query, StringComparison.OrdinalIgnoreCase) ?? false))
            .ToList();
        var data = hits.Take(limit).Select(o =>
        {
            var json = TqJson.Object(Store, o, TqJson.With("type"));
            json["object"] = ObjectName(o.Collection);
            return (JsonNode)json;
        }).ToArray();
        return Done(TqResponse.Ok(new JsonObject { ["total"] = hits.Count, ["data"] = new JsonArray(data) }));
    }

    private static string ObjectName(string collection) => collection switch
    {
        "indicators" => "indicator",
        "adversaries" => "adversary",
        "events" => "event",
        "attachments" => "attachment",
        "signatures" => "signature",
        "tasks" => "task",
        _ => collection,
    };

    // ---- token ---------------------------------------------------------------------------------------------------

    private async Task<TqResponse> TokenAsync(TqCall call)
    {
        // Fields may come in the query string, a form body or a JSON body: each public client picks another (PEERS §1.1).
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in call.Http.Request.Query)
        {
            fields[key] = value.ToString();
        }

        if (call.Http.Request.HasFormContentType)
        {
            var form = await call.Http.Request.ReadFormAsync(call.Http.RequestAborted).ConfigureAwait(false);
            foreach (var (key, value) in form)
            {
                fields[key] = value.ToString();
            }
        }
        else if (await call.JsonBodyAsync().ConfigureAwait(false) is JsonObject json)
        {
            foreach (var (key, value) in json)
            {
                if (value is JsonValue)
                {
                    fields[key] = value.ToString();
                }
            }
        }

        var options = _state.Options;
        var grant = fields.GetValueOrDefault("grant_type");
        string subject;
        switch (grant)
        {
            case "password":
                foreach (var required in new[] { "client_id", "email", "password" })
                {
                    if (string.IsNullOrEmpty(fields.GetValueOrDefault(required)))
                    {
                        return OAuthError(400, "invalid_request", $"The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed. Check the \"{required}\" parameter.");
                    }
                }

                if (fields["client_id"] != options.ClientId)
                {
                    return OAuthError(401, "invalid_client", "Client authentication failed.");
                }

                if (!string.Equals(fields["email"], options.Email, StringComparison.OrdinalIgnoreCase) || fields["password"] != options.Password)
                {
                    return OAuthError(401, "invalid_credentials", "The user credentials were incorrect.");
                }

                subject = "user:" + options.Email;
                break;
            case "client_credentials":
                var basic = BasicCredentials(call);
                var clientId = basic?.Id ?? fields.GetValueOrDefault("client_id");
                var secret = basic?.Secret ?? fields.GetValueOrDefault("client_secret");
                if (clientId != options.ClientId || secret != options.ClientSecret)
                {
                    return OAuthError(401, "invalid_client", "Client authentication failed.");
                }

                subject = "client:" + clientId;
                break;
            case "refresh_token":
                var refresh = fields.GetValueOrDefault("refresh_token");
                if (string.IsNullOrEmpty(refresh))
                {
                    return OAuthError(400, "invalid_request", "The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed. Check the \"refresh_token\" parameter.");
                }

                var redeemed = _state.Tokens.Redeem(refresh);
                if (redeemed is null)
                {
                    return OAuthError(401, "invalid_request", "The refresh token is invalid.");
                }

                subject = redeemed;
                break;
            case null or "":
                return OAuthError(400, "invalid_request", "The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed. Check the \"grant_type\" parameter.");
            default:
                return OAuthError(400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.");
        }

        var lifetime = _state.Faults.TokenLifetimeSec;
        var (access, refreshToken) = _state.Tokens.Issue(subject, call.Now.AddSeconds(lifetime));
        _state.Stats.TokenIssued();
        var response = TqResponse.Ok(new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = lifetime,
            ["access_token"] = access,
            ["refresh_token"] = refreshToken,
        });
        response.Headers["Cache-Control"] = "no-store";
        return response;
    }

    private static TqResponse OAuthError(int status, string error, string description) =>
        TqResponse.Ok(new JsonObject { ["error"] = error, ["error_description"] = description, ["message"] = description }, status);

    private static (string Id, string Secret)? BasicCredentials(TqCall call)
    {
        var header = call.Http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : (Uri.UnescapeDataString(text[..colon]), Uri.UnescapeDataString(text[(colon + 1)..]));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
