using System.Collections.Generic;

namespace FalconX.ThreatQ.Api;

/// <summary>What a <see cref="ThreatQEntityWriter"/> send did.</summary>
public sealed class ThreatQSendResult
{
    private readonly List<ThreatQWrittenObject> _written = new();
    private readonly List<ThreatQWriteFailure> _failed = new();

    /// <summary>The objects written, with their ThreatQ ids and links, in body order.</summary>
    public IReadOnlyList<ThreatQWrittenObject> Written => _written;

    /// <summary>The objects or batches that were not written.</summary>
    public IReadOnlyList<ThreatQWriteFailure> Failed => _failed;

    /// <summary>Consume requests that got an answer (each retry counted once by the client's <see cref="ThreatQClient.RequestCount"/>).</summary>
    public int ConsumeCalls { get; internal set; }

    internal void AddWritten(ThreatQWrittenObject written) => _written.Add(written);

    internal void AddFailed(ThreatQWriteFailure failure) => _failed.Add(failure);
}
