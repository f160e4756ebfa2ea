using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace FalconX.Client;

/// <summary>
/// Reads a file for an upload and computes its SHA-256 from the very bytes that go on the wire, so the file is read
/// once and memory stays at one buffer whatever its size. It reports Length (so the request has a Content-Length)
/// and lets HttpClient rewind to the start, which restarts the hash.
/// </summary>
internal sealed class HashingReadStream : Stream
{
    private readonly Stream _inner;
    private readonly Action<long>? _progress;
    private IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _read;
    private byte[]? _digest;

    public HashingReadStream(Stream inner, Action<long>? progress)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _progress = progress;
    }

    /// <summary>Bytes handed out since the start (or the last rewind).</summary>
    public long BytesRead => _read;

    /// <summary>True once the whole file has been read.</summary>
    public bool IsComplete => _digest is not null;

    /// <summary>The SHA-256 (lower-case hex) of everything read, once the end was reached; null before.</summary>
    public string? Sha256 => _digest is null ? null : ToHex(_digest);

    /// <summary>
    /// The SHA-256 once every byte of the file has been read, even if the reader stopped at Length without asking
    /// for more; null when the upload did not read the whole file.
    /// </summary>
    public string? Finish()
    {
        if (_digest is null && _read == _inner.Length)
        {
            _digest = _hash.GetHashAndReset();
        }

        return Sha256;
    }

    public override bool CanRead => true;

    public override bool CanSeek => _inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _read;
        set
        {
            if (value != 0)
            {
                throw new NotSupportedException("An upload can only be rewound to its start.");
            }

            Rewind();
        }
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = _inner.Read(buffer, offset, count);
        Observe(buffer, offset, read);
        return read;
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var read = await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
        Observe(buffer, offset, read);
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        if (!(offset == 0 && origin == SeekOrigin.Begin))
        {
            throw new NotSupportedException("An upload can only be rewound to its start.");
        }

        Rewind();
        return 0;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Rewind()
    {
        if (_read == 0 && _digest is null)
        {
            return;
        }

        _inner.Seek(0, SeekOrigin.Begin);
        _hash.Dispose();
        _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        _read = 0;
        _digest = null;
    }

    private void Observe(byte[] buffer, int offset, int read)
    {
        if (read > 0)
        {
            _hash.AppendData(buffer, offset, read);
            _read += read;
            _progress?.Invoke(_read);
        }
        else if (_digest is null)
        {
            _digest = _hash.GetHashAndReset();
        }
    }

    internal static string ToHex(byte[] bytes)
    {
        var chars = new char[bytes.Length * 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i * 2] = HexDigit(bytes[i] >> 4);
            chars[(i * 2) + 1] = HexDigit(bytes[i] & 0xF);
        }

        return new string(chars);
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'a' + value - 10);
}
