using System;
using System.Globalization;

namespace FalconX.ThreatQ.Api;

/// <summary>The ThreatQ collections this client reads and relates to.</summary>
public static class ThreatQCollections
{
    /// <summary>Indicators.</summary>
    public const string Indicators = "indicators";

    /// <summary>Attachments (files).</summary>
    public const string Attachments = "attachments";

    /// <summary>
    /// The web UI link of an object: <c>{host}/indicators/{id}/details</c> is documented by public integrations
    /// (PEERS.md §1.3); the same pattern for other collections is inferred.
    /// </summary>
    public static string Link(Uri host, string collection, long id) =>
        (host ?? throw new ArgumentNullException(nameof(host))).GetLeftPart(UriPartial.Authority) + "/" + collection + "/" + id.ToString(CultureInfo.InvariantCulture) + "/details";
}
