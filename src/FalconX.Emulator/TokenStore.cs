using System;
using System.Collections.Concurrent;
using Emulator.Hosting;

namespace FalconX.Emulator;

/// <summary>Issued bearer tokens and their expiry.</summary>
internal sealed class TokenStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiry = new(StringComparer.Ordinal);

    public string Issue(DateTimeOffset now, int lifetimeSec)
    {
        var token = OpaqueTokens.New(96);
        _expiry[token] = now.AddSeconds(lifetimeSec);
        return token;
    }

    public bool IsValid(string token, DateTimeOffset now) => _expiry.TryGetValue(token, out var expires) && now < expires;

    public bool Revoke(string token) => _expiry.TryRemove(token, out _);

    /// <summary>An opaque short id for logs and recorded requests: the first bytes of the token's SHA-256, so the token itself is never stored.</summary>
    public static string IdOf(string token) => OpaqueTokens.IdOf(token, 6);
}
