namespace TrustCheck.Core.Models.Joblib;

/// <summary>
/// The compressed input a decoder reads. A well-formed stream never needs bytes past its end; some decoders
/// (SharpCompress' LZMA range coder) read end-of-input as 0xFF and keep inventing output up to the walker's byte cap,
/// which made a 19-byte .lzma file cost seconds. After a few reads at the end, the next read throws: the decoder's
/// reader (<see cref="SafeDecompressionStream"/>) reports the data as cut off, as liblzma/zlib/bzip2 do.
/// Never closes the stream it wraps (the caller owns it).
/// </summary>
internal sealed class EndOfInputGuardStream : Stream
{
    /// <summary>Reads at the end a decoder may make (probing for a concatenated member, a final refill) before it is stopped.</summary>
    private const int AllowedReadsAtEnd = 4;

    private readonly Stream _inner;
    private int _readsAtEnd;

    public EndOfInputGuardStream(Stream inner) => _inner = inner;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _inner.Length;

    /// <summary>Readable: the xz decoder measures block and padding sizes from it.</summary>
    public override long Position
    {
        get => _inner.Position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer);
        if (read == 0 && buffer.Length > 0 && ++_readsAtEnd > AllowedReadsAtEnd)
        {
            throw new InvalidDataException("the compressed data ends before its end marker");
        }

        return read;
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
