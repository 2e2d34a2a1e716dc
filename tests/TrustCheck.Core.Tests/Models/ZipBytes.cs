using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace TrustCheck.Core.Tests.Models;

/// <summary>Writes zip archives field by field (APPNOTE 4.3.7/4.3.12/4.3.16) so tests can forge hostile ones.</summary>
public sealed class ZipBytes
{
    private readonly List<Member> _members = new();

    public sealed record Member(string Name, byte[] Data, ushort Flags = 0, ushort Method = 0, string? LocalName = null,
        byte[]? Stored = null, uint? DeclaredUncompressed = null, uint? DeclaredCompressed = null);

    public ZipBytes Add(string name, byte[] data, ushort flags = 0, bool deflate = false, string? localName = null)
    {
        _members.Add(new Member(name, data, flags, deflate ? (ushort)8 : (ushort)0, localName, deflate ? Deflate(data) : data));
        return this;
    }

    public ZipBytes AddRaw(Member member)
    {
        _members.Add(member);
        return this;
    }

    public static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>
    /// ZIP64 layout (APPNOTE 4.3.14/4.3.15, 4.5.3): 0xFFFFFFFF sizes and offsets in the central directory with the real
    /// values in a zip64 extra field, and the entry count/offset in a zip64 end record found through its locator.
    /// </summary>
    public bool Zip64 { get; init; }

    public byte[] ToArray(bool withCentralDirectory = true)
    {
        var output = new MemoryStream();
        var offsets = new List<long>();
        foreach (var m in _members)
        {
            offsets.Add(output.Length);
            var name = Encoding.UTF8.GetBytes(m.LocalName ?? m.Name);
            var stored = m.Stored ?? m.Data;
            Write32(output, 0x04034b50);
            Write16(output, 20);
            Write16(output, m.Flags);
            Write16(output, m.Method);
            Write32(output, 0);
            Write32(output, 0);
            Write32(output, m.DeclaredCompressed ?? (uint)stored.Length);
            Write32(output, m.DeclaredUncompressed ?? (uint)m.Data.Length);
            Write16(output, (ushort)name.Length);
            Write16(output, 0);
            output.Write(name);
            output.Write(stored);
        }

        if (!withCentralDirectory)
        {
            return output.ToArray();
        }

        var directoryStart = output.Length;
        for (var i = 0; i < _members.Count; i++)
        {
            var m = _members[i];
            var name = Encoding.UTF8.GetBytes(m.Name);
            var stored = m.Stored ?? m.Data;
            Write32(output, 0x02014b50);
            Write16(output, 20);
            Write16(output, 20);
            Write16(output, m.Flags);
            Write16(output, m.Method);
            Write32(output, 0);
            Write32(output, 0);
            Write32(output, Zip64 ? 0xFFFFFFFF : m.DeclaredCompressed ?? (uint)stored.Length);
            Write32(output, Zip64 ? 0xFFFFFFFF : m.DeclaredUncompressed ?? (uint)m.Data.Length);
            Write16(output, (ushort)name.Length);
            Write16(output, Zip64 ? (ushort)28 : (ushort)0);
            Write16(output, 0);
            Write16(output, 0);
            Write16(output, 0);
            Write32(output, 0);
            Write32(output, Zip64 ? 0xFFFFFFFF : (uint)offsets[i]);
            output.Write(name);
            if (Zip64)
            {
                Write16(output, 0x0001);
                Write16(output, 24);
                Write64(output, (ulong)m.Data.Length);
                Write64(output, (ulong)stored.Length);
                Write64(output, (ulong)offsets[i]);
            }
        }

        var directorySize = output.Length - directoryStart;
        if (Zip64)
        {
            var zip64End = output.Length;
            Write32(output, 0x06064b50);
            Write64(output, 44);
            Write16(output, 45);
            Write16(output, 45);
            Write32(output, 0);
            Write32(output, 0);
            Write64(output, (ulong)_members.Count);
            Write64(output, (ulong)_members.Count);
            Write64(output, (ulong)directorySize);
            Write64(output, (ulong)directoryStart);
            Write32(output, 0x07064b50);
            Write32(output, 0);
            Write64(output, (ulong)zip64End);
            Write32(output, 1);
            Write32(output, 0x06054b50);
            Write16(output, 0);
            Write16(output, 0);
            Write16(output, 0xFFFF);
            Write16(output, 0xFFFF);
            Write32(output, 0xFFFFFFFF);
            Write32(output, 0xFFFFFFFF);
            Write16(output, 0);
            return output.ToArray();
        }

        Write32(output, 0x06054b50);
        Write16(output, 0);
        Write16(output, 0);
        Write16(output, (ushort)_members.Count);
        Write16(output, (ushort)_members.Count);
        Write32(output, (uint)directorySize);
        Write32(output, (uint)directoryStart);
        Write16(output, 0);
        return output.ToArray();
    }

    private static void Write16(Stream s, ushort v)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        s.Write(b);
    }

    private static void Write64(Stream s, ulong v)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        s.Write(b);
    }

    private static void Write32(Stream s, uint v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        s.Write(b);
    }
}
