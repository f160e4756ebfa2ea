using System;
using System.Security.Cryptography;
using System.Text;

namespace Emulator.Hosting;

/// <summary>Random bearer tokens, and the short digests that stand for them in request logs.</summary>
public static class OpaqueTokens
{
    /// <summary>A new token: <paramref name="randomBytes"/> random bytes, base64url without padding.</summary>
    public static string New(int randomBytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(randomBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>An opaque short id for logs: the first <paramref name="bytes"/> bytes of the token's SHA-256 in lower-case hex, so the token itself is never stored.</summary>
    public static string IdOf(string token, int bytes) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)), 0, bytes);
}
