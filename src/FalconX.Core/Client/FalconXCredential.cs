using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Text.RegularExpressions;

namespace FalconX.Client;

/// <summary>
/// An API client id and its secret. The secret is held as a read-only <see cref="SecureString"/> and turned into a
/// string only for the moment a token request or a revoke is written; it is never part of <see cref="ToString"/>.
/// </summary>
public sealed class FalconXCredential
{
    private static readonly Regex ClientIdPattern = new("^[A-Fa-f0-9]{32}$", RegexOptions.CultureInvariant);
    private readonly SecureString _secret;

    /// <summary>Creates a credential from a client id and a secret that is already a <see cref="SecureString"/>.</summary>
    public FalconXCredential(string clientId, SecureString clientSecret)
    {
        ClientId = CheckClientId(clientId);
        if (clientSecret is null || clientSecret.Length == 0)
        {
            throw EmptySecret(nameof(clientSecret));
        }

        _secret = clientSecret.Copy();
        _secret.MakeReadOnly();
    }

    /// <summary>Creates a credential from a plain-text secret (copied into a <see cref="SecureString"/> at once).</summary>
    public FalconXCredential(string clientId, string clientSecret)
    {
        if (clientSecret is null)
        {
            throw new ArgumentNullException(nameof(clientSecret));
        }

        ClientId = CheckClientId(clientId);
        if (clientSecret.Length == 0)
        {
            throw EmptySecret(nameof(clientSecret));
        }

        // Built here and kept: no intermediate SecureString is left undisposed holding the secret.
        _secret = ToSecureString(clientSecret);
        _secret.MakeReadOnly();
    }

    /// <summary>The API client id (not a secret).</summary>
    public string ClientId { get; }

    /// <summary>True when the client id has the usual shape of 32 hex characters (gateways may use other ids).</summary>
    public bool HasStandardClientIdFormat => ClientIdPattern.IsMatch(ClientId);

    /// <summary>The client id only: the secret is never part of the text.</summary>
    public override string ToString() => ClientId;

    /// <summary>The secret as plain text, for the one request being written. Callers must not keep or log it.</summary>
    internal string RevealSecret()
    {
        var pointer = IntPtr.Zero;
        try
        {
            pointer = Marshal.SecureStringToGlobalAllocUnicode(_secret);
            return Marshal.PtrToStringUni(pointer) ?? string.Empty;
        }
        finally
        {
            if (pointer != IntPtr.Zero)
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }

    private static string CheckClientId(string clientId)
    {
        if (string.IsNullOrWhiteSpace(clientId))
        {
            throw new ArgumentException("The client id is empty. Give the 32-character API client id from the Falcon console (Support and resources > API clients and keys).", nameof(clientId));
        }

        return clientId.Trim();
    }

    private static ArgumentException EmptySecret(string parameterName) =>
        new("The client secret is empty. Give the secret shown once when the API client was created.", parameterName);

    private static SecureString ToSecureString(string text)
    {
        var secure = new SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }

        return secure;
    }
}
