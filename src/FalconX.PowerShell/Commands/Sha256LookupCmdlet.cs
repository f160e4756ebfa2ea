using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Client;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// The shared base of the commands that look up many SHA-256 hashes at once (Get-FalconXSample, Get-FalconXVerdict):
/// -Sha256 from the command line or the pipeline, each value checked as it arrives, all of them looked up together at
/// the end of the pipeline.
/// </summary>
public abstract class Sha256LookupCmdlet : FalconXApiCmdlet
{
    private readonly List<string> _hashes = new();

    /// <summary>SHA-256 hashes; from the pipeline by value or by property name (reports, submissions, extracted files).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public string[]? Sha256 { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var value in Sha256 ?? Array.Empty<string>())
        {
            if (Sha256OrError(value, "It was not looked up.") is string hash)
            {
                _hashes.Add(hash);
            }
        }
    }

    /// <summary>
    /// Looks up every valid hash of the pipeline with one call of <paramref name="lookUp"/>; null when there was none.
    /// A failed lookup stops the command (naming the hash when there is only one).
    /// </summary>
    private protected IReadOnlyList<T>? LookUp<T>(Func<FalconXClient, IReadOnlyList<string>, CancellationToken, Task<IReadOnlyList<T>>> lookUp)
    {
        if (_hashes.Count == 0)
        {
            return null;
        }

        var client = Client;
        try
        {
            return RunAsync(ct => lookUp(client, _hashes, ct));
        }
        catch (FalconXApiException ex)
        {
            ThrowApiError(ex, _hashes.Count == 1 ? _hashes[0] : null);
            throw; // not reached: ThrowApiError always throws
        }
    }
}
