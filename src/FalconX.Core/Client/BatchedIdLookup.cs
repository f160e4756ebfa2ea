using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace FalconX.Client;

/// <summary>
/// Splits id lookups (<c>GET …?ids=a&amp;ids=b</c>) into requests that fit the URL budget
/// (<see cref="FalconXClientOptions.MaxUrlLength"/>) and runs a few of them at a time, handing the batches back in
/// input order. Endpoint methods for reports, summaries and submissions share it.
/// </summary>
internal static class BatchedIdLookup
{
    /// <summary>
    /// The most ids put in one request whatever the URL budget. The API documents no maximum; PSFalcon issues report
    /// more than 500 ids in one GET failing on US-GOV-1 (an HTML error page), so 500 is the ceiling.
    /// </summary>
    public const int MaxIdsPerRequest = 500;

    /// <summary>
    /// Cuts <paramref name="ids"/> into consecutive batches whose URL
    /// (<paramref name="baseUrl"/> + <paramref name="path"/> + <c>?key=id&amp;key=id…</c>, escaped) stays within
    /// <paramref name="maxUrlLength"/>. <paramref name="fixedQuery"/> is any other query text the request carries.
    /// </summary>
    public static List<string[]> Split(IReadOnlyList<string> ids, Uri baseUrl, string path, string key, int maxUrlLength, int fixedQuery = 0)
    {
        var batches = new List<string[]>();
        var head = baseUrl.AbsoluteUri.Length + path.Length + 1 + fixedQuery;
        var escapedKey = Uri.EscapeDataString(key).Length;
        var current = new List<string>();
        var length = head;
        foreach (var id in ids)
        {
            // "&" (or "?" for the first, already counted in head) + key + "=" + escaped id
            var cost = (current.Count == 0 ? 0 : 1) + escapedKey + 1 + Uri.EscapeDataString(id).Length;
            if (current.Count > 0 && (length + cost > maxUrlLength || current.Count >= MaxIdsPerRequest))
            {
                batches.Add(current.ToArray());
                current.Clear();
                length = head;
                cost -= 1;
            }

            current.Add(id);
            length += cost;
        }

        if (current.Count > 0)
        {
            batches.Add(current.ToArray());
        }

        return batches;
    }

    /// <summary>
    /// Calls <paramref name="fetch"/> for every batch, at most <paramref name="parallel"/> at a time and at most
    /// <c>2 × parallel</c> batches ahead of the consumer (so a slow consumer does not make everything pile up in
    /// memory), and yields each batch's result in batch order as soon as it and all before it are done. Stopping the
    /// enumeration early cancels what is still running.
    /// </summary>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Batches abandoned after an early exit are awaited only to let them settle; whatever they threw no longer matters.")]
    public static async IAsyncEnumerable<TResult> FetchInOrderAsync<TResult>(
        IReadOnlyList<string[]> batches,
        Func<string[], CancellationToken, Task<TResult>> fetch,
        int parallel,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (batches.Count == 0)
        {
            yield break;
        }

        parallel = Math.Max(1, parallel);
        var window = parallel * 2;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var parallelLimit = new SemaphoreSlim(parallel, parallel);
        var started = new Queue<Task<TResult>>();
        var next = 0;

        async Task<TResult> FetchOneAsync(string[] batch)
        {
            await parallelLimit.WaitAsync(stop.Token).ConfigureAwait(false);
            try
            {
                return await fetch(batch, stop.Token).ConfigureAwait(false);
            }
            finally
            {
                parallelLimit.Release();
            }
        }

        try
        {
            while (next < batches.Count || started.Count > 0)
            {
                while (next < batches.Count && started.Count < window)
                {
                    started.Enqueue(FetchOneAsync(batches[next++]));
                }

                var result = await started.Dequeue().ConfigureAwait(false);
                yield return result;
            }
        }
        finally
        {
            // Early exit (the consumer stopped, or a batch threw): cancel the rest and let it settle before the
            // semaphore and token source go away.
            stop.Cancel();
            foreach (var task in started)
            {
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Their outcome no longer matters; the first failure (if any) is already on its way to the caller.
                }
            }
        }
    }
}
