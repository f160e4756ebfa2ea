using System.Collections.Generic;

namespace FalconX.ThreatQ.Api;

/// <summary>What a <see cref="ThreatQEntityWriter"/> send did.</summary>
public sealed class ThreatQSendResult
{
    /// <summary>The objects written, with their ThreatQ ids and links, in body order.</summary>
    public List<ThreatQWrittenObject> Written { get; } = new();

    /// <summary>The objects or batches that were not written.</summary>
    public List<ThreatQWriteFailure> Failed { get; } = new();

    /// <summary>Consume requests that got an answer (each retry counted once by the client's <see cref="ThreatQClient.RequestCount"/>).</summary>
    public int ConsumeCalls { get; internal set; }
}
