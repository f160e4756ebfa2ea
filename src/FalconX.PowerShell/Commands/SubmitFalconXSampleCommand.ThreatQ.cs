using System.Management.Automation;
using FalconX.Client;
using FalconX.ThreatQ.Api;
using FalconX.Workflows;

namespace FalconX.PowerShell.Commands;

/// <summary>Submit-FalconXSample's ThreatQ attachment input (the guide's "Submit File" action).</summary>
public sealed partial class SubmitFalconXSampleCommand
{
    /// <summary>
    /// Downloads one attachment to a private temporary file (SHA-256 computed while it streams), submits it under the
    /// attachment's name with the usual checks and reuse of earlier reports, and deletes the file whatever happens.
    /// </summary>
    private void SubmitAttachment(ThreatQAttachment attachment, int environmentId)
    {
        if (attachment.FileSize is long size && size > FalconXClient.MaxSampleBytes)
        {
            WriteItemError(
                new System.ArgumentException($"Attachment '{attachment.Name}' (ThreatQ id {attachment.ThreatQId}) is {ByteSizeText.Format(size)}; the sandbox accepts samples up to {ByteSizeText.Format(FalconXClient.MaxSampleBytes)}. It was not downloaded or submitted."),
                ErrorIds.ThreatQAttachmentTooBig,
                ErrorCategory.LimitsExceeded,
                attachment);
            return;
        }

        if (!ShouldProcess($"ThreatQ attachment '{attachment.Name}' ({attachment.ThreatQId})", $"Download, upload and submit for detonation in environment {EnvironmentIdArgument.Describe(environmentId)}"))
        {
            return;
        }

        var client = attachment.GetSourceClient() is { IsDisposed: false } own ? own : ThreatQCmdlet.ResolveThreatQConnection(this, null).Client;
        ThreatQDownloadedFile file;
        try
        {
            file = RunAsync(ct => client.DownloadAttachmentAsync(attachment, FalconXClient.MaxSampleBytes, null, ct));
        }
        catch (ThreatQApiException ex)
        {
            var tooBig = ex.Kind == FalconXErrorKind.InvalidRequest && ex.StatusCode is null;
            WriteError(ErrorRecords.ForThreatQ(ex, attachment, tooBig ? ErrorIds.ThreatQAttachmentTooBig : null));
            return;
        }

        using (file)
        {
            WriteVerbose($"Downloaded ThreatQ attachment '{attachment.Name}' ({ByteSizeText.Format(file.Length)}, SHA-256 {file.Sha256}) to a temporary file.");
            SubmitOne(SampleToSubmit.FromFile(file.Path, attachment.Name, attachment.Name, attachment.ThreatQSource), environmentId, approved: true);
        }
    }
}
