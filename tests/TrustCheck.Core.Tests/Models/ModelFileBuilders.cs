using System.Buffers.Binary;
using System.Text;

namespace TrustCheck.Core.Tests.Models;

/// <summary>Writes GGUF files byte-exactly per the GGUF spec (little-endian, v1 32-bit / v2+ 64-bit lengths).</summary>
public sealed class GgufBuilder(uint version = 3)
{
    private readonly List<byte[]> _keyValues = [];
    private readonly List<byte[]> _tensors = [];

    public GgufBuilder String(string key, string value) => Add(key, 8, Str(value));

    public GgufBuilder U32(string key, uint value) => Add(key, 4, U32Bytes(value));

    public GgufBuilder StringArray(string key, params string[] values) =>
        Add(key, 9, [.. U32Bytes(8), .. Count((ulong)values.Length), .. values.SelectMany(Str)]);

    public GgufBuilder NestedU8Array(string key, params byte[][] arrays) =>
        Add(key, 9, [.. U32Bytes(9), .. Count((ulong)arrays.Length), .. arrays.SelectMany(a => (byte[])[.. U32Bytes(0), .. Count((ulong)a.Length), .. a])]);

    /// <summary>A raw key/value whose value bytes the test controls (for hostile lengths).</summary>
    public GgufBuilder Raw(string key, uint type, byte[] valueBytes) => Add(key, type, valueBytes);

    public GgufBuilder Tensor(string name, ulong[] dims, uint ggmlType, ulong offset)
    {
        _tensors.Add([.. Str(name), .. U32Bytes((uint)dims.Length), .. dims.SelectMany(d => version == 1 ? U32Bytes((uint)d) : U64Bytes(d)), .. U32Bytes(ggmlType), .. U64Bytes(offset)]);
        return this;
    }

    private readonly List<ulong> _dataSizes = [];

    /// <summary>A tensor at the next aligned offset whose data <see cref="BuildLoadable"/> writes (F32, F16, BF16 or Q8_0).</summary>
    public GgufBuilder DataTensor(string name, ulong[] dims, uint ggmlType = 0, uint alignment = 32)
    {
        var elements = dims.Aggregate(1UL, (a, b) => a * b);
        var bytes = ggmlType switch { 0 => elements * 4, 1 or 30 => elements * 2, 8 => elements / 32 * 34, _ => throw new ArgumentOutOfRangeException(nameof(ggmlType)) };
        var offset = _dataSizes.Aggregate(0UL, (sum, size) => sum + Pad(size, alignment));
        _dataSizes.Add(bytes);
        return Tensor(name, dims, ggmlType, offset);
    }

    /// <summary>The header, padding to <paramref name="alignment"/>, and the data of every <see cref="DataTensor"/>: a file llama.cpp loads.</summary>
    public byte[] BuildLoadable(uint alignment = 32)
    {
        var header = Build();
        var data = _dataSizes.Count == 0 ? 0 : _dataSizes.Take(_dataSizes.Count - 1).Aggregate(0UL, (sum, size) => sum + Pad(size, alignment)) + _dataSizes[^1];
        var start = _tensors.Count == 0 ? (ulong)header.Length : Pad((ulong)header.Length, alignment);
        return [.. header, .. new byte[start - (ulong)header.Length + data]];
    }

    private static ulong Pad(ulong value, uint alignment) => (value + alignment - 1) / alignment * alignment;

    public byte[] Build(ulong? tensorCountOverride = null, ulong? kvCountOverride = null) =>
    [
        .. "GGUF"u8, .. U32Bytes(version),
        .. Count(tensorCountOverride ?? (ulong)_tensors.Count), .. Count(kvCountOverride ?? (ulong)_keyValues.Count),
        .. _keyValues.SelectMany(k => k), .. _tensors.SelectMany(t => t),
    ];

    public byte[] Str(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return [.. Count((ulong)bytes.Length), .. bytes];
    }

    public byte[] Count(ulong value) => version == 1 ? U32Bytes((uint)value) : U64Bytes(value);

    private GgufBuilder Add(string key, uint type, byte[] value)
    {
        _keyValues.Add([.. Str(key), .. U32Bytes(type), .. value]);
        return this;
    }

    public static byte[] U32Bytes(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    public static byte[] U64Bytes(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return bytes;
    }
}

/// <summary>Writes safetensors files: 8-byte LE header length, the JSON header, then the data section.</summary>
public static class SafetensorsBuilder
{
    public static byte[] Build(string headerJson, int dataLength)
    {
        var header = Encoding.UTF8.GetBytes(headerJson);
        return [.. GgufBuilder.U64Bytes((ulong)header.Length), .. header, .. new byte[dataLength]];
    }
}

/// <summary>Protobuf wire-format encoding for hand-built ONNX / SavedModel messages.</summary>
public static class Proto
{
    public static byte[] Varint(int field, ulong value) => [.. Key(field, 0), .. VarintBytes(value)];

    public static byte[] String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public static byte[] Message(int field, params byte[][] content) => Bytes(field, content.SelectMany(c => c).ToArray());

    public static byte[] Bytes(int field, byte[] value) => [.. Key(field, 2), .. VarintBytes((ulong)value.Length), .. value];

    public static byte[] Key(int field, int wireType) => VarintBytes(((ulong)field << 3) | (uint)wireType);

    public static byte[] VarintBytes(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
        return [.. bytes];
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}

/// <summary>
/// Writes FlatBuffers with everything laid out forward (root offset, then tables, each preceded by its vtable, then the
/// strings/vectors they point to), the way the TFLite schema reads them: uoffsets are relative to where they are stored.
/// </summary>
public sealed class FlatBufferBuilder
{
    private readonly List<byte> _bytes = [];
    private readonly List<(int At, Func<int> Target)> _patches = [];

    public int Position => _bytes.Count;

    /// <summary>Reserves the root uoffset (and an optional 4-byte file identifier).</summary>
    public Action<int> Root(string? identifier)
    {
        var at = Reserve(4);
        if (identifier is not null)
        {
            _bytes.AddRange(Encoding.ASCII.GetBytes(identifier));
        }

        return table => Patch(at, () => table);
    }

    /// <summary>Writes a table with <paramref name="fieldSizes"/> slots (4 or 8 bytes, 0 = absent); returns (table position, field positions).</summary>
    public (int Table, int[] Fields) Table(params int[] fieldSizes)
    {
        Align(4);
        var vtableSize = 4 + (2 * fieldSizes.Length);
        var vtable = Position;
        _bytes.AddRange(new byte[vtableSize + (vtableSize % 4)]);
        var table = Position;
        _bytes.AddRange(BitConverter.GetBytes(table - vtable)); // soffset: table - vtable
        var fields = new int[fieldSizes.Length];
        var tableSize = 4;
        for (var i = 0; i < fieldSizes.Length; i++)
        {
            if (fieldSizes[i] == 0)
            {
                continue;
            }

            fields[i] = Position;
            WriteU16(vtable + 4 + (2 * i), (ushort)(Position - table));
            _bytes.AddRange(new byte[fieldSizes[i]]);
            tableSize += fieldSizes[i];
        }

        WriteU16(vtable, (ushort)vtableSize);
        WriteU16(vtable + 2, (ushort)tableSize);
        return (table, fields);
    }

    public void SetU32(int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_bytes)[at..], value);

    /// <summary>Points the uoffset stored at <paramref name="at"/> to whatever <paramref name="target"/> returns at build time.</summary>
    public void Patch(int at, Func<int> target) => _patches.Add((at, target));

    public int String(string value)
    {
        Align(4);
        var at = Position;
        var bytes = Encoding.UTF8.GetBytes(value);
        _bytes.AddRange(BitConverter.GetBytes(bytes.Length));
        _bytes.AddRange(bytes);
        _bytes.Add(0);
        return at;
    }

    public int ByteVector(byte[] value)
    {
        Align(4);
        var at = Position;
        _bytes.AddRange(BitConverter.GetBytes(value.Length));
        _bytes.AddRange(value);
        return at;
    }

    /// <summary>A vector of uoffsets; returns (vector position, element positions to patch).</summary>
    public (int Vector, int[] Elements) OffsetVector(int count)
    {
        Align(4);
        var at = Position;
        _bytes.AddRange(BitConverter.GetBytes(count));
        var elements = Enumerable.Range(0, count).Select(_ => Reserve(4)).ToArray();
        return (at, elements);
    }

    public byte[] Build()
    {
        var bytes = _bytes.ToArray();
        foreach (var (at, target) in _patches)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), (uint)(target() - at));
        }

        return bytes;
    }

    private int Reserve(int count)
    {
        var at = Position;
        _bytes.AddRange(new byte[count]);
        return at;
    }

    private void Align(int alignment)
    {
        while (_bytes.Count % alignment != 0)
        {
            _bytes.Add(0);
        }
    }

    private void WriteU16(int at, ushort value)
    {
        _bytes[at] = (byte)value;
        _bytes[at + 1] = (byte)(value >> 8);
    }
}
