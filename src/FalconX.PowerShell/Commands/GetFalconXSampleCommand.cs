using System;
using System.Collections.Generic;
using System.Management.Automation;
using FalconX.Client;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Tells which SHA-256 hashes the tenant holds as uploaded samples (POST /samples/queries/samples/GET/v1, up to 200
/// hashes per request, all hashes of the pipeline in as few requests as that allows). One object per distinct hash.
/// </summary>
[Cmdlet(VerbsCommon.Get, "FalconXSample")]
[OutputType(typeof(FalconXSampleInfo))]
public sealed class GetFalconXSampleCommand : FalconXApiCmdlet
{
    private readonly List<string> _hashes = new();

    /// <summary>SHA-256 hashes; from the pipeline by value or by property name (reports, submissions, extracted files).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public string[]? Sha256 { get; set; }

    /// <summary>Output only the hashes that are uploaded.</summary>
    [Parameter]
    public SwitchParameter Uploaded { get; set; }

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

            var client = Client;
            IReadOnlyList<FalconXSampleInfo> found;
            try
            {
                found = RunAsync(ct => client.FindUploadedSamplesAsync(_hashes, ct));
            }
            catch (FalconXApiException ex)
            {
                ThrowApiError(ex, _hashes.Count == 1 ? _hashes[0] : null);
                return;
            }

            foreach (var info in found)
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
