namespace FalconX.ThreatQ;

/// <summary>The ThreatQ indicator type names used (<see cref="ThreatQEntity.Type"/>); ThreatQ is sent names, never instance-specific ids.</summary>
public static class ThreatQIndicatorTypes
{
    /// <summary>SHA-256 hash.</summary>
    public const string Sha256 = "SHA-256";

    /// <summary>SHA-1 hash.</summary>
    public const string Sha1 = "SHA-1";

    /// <summary>MD5 hash.</summary>
    public const string Md5 = "MD5";

    /// <summary>Domain name.</summary>
    public const string Fqdn = "FQDN";

    /// <summary>IPv4 address.</summary>
    public const string IPAddress = "IP Address";

    /// <summary>IPv6 address.</summary>
    public const string IPv6Address = "IPv6 Address";

    /// <summary>URL.</summary>
    public const string Url = "URL";
}
