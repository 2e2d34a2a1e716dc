using System.Text;
using TrustCheck.Core.Models.Binary;

namespace TrustCheck.Core.Models.TfLite;

/// <summary>
/// Positional, bounds-checked access to a FlatBuffer inside a stream (the whole file or a region of it). Every offset
/// is validated against the region before it is followed; strings and vectors are capped.
/// </summary>
internal sealed class FlatBufferView(Stream stream, long start, long length)
{
    public long Start => start;

    public long Length => length;

    /// <summary>The root table's absolute position.</summary>
    public long Root() => Follow(start, "root table offset");

    /// <summary>Absolute position of field <paramref name="index"/> of the table at <paramref name="table"/>, or null when absent.</summary>
    public long? Field(long table, int index)
    {
        var vtable = table - ReadI32(table, "vtable offset");
        var vtableSize = ReadU16(vtable, "vtable size");
        var entry = 4 + (2 * index);
        if (entry + 2 > vtableSize)
        {
            return null;
        }

        var fieldOffset = ReadU16(vtable + entry, "field offset");
        return fieldOffset == 0 ? null : Check(table + fieldOffset, 1, "field");
    }

    public uint? FieldU32(long table, int index) => Field(table, index) is { } at ? ReadU32(at, "u32 field") : null;

    public ulong? FieldU64(long table, int index) => Field(table, index) is { } at ? ReadU64(at) : null;

    public string? FieldString(long table, int index, int cap) => Field(table, index) is { } at ? ReadString(Follow(at, "string offset"), cap) : null;

    /// <summary>(absolute position of the first element, element count) of a vector field.</summary>
    public (long First, uint Count)? FieldVector(long table, int index, int elementSize, uint maxCount)
    {
        if (Field(table, index) is not { } at)
        {
            return null;
        }

        var vector = Follow(at, "vector offset");
        var count = ReadU32(vector, "vector length");
        if (count > maxCount)
        {
            throw new MalformedModelException($"a vector at offset {vector} claims {count} elements (limit {maxCount})");
        }

        Check(vector + 4, (long)count * elementSize, "vector");
        return (vector + 4, count);
    }

    /// <summary>The table an element of a vector of tables points to.</summary>
    public long TableAt(long element) => Follow(element, "table offset");

    public string ReadString(long position, int cap)
    {
        var byteLength = ReadU32(position, "string length");
        Check(position + 4, byteLength, "string");
        var bytes = StreamBytes.ReadAt(stream, position + 4, (int)Math.Min(byteLength, (uint)cap));
        return Encoding.UTF8.GetString(bytes);
    }

    public uint ReadU32(long position, string what) => StreamBytes.U32(Read(position, 4, what), 0);

    private ulong ReadU64(long position) => StreamBytes.U64(Read(position, 8, "u64 field"), 0);

    private int ReadI32(long position, string what) => (int)ReadU32(position, what);

    private ushort ReadU16(long position, string what) => StreamBytes.U16(Read(position, 2, what), 0);

    private long Follow(long position, string what) => Check(position + ReadU32(position, what), 1, what);

    private byte[] Read(long position, int count, string what)
    {
        Check(position, count, what);
        return StreamBytes.ReadAt(stream, position, count);
    }

    private long Check(long position, long count, string what)
    {
        if (position < start || count < 0 || position + count > start + length || position + count > stream.Length)
        {
            throw new MalformedModelException($"{what} at offset {position} points outside the flatbuffer");
        }

        return position;
    }
}
