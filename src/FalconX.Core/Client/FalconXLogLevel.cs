namespace FalconX.Client;

/// <summary>How much a log entry matters; maps to PowerShell's Verbose, Debug and Warning streams.</summary>
public enum FalconXLogLevel
{
    /// <summary>Request summaries, retries, token refreshes, region switches.</summary>
    Verbose,

    /// <summary>Bodies (with secrets and tokens masked; never the bodies of /oauth2 calls).</summary>
    Debug,

    /// <summary>Something the user should know about even without -Verbose (e.g. a deprecation header).</summary>
    Warning,
}
