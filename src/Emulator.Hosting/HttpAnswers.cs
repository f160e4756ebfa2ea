using System;
using System.Globalization;
using System.IO;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Emulator.Hosting;

/// <summary>Small pieces of HTTP both emulated APIs answer with or read alike.</summary>
public static class HttpAnswers
{
    private static readonly CompositeFormat NginxPage = CompositeFormat.Parse(
        "<html>\r\n<head><title>{0} {1}</title></head>\r\n<body>\r\n<center><h1>{0} {1}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");

    /// <summary>The HTML error page nginx in front of an API sends for a 5xx (e.g. "502 Bad Gateway").</summary>
    public static string NginxErrorPage(int status) =>
        string.Format(CultureInfo.InvariantCulture, NginxPage, status, ReasonPhrases.GetReasonPhrase(status));

    /// <summary>
    /// The token of an <c>Authorization: Bearer ...</c> header, the scheme in any case (PSFalcon sends "bearer", others
    /// "Bearer"); null when there is none.
    /// </summary>
    public static string? BearerToken(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (header.Length > scheme.Length && header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            var token = header[scheme.Length..].Trim();
            return token.Length == 0 ? null : token;
        }

        return null;
    }

    /// <summary>Opens a stored file for sending as an answer body; another request may read or delete it meanwhile.</summary>
    public static FileStream OpenForSending(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, useAsync: true);
}
