using System.Buffers.Binary;

namespace TrustCheck.Core.Models.Binary;

/// <summary>Bounded positional reads over a seekable stream. Callers cap <c>count</c>; nothing here trusts file content.</summary>
internal static class StreamBytes
{
    /// <summary>Reads up to <paramref name="count"/> bytes at <paramref name="offset"/>; fewer at end of file.</summary>
    public static byte[] ReadAt(Stream stream, long offset, int count)
    {
        if (offset < 0 || count <= 0 || offset >= stream.Length)
        {
            return [];
        }

        var available = (int)Math.Min(count, stream.Length - offset);
        var buffer = new byte[available];
        stream.Position = offset;
        var read = ReadUpTo(stream, buffer);
        return read == buffer.Length ? buffer : buffer[..read];
    }

    /// <summary>Fills as much of <paramref name="buffer"/> as the stream has left; returns the count read.</summary>
    public static int ReadUpTo(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    public static bool StartsWith(ReadOnlySpan<byte> data, int offset, ReadOnlySpan<byte> magic) =>
        offset >= 0 && data.Length >= offset + magic.Length && data.Slice(offset, magic.Length).SequenceEqual(magic);

    public static ulong U64(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(data[offset..]);

    public static uint U32(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]);

    public static ushort U16(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(data[offset..]);
}
