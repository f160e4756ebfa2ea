using System.Management.Automation;
using FalconX.Client;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Tells which SHA-256 hashes the tenant holds as uploaded samples (POST /samples/queries/samples/GET/v1, up to 200
/// hashes per request, all hashes of the pipeline in as few requests as that allows). One object per distinct hash.
/// </summary>
[Cmdlet(VerbsCommon.Get, "FalconXSample")]
[OutputType(typeof(FalconXSampleInfo))]
public sealed class GetFalconXSampleCommand : Sha256LookupCmdlet
{
    /// <summary>Output only the hashes that are uploaded.</summary>
    [Parameter]
    public SwitchParameter Uploaded { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            foreach (var info in LookUp((client, hashes, ct) => client.FindUploadedSamplesAsync(hashes, ct)) ?? System.Array.Empty<FalconXSampleInfo>())
            {
                if (info.Uploaded || !Uploaded)
                {
                    WriteObject(info);
                }
            }
        }
        finally
        {
            base.EndProcessing();
        }
    }
}
