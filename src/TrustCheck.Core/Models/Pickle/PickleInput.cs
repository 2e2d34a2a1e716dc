namespace TrustCheck.Core.Models.Pickle;

/// <summary>
/// Forward-only, bounded byte source for the opcode walker. It knows how many bytes may still be read (the smaller of
/// the caller's cap and what the stream holds), so a length field can be checked before anything is allocated.
/// </summary>
internal sealed class PickleInput
{
    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private readonly long _limit;
    private int _bufferStart;
    private int _bufferEnd;
    private long _consumed;

    public PickleInput(Stream stream, long limit)
    {
        _stream = stream;
        _limit = Math.Max(0, limit);

        // Small inputs (embedded pickles, short members) get a small buffer; at least 16 bytes for fixed-size reads.
        _buffer = new byte[(int)Math.Clamp(_limit, 16, 64 * 1024)];
    }

    /// <summary>Bytes read so far (the walker's offset into the pickle stream).</summary>
    public long Position => _consumed;

    /// <summary>Bytes that may still be read: never trust a length field larger than this.</summary>
    public long Remaining => _limit - _consumed;

    public bool AtEnd => Remaining <= 0 || !Fill(1);

    public int ReadByte()
    {
        if (Remaining <= 0 || !Fill(1))
        {
            return -1;
        }

        _consumed++;
        return _buffer[_bufferStart++];
    }

    public int PeekByte() => Remaining > 0 && Fill(1) ? _buffer[_bufferStart] : -1;

    /// <summary>Reads exactly <paramref name="count"/> bytes (count must already be checked against <see cref="Remaining"/>), or null at end of data.</summary>
    public byte[]? ReadExactly(int count)
    {
        if (count > Remaining)
        {
            return null;
        }

        var result = new byte[count];
        var done = 0;
        while (done < count)
        {
            if (!Fill(1))
            {
                return null;
            }

            var take = Math.Min(count - done, _bufferEnd - _bufferStart);
            Buffer.BlockCopy(_buffer, _bufferStart, result, done, take);
            _bufferStart += take;
            _consumed += take;
            done += take;
        }

        return result;
    }

    /// <summary>
    /// Reads <paramref name="count"/> bytes as a span into the read buffer (valid until the next read), without copying.
    /// False when count exceeds what remains or the buffer (the caller then reads a copy instead).
    /// </summary>
    public bool TryReadSpan(int count, out ReadOnlySpan<byte> span)
    {
        span = default;
        if (count > Remaining || count > _buffer.Length || !Fill(count))
        {
            return false;
        }

        span = _buffer.AsSpan(_bufferStart, count);
        _bufferStart += count;
        _consumed += count;
        return true;
    }

    /// <summary>Reads a little-endian unsigned integer of 1, 2, 4 or 8 bytes; false at end of data.</summary>
    public bool TryReadUInt(int size, out ulong value)
    {
        value = 0;
        if (size > Remaining || !Fill(size))
        {
            return false;
        }

        for (var i = 0; i < size; i++)
        {
            value |= (ulong)_buffer[_bufferStart + i] << (8 * i);
        }

        _bufferStart += size;
        _consumed += size;
        return true;
    }

    /// <summary>Skips <paramref name="count"/> bytes without keeping them; false when the data ends first.</summary>
    public bool Skip(long count)
    {
        if (count > Remaining)
        {
            return false;
        }

        var buffered = (int)Math.Min(count, _bufferEnd - _bufferStart);
        _bufferStart += buffered;
        _consumed += buffered;
        count -= buffered;
        if (count > _buffer.Length && _stream.CanSeek)
        {
            // Large values (tensor bytes, joblib arrays, padding) on a file: seek instead of reading them through.
            // Remaining was checked against the stream's length when the input was created, so the bytes exist.
            _stream.Seek(count, SeekOrigin.Current);
            _consumed += count;
            return true;
        }

        while (count > 0)
        {
            if (!Fill(1))
            {
                return false;
            }

            var take = (int)Math.Min(count, _bufferEnd - _bufferStart);
            _bufferStart += take;
            _consumed += take;
            count -= take;
        }

        return true;
    }

    /// <summary>
    /// Reads up to and including '\n' and returns the line without it. Null when the data ends before a newline or
    /// the line is longer than <paramref name="maxLength"/> (<paramref name="tooLong"/> tells which).
    /// </summary>
    public byte[]? ReadLine(int maxLength, out bool tooLong)
    {
        tooLong = false;
        var line = new List<byte>();
        while (true)
        {
            var b = ReadByte();
            if (b < 0)
            {
                return null;
            }

            if (b == '\n')
            {
                return line.ToArray();
            }

            if (line.Count >= maxLength)
            {
                tooLong = true;
                return null;
            }

            line.Add((byte)b);
        }
    }

    /// <summary>Ensures at least <paramref name="count"/> (≤ buffer size) bytes are buffered; false when the stream ends first.</summary>
    private bool Fill(int count)
    {
        if (_bufferEnd - _bufferStart >= count)
        {
            return true;
        }

        if (_bufferStart > 0)
        {
            Buffer.BlockCopy(_buffer, _bufferStart, _buffer, 0, _bufferEnd - _bufferStart);
            _bufferEnd -= _bufferStart;
            _bufferStart = 0;
        }

        while (_bufferEnd < count)
        {
            int read;
            try
            {
                read = _stream.Read(_buffer, _bufferEnd, _buffer.Length - _bufferEnd);
            }
            catch (InvalidDataException)
            {
                // A corrupt deflate stream ends the data like a truncation does.
                return false;
            }

            if (read <= 0)
            {
                return false;
            }

            _bufferEnd += read;
        }

        return true;
    }
}
