using System;
using System.Collections.Generic;

namespace FalconX.ThreatQ;

/// <summary>
/// Cuts a stream of entities into consume bodies as they come (ConvertTo-ThreatQEntity -Stream -AsConsumePayload).
/// When any collection fills a batch, every pending batch is written, reports first, so a body never links to a
/// report that only a later body creates.
/// </summary>
public sealed class ThreatQPayloadBatcher
{
    private readonly int _batchSize;
    private readonly Dictionary<string, List<ThreatQEntity>> _pending = new(StringComparer.Ordinal);

    /// <summary>Creates a batcher that writes a body per <paramref name="batchSize"/> entities of a collection.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The batch size is outside what the consume endpoint accepts.</exception>
    public ThreatQPayloadBatcher(int batchSize)
    {
        ThreatQConsumePayload.CheckBatchSize(batchSize);
        _batchSize = batchSize;
    }

    /// <summary>Queues an entity; returns the bodies that became due (usually none).</summary>
    public IReadOnlyList<ThreatQConsumePayload> Add(ThreatQEntity entity)
    {
        if (entity is null)
        {
            throw new ArgumentNullException(nameof(entity));
        }

        if (!_pending.TryGetValue(entity.Collection, out var list))
        {
            _pending[entity.Collection] = list = new List<ThreatQEntity>(_batchSize);
        }

        list.Add(entity);
        return list.Count >= _batchSize ? Flush() : Array.Empty<ThreatQConsumePayload>();
    }

    /// <summary>Writes every pending batch.</summary>
    public IReadOnlyList<ThreatQConsumePayload> Flush()
    {
        var payloads = new List<ThreatQConsumePayload>();
        foreach (var collection in ThreatQConsumePayload.OrderOf(_pending.Keys))
        {
            var list = _pending[collection];
            if (list.Count > 0)
            {
                payloads.Add(ThreatQConsumePayload.Write(collection, list, 0, list.Count));
                list.Clear();
            }
        }

        return payloads;
    }
}
