using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using FalconX.Client;
using FalconX.ThreatQ;
using FalconX.ThreatQ.Api;
using FalconX.Workflows;

namespace FalconX.PowerShell.Commands;

/// <summary>
/// Writes ConvertTo-ThreatQEntity output (entities or -AsConsumePayload bodies) to ThreatQ through its bulk upsert
/// endpoint, in batches of at most 500, with the relationships to the source indicators and attachments inside the
/// bodies. A re-run writes nothing new; a rejected object is one error naming it, the rest is written.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "ThreatQEntity", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ThreatQWrittenObject))]
public sealed class SendThreatQEntityCommand : ThreatQCmdlet
{
    private readonly List<ThreatQEntity> _entities = new();
    private readonly List<ThreatQConsumePayload> _payloads = new();

    /// <summary>Entities or consume bodies from ConvertTo-ThreatQEntity.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>Objects per consume body (1 to 500; default 500).</summary>
    [Parameter]
    [ValidateRange(1, ThreatQConsumePayload.MaxBatchSize)]
    public int BatchSize { get; set; } = ThreatQConsumePayload.MaxBatchSize;

    /// <summary>Write the objects written, with their ThreatQ ids and links.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing() => _ = ThreatQ;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        switch (InputObject?.BaseObject)
        {
            case null:
                return;
            case ThreatQEntity entity:
                _entities.Add(entity);
                break;
            case ThreatQConsumePayload payload:
                _payloads.Add(payload);
                break;
            case object other:
                WriteItemError(
                    new ArgumentException($"Send-ThreatQEntity takes the output of ConvertTo-ThreatQEntity (ThreatQ entities or consume bodies), not {other.GetType().Name}. Pipe reports through ConvertTo-ThreatQEntity first."),
                    ErrorIds.ThreatQUnsupportedInput,
                    ErrorCategory.InvalidType,
                    other);
                break;
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            var payloads = new List<ThreatQConsumePayload>(_payloads);
            payloads.AddRange(ThreatQConsumePayload.Create(_entities, BatchSize));
            var client = ThreatQ;
            var approved = new List<ThreatQConsumePayload>();
            foreach (var payload in payloads)
            {
                var noun = payload.Collection switch { "indicators" => "indicators", "report" => "reports", "attack_pattern" => "attack patterns", var c => c };
                if (ShouldProcess($"ThreatQ {client.BaseUrl.GetLeftPart(UriPartial.Authority)}", $"Write {payload.Count} {noun} (POST {payload.Path}): {Preview(payload)}"))
                {
                    approved.Add(payload);
                }
            }

            if (approved.Count == 0)
            {
                return;
            }

            var total = approved.Sum(p => p.Count);
            var progress = new ProgressBar(this, ProgressBar.ThreatQWriteId, "Writing to ThreatQ", PostToCmdletThread);
            var writer = new ThreatQEntityWriter(client)
            {
                Progress = (done, all) => progress.Post($"{done} of {all} objects", ProgressBar.Percent(done, all)),
            };
            ThreatQSendResult result;
            try
            {
                result = RunAsync(ct => writer.SendAsync(approved, ct));
            }
            catch (ThreatQApiException ex)
            {
                ThrowTerminatingError(ErrorRecords.ForThreatQ(ex, client.BaseUrl));
                return;
            }
            finally
            {
                progress.Complete();
            }

            foreach (var failure in result.Failed)
            {
                var id = failure.Count == 1 && failure.Error.Kind == FalconXErrorKind.InvalidRequest ? ErrorIds.ThreatQObjectRejected : null;
                WriteError(ErrorRecords.ForThreatQ(failure.Error, failure.Describe(), id));
            }

            WriteVerbose($"Wrote {result.Written.Count} of {total} objects to ThreatQ in {result.ConsumeCalls} consume calls; {result.Failed.Sum(f => f.Count)} not written.");
            if (PassThru)
            {
                foreach (var written in result.Written)
                {
                    WriteObject(written);
                }
            }
        }
        finally
        {
            base.EndProcessing();
        }
    }

    private static string Preview(ThreatQConsumePayload payload)
    {
        using var document = System.Text.Json.JsonDocument.Parse(payload.Body);
        var values = document.RootElement.EnumerateArray().Take(3).Select(e => e.TryGetProperty("value", out var v) ? v.GetString() : "?").ToList();
        return string.Join(", ", values) + (payload.Count > 3 ? $", ... ({payload.Count - 3} more)" : string.Empty);
    }
}
