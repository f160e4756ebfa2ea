using System.Management.Automation;
using FalconX.Client;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// The worst verdict and highest threat score per SHA-256 across every environment it was detonated in, for the whole
/// pipeline in a few requests (report queries by hash, then the summaries, batched). One object per distinct hash.
/// </summary>
[Cmdlet(VerbsCommon.Get, "FalconXVerdict")]
[OutputType(typeof(FalconXHashVerdict))]
public sealed class GetFalconXVerdictCommand : Sha256LookupCmdlet
{
    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            if (LookUp((client, hashes, ct) => new HashVerdicts(client).GetAsync(hashes, ct)) is { } found)
            {
                WriteObject(found, enumerateCollection: true);
            }
        }
        finally
        {
            base.EndProcessing();
        }
    }
}
