namespace TrustCheck.Core.Models.Binary;

/// <summary>One zip member as listed in the archive, names treated as data (never used as paths).</summary>
internal sealed record ZipMember(string Name, ushort Flags, ushort Method, long CompressedSize, long LocalHeaderOffset);

/// <summary>
/// Lists zip members by reading the central directory (or, when it is missing, walking local headers), with a cap on
/// the member count. Never decompresses or extracts; used only to decide which format a zip holds.
/// </summary>
internal static class ZipCentralDirectory
{
    public const int MaxMembers = 65_536;
    private const int EocdSize = 22;
    private const int MaxCommentLength = 65_535;
    private static readonly byte[] EocdMagic = [0x50, 0x4B, 0x05, 0x06];
    private static readonly byte[] Zip64LocatorMagic = [0x50, 0x4B, 0x06, 0x07];
    private static readonly byte[] Zip64EocdMagic = [0x50, 0x4B, 0x06, 0x06];
    private static readonly byte[] CentralMagic = [0x50, 0x4B, 0x01, 0x02];
    private static readonly byte[] LocalMagic = [0x50, 0x4B, 0x03, 0x04];

    public static IReadOnlyList<ZipMember> List(Stream stream)
    {
        var fromDirectory = ReadCentralDirectory(stream);
        return fromDirectory ?? WalkLocalHeaders(stream);
    }

    /// <summary>The first <paramref name="count"/> bytes of a stored (uncompressed) member's data; empty otherwise.</summary>
    public static byte[] PeekStoredData(Stream stream, ZipMember member, int count)
    {
        if (member.Method != 0)
        {
            return [];
        }

        var header = StreamBytes.ReadAt(stream, member.LocalHeaderOffset, 30);
        if (!StreamBytes.StartsWith(header, 0, LocalMagic) || header.Length < 30)
        {
            return [];
        }

        var dataStart = member.LocalHeaderOffset + 30 + StreamBytes.U16(header, 26) + StreamBytes.U16(header, 28);
        return StreamBytes.ReadAt(stream, dataStart, count);
    }

    /// <summary>The first <paramref name="count"/> bytes of a member's data, inflated when deflated (bounded: at most count bytes out, 64 KB in).</summary>
    public static byte[] PeekData(Stream stream, ZipMember member, int count)
    {
        if (member.Method == 0)
        {
            return PeekStoredData(stream, member, count);
        }

        if (member.Method != 8)
        {
            return [];
        }

        var stored = PeekStoredData(member with { Method = 0 }, stream, (int)Math.Min(member.CompressedSize, 64 * 1024));
        try
        {
            using var inflater = new System.IO.Compression.DeflateStream(new MemoryStream(stored), System.IO.Compression.CompressionMode.Decompress);
            var buffer = new byte[count];
            var read = inflater.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
            return read == count ? buffer : buffer[..read];
        }
        catch (InvalidDataException)
        {
            return [];
        }
    }

    private static byte[] PeekStoredData(ZipMember member, Stream stream, int count) => PeekStoredData(stream, member, count);

    private static List<ZipMember>? ReadCentralDirectory(Stream stream)
    {
        var tailLength = (int)Math.Min(stream.Length, EocdSize + MaxCommentLength);
        var tail = StreamBytes.ReadAt(stream, stream.Length - tailLength, tailLength);
        var eocd = tail.AsSpan().LastIndexOf(EocdMagic);
        if (eocd < 0 || tail.Length - eocd < EocdSize)
        {
            return null;
        }

        long count = StreamBytes.U16(tail, eocd + 10);
        long offset = StreamBytes.U32(tail, eocd + 16);
        var eocdPosition = stream.Length - tailLength + eocd;
        if ((offset == uint.MaxValue || count == ushort.MaxValue) && !TryReadZip64(stream, eocdPosition, ref count, ref offset))
        {
            return null;
        }

        var members = new List<ZipMember>();
        var position = offset;
        for (long i = 0; i < count && members.Count < MaxMembers; i++)
        {
            var header = StreamBytes.ReadAt(stream, position, 46);
            if (header.Length < 46 || !StreamBytes.StartsWith(header, 0, CentralMagic))
            {
                break;
            }

            int nameLength = StreamBytes.U16(header, 28);
            var name = StreamBytes.ReadAt(stream, position + 46, nameLength);
            members.Add(new ZipMember(
                DecodeName(name),
                StreamBytes.U16(header, 8),
                StreamBytes.U16(header, 10),
                StreamBytes.U32(header, 20),
                StreamBytes.U32(header, 42)));
            position += 46 + nameLength + StreamBytes.U16(header, 30) + StreamBytes.U16(header, 32);
        }

        return members.Count > 0 || count == 0 ? members : null;
    }

    private static bool TryReadZip64(Stream stream, long eocdPosition, ref long count, ref long offset)
    {
        var locator = StreamBytes.ReadAt(stream, eocdPosition - 20, 20);
        if (locator.Length < 20 || !StreamBytes.StartsWith(locator, 0, Zip64LocatorMagic))
        {
            return false;
        }

        var zip64Eocd = StreamBytes.ReadAt(stream, (long)Math.Min(StreamBytes.U64(locator, 8), long.MaxValue), 56);
        if (zip64Eocd.Length < 56 || !StreamBytes.StartsWith(zip64Eocd, 0, Zip64EocdMagic))
        {
            return false;
        }

        count = (long)Math.Min(StreamBytes.U64(zip64Eocd, 32), MaxMembers);
        offset = (long)Math.Min(StreamBytes.U64(zip64Eocd, 48), long.MaxValue);
        return true;
    }

    private static List<ZipMember> WalkLocalHeaders(Stream stream)
    {
        var members = new List<ZipMember>();
        long position = 0;
        while (members.Count < MaxMembers)
        {
            var header = StreamBytes.ReadAt(stream, position, 30);
            if (header.Length < 30 || !StreamBytes.StartsWith(header, 0, LocalMagic))
            {
                break;
            }

            int nameLength = StreamBytes.U16(header, 26);
            int extraLength = StreamBytes.U16(header, 28);
            long compressed = StreamBytes.U32(header, 18);
            var name = StreamBytes.ReadAt(stream, position + 30, nameLength);
            members.Add(new ZipMember(DecodeName(name), StreamBytes.U16(header, 6), StreamBytes.U16(header, 8), compressed, position));
            if ((StreamBytes.U16(header, 6) & 0x08) != 0 && compressed == 0)
            {
                break; // sizes follow the data (data descriptor): the next header cannot be located without inflating
            }

            position += 30 + nameLength + extraLength + compressed;
        }

        return members;
    }

    private static string DecodeName(byte[] name) => System.Text.Encoding.UTF8.GetString(name);
}
