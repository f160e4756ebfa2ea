using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace FalconX.Emulator;

internal delegate Task<ApiResponse> ApiHandler(ApiRequest request);

/// <summary>The API routes by path and method; an explicit table keeps route keys ("GET /path") stable for the statistics.</summary>
internal sealed class RouteTable
{
    private readonly Dictionary<string, Dictionary<string, ApiHandler>> _routes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Routes that need no bearer token (the OAuth2 endpoints).</summary>
    private readonly HashSet<string> _anonymous = new(StringComparer.OrdinalIgnoreCase);

    public void Map(string method, string path, ApiHandler handler, bool anonymous = false)
    {
        if (!_routes.TryGetValue(path, out var byMethod))
        {
            byMethod = new Dictionary<string, ApiHandler>(StringComparer.OrdinalIgnoreCase);
            _routes[path] = byMethod;
        }

        byMethod[method] = handler;
        if (anonymous)
        {
            _anonymous.Add(path);
        }
    }

    public bool PathExists(string path) => _routes.ContainsKey(path);

    public bool IsAnonymous(string path) => _anonymous.Contains(path);

    public ApiHandler? Find(string method, string path) =>
        _routes.TryGetValue(path, out var byMethod) && byMethod.TryGetValue(method, out var handler) ? handler : null;

    public IEnumerable<string> MethodsFor(string path) =>
        _routes.TryGetValue(path, out var byMethod) ? byMethod.Keys : Array.Empty<string>();
}
