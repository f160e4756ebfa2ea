using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace Emulator.Hosting;

/// <summary>
/// The API requests an emulator received: how many, how many per route, and the last <see cref="Capacity"/> of them
/// (oldest dropped first, so a soak run cannot exhaust memory).
/// </summary>
/// <typeparam name="TRequest">What each emulator records about one request.</typeparam>
public sealed class RequestLog<TRequest>
{
    private readonly ConcurrentQueue<TRequest> _requests = new();
    private int _count;

    /// <param name="capacity">Recorded requests kept.</param>
    public RequestLog(int capacity) => Capacity = capacity;

    /// <summary>Recorded requests kept.</summary>
    public int Capacity { get; }

    /// <summary>Requests recorded since the last <see cref="Clear"/>, including those no longer kept.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Requests per route key, e.g. "GET /falconx/entities/submissions/v1".</summary>
    public KeyedCounter ByRoute { get; } = new();

    /// <summary>The kept requests, oldest first.</summary>
    public IReadOnlyList<TRequest> Recorded => _requests.ToArray();

    public void Record(string routeKey, TRequest request)
    {
        Interlocked.Increment(ref _count);
        ByRoute.Increment(routeKey);
        _requests.Enqueue(request);
        while (_requests.Count > Capacity && _requests.TryDequeue(out _))
        {
        }
    }

    public void Clear()
    {
        _requests.Clear();
        ByRoute.Clear();
        Volatile.Write(ref _count, 0);
    }
}
