using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Emulator.Hosting;

/// <summary>Counts the bytes read from the request body, for the recorded <c>bytesIn</c>.</summary>
public sealed class CountingStream : Stream
{
    private readonly Stream _inner;
    private long _count;

    public CountingStream(Stream inner) => _inner = inner;

    public long BytesRead => Interlocked.Read(ref _count);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Add(_inner.Read(buffer, offset, count));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Add(await _inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Add(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Add(int read)
    {
        Interlocked.Add(ref _count, read);
        return read;
    }
}
