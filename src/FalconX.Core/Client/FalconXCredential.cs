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
        if (string.IsNullOrWhiteSpace(clientId))
        {
            throw new ArgumentException("The client id is empty. Give the 32-character API client id from the Falcon console (Support and resources > API clients and keys).", nameof(clientId));
        }

        if (clientSecret is null || clientSecret.Length == 0)
        {
            throw new ArgumentException("The client secret is empty. Give the secret shown once when the API client was created.", nameof(clientSecret));
        }

        ClientId = clientId.Trim();
        _secret = clientSecret.Copy();
        _secret.MakeReadOnly();
    }

    /// <summary>Creates a credential from a plain-text secret (copied into a <see cref="SecureString"/> at once).</summary>
    public FalconXCredential(string clientId, string clientSecret)
        : this(clientId, ToSecureString(clientSecret))
    {
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

    private static SecureString ToSecureString(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        var secure = new SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }

        return secure;
    }
}
