using System;
using System.Collections.Concurrent;
using Emulator.Hosting;

namespace ThreatQ.Emulator;

/// <summary>
/// Issued access and refresh tokens. A refresh token is good for one use (the grant hands out a new pair), as OAuth2
/// servers rotate them; an access token is good until its expiry or until <see cref="ExpireAll"/>.
/// </summary>
internal sealed class TqTokens
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _access = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _refresh = new(StringComparer.Ordinal);

    internal (string Access, string Refresh) Issue(string subject, DateTimeOffset expiresAt)
    {
        var access = NewToken();
        var refresh = NewToken();
        _access[access] = expiresAt;
        _refresh[refresh] = subject;
        return (access, refresh);
    }

    /// <summary>Takes a refresh token out of circulation; null when unknown or used already.</summary>
    internal string? Redeem(string refreshToken) => _refresh.TryRemove(refreshToken, out var subject) ? subject : null;

    internal TokenState Check(string token, DateTimeOffset now) =>
        !_access.TryGetValue(token, out var expiresAt) ? TokenState.Unknown
        : now >= expiresAt ? TokenState.Expired
        : TokenState.Valid;

    /// <summary>Makes every issued access token expired (refresh tokens stay usable), as after a long pause.</summary>
    internal int ExpireAll()
    {
        var n = 0;
        foreach (var token in _access.Keys)
        {
            _access[token] = DateTimeOffset.MinValue;
            n++;
        }

        return n;
    }

    /// <summary>A short digest of a token for the request log, never the token itself.</summary>
    internal static string IdOf(string token) => OpaqueTokens.IdOf(token, 4);

    private static string NewToken() => OpaqueTokens.New(48);
}

internal enum TokenState
{
    Unknown,
    Expired,
    Valid,
}
