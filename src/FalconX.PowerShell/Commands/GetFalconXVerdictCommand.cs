using System;
using System.Collections.Generic;
using System.Management.Automation;
using FalconX.Client;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// The worst verdict and highest threat score per SHA-256 across every environment it was detonated in, for the whole
/// pipeline in a few requests (report queries by hash, then the summaries, batched). One object per distinct hash.
/// </summary>
[Cmdlet(VerbsCommon.Get, "FalconXVerdict")]
[OutputType(typeof(FalconXHashVerdict))]
public sealed class GetFalconXVerdictCommand : FalconXApiCmdlet
{
    private readonly List<string> _hashes = new();

    /// <summary>SHA-256 hashes; from the pipeline by value or by property name (submissions, reports, extracted files).</summary>
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

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            if (_hashes.Count == 0)
            {
                return;
            }

            var verdicts = new HashVerdicts(Client);
            IReadOnlyList<FalconXHashVerdict> found;
            try
            {
                found = RunAsync(ct => verdicts.GetAsync(_hashes, ct));
            }
            catch (FalconXApiException ex)
            {
                ThrowApiError(ex, _hashes.Count == 1 ? _hashes[0] : null);
                return;
            }

            WriteObject(found, enumerateCollection: true);
        }
        finally
        {
            base.EndProcessing();
        }
    }
}
