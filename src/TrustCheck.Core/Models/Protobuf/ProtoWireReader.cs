using System.Text;
using TrustCheck.Core.Models.Binary;

namespace TrustCheck.Core.Models.Protobuf;

internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}

/// <summary>
/// A protobuf wire-format reader over a seekable stream, without generated code. Length-delimited fields are checked
/// against the enclosing message's limit before anything is read, bytes are only materialised up to a caller cap, and
/// fields that are not wanted (tensor weights) are skipped by seeking, so a multi-GB model costs a few reads.
/// Inconsistent input throws <see cref="MalformedModelException"/>.
/// </summary>
internal sealed class ProtoWireReader
{
    private readonly Stream _stream;
    private readonly Stack<long> _limits = new();

    public ProtoWireReader(Stream stream, long start, long length)
    {
        _stream = stream;
        _stream.Position = start;
        Limit = start + length;
    }

    public long Position => _stream.Position;

    public long Limit { get; private set; }

    public int Depth => _limits.Count;

    public bool TryReadTag(out int field, out WireType wireType)
    {
        field = 0;
        wireType = WireType.Varint;
        if (Position >= Limit)
        {
            return false;
        }

        var tag = ReadVarint();
        field = (int)Math.Min(tag >> 3, int.MaxValue);
        wireType = (WireType)(tag & 7);
        if (field == 0 || wireType > WireType.Fixed32)
        {
            throw new MalformedModelException($"invalid protobuf tag 0x{tag:x} at offset {Position}");
        }

        return true;
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (Position >= Limit)
            {
                throw new MalformedModelException($"truncated varint at offset {Position}");
            }

            var b = _stream.ReadByte();
            if (b < 0)
            {
                throw new MalformedModelException($"unexpected end of file in a varint at offset {Position}");
            }

            if (shift < 64)
            {
                value |= (ulong)(b & 0x7F) << shift;
            }

            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new MalformedModelException($"varint longer than 10 bytes at offset {Position}");
    }

    /// <summary>Reads a length prefix and checks it fits in the enclosing message (and so in the file).</summary>
    public long ReadLength()
    {
        var length = ReadVarint();
        if (length > (ulong)(Limit - Position))
        {
            throw new MalformedModelException($"length {length} at offset {Position} runs past the end of its message ({Limit - Position} bytes left)");
        }

        return (long)length;
    }

    /// <summary>Reads a length-delimited field as UTF-8, keeping at most <paramref name="cap"/> bytes (the rest is skipped).</summary>
    public string ReadString(int cap, out bool truncated)
    {
        var bytes = ReadBytes(cap, out truncated);
        return Encoding.UTF8.GetString(bytes);
    }

    public byte[] ReadBytes(int cap, out bool truncated)
    {
        var length = ReadLength();
        var keep = (int)Math.Min(length, cap);
        var bytes = new byte[keep];
        if (StreamBytes.ReadUpTo(_stream, bytes) != keep)
        {
            throw new MalformedModelException($"unexpected end of file in a {length}-byte field");
        }

        _stream.Position += length - keep;
        truncated = keep < length;
        return bytes;
    }

    /// <summary>Enters a length-delimited sub-message; pair with <see cref="EndMessage"/>.</summary>
    public void BeginMessage(int maxDepth)
    {
        if (_limits.Count >= maxDepth)
        {
            throw new MalformedModelException($"messages nested deeper than {maxDepth} levels");
        }

        var length = ReadLength();
        _limits.Push(Limit);
        Limit = Position + length;
    }

    public void EndMessage()
    {
        _stream.Position = Limit;
        Limit = _limits.Pop();
    }

    public void Skip(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Advance(8);
                break;
            case WireType.Fixed32:
                Advance(4);
                break;
            case WireType.LengthDelimited:
                Advance(ReadLength());
                break;
            default:
                throw new MalformedModelException($"unsupported protobuf group wire type {(int)wireType} at offset {Position}");
        }
    }

    private void Advance(long count)
    {
        if (count > Limit - Position)
        {
            throw new MalformedModelException($"field of {count} bytes at offset {Position} runs past the end of its message");
        }

        _stream.Position += count;
    }
}
