using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace TrustCheck.Core.Models.Zip;

/// <summary>
/// A small, hostile-input-tolerant zip reader: central directory (with ZIP64), local headers, stored and deflated
/// data through bounded windows. It ignores CRCs and encryption flags the way PyTorch's reader does, and never
/// extracts anything to disk.
/// </summary>
internal sealed class ZipDirectory
{
    private const uint LocalHeaderSignature = 0x04034b50;
    private const uint CentralHeaderSignature = 0x02014b50;
    private const uint EndOfCentralDirectorySignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const int MaxEntries = 100_000;
    private const int MaxCommentAndRecord = 65_535 + 22;
    private const long MaxDirectoryBytes = 64L * 1024 * 1024;

    private ZipDirectory(List<ZipEntry> entries, List<string> problems)
    {
        Entries = entries;
        Problems = problems;
    }

    public IReadOnlyList<ZipEntry> Entries { get; }

    /// <summary>Structural problems (no central directory, truncated entries, caps hit).</summary>
    public IReadOnlyList<string> Problems { get; }

    public static bool HasZipSignature(ReadOnlySpan<byte> header) =>
        header.Length >= 4 && header[0] == 'P' && header[1] == 'K' &&
        ((header[2] == 3 && header[3] == 4) || (header[2] == 5 && header[3] == 6));

    public static ZipDirectory Read(Stream stream)
    {
        var entries = new List<ZipEntry>();
        var problems = new List<string>();
        if (!TryReadCentralDirectory(stream, entries, problems))
        {
            entries.Clear();
            problems.Add("the zip has no readable central directory (truncated or damaged); members were found by walking local headers");
            WalkLocalHeaders(stream, entries, problems);
        }

        return new ZipDirectory(entries, problems);
    }

    /// <summary>
    /// Opens a member's data for reading, decompressed, at most <paramref name="maxBytes"/> long. Null (with a reason)
    /// for compression methods we do not read.
    /// </summary>
    public static Stream? Open(Stream archive, ZipEntry entry, out string? reason)
    {
        reason = null;
        var available = archive.Length - entry.DataOffset;
        if (entry.DataOffset < 0 || available < 0)
        {
            reason = "its data offset lies outside the file";
            return null;
        }

        var window = new BoundedReadStream(archive, entry.DataOffset, Math.Min(entry.CompressedSize, available));
        switch (entry.Method)
        {
            case ZipEntry.Stored:
                return window;
            case ZipEntry.Deflated:
                return new DeflateStream(window, CompressionMode.Decompress, leaveOpen: false);
            default:
                reason = $"it uses compression method {entry.Method}, which TrustCheck (and PyTorch) cannot read";
                return null;
        }
    }

    private static bool TryReadCentralDirectory(Stream stream, List<ZipEntry> entries, List<string> problems)
    {
        var length = stream.Length;
        var tailLength = (int)Math.Min(length, MaxCommentAndRecord);
        if (tailLength < 22)
        {
            return false;
        }

        var tail = ReadAt(stream, length - tailLength, tailLength);
        var eocd = -1;
        for (var i = tail.Length - 22; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == EndOfCentralDirectorySignature)
            {
                eocd = i;
                break;
            }
        }

        if (eocd < 0)
        {
            return false;
        }

        var record = tail.AsSpan(eocd);
        long count = BinaryPrimitives.ReadUInt16LittleEndian(record[10..]);
        long directorySize = BinaryPrimitives.ReadUInt32LittleEndian(record[12..]);
        long directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(record[16..]);
        var eocdPosition = length - tailLength + eocd;

        if ((count == 0xFFFF || directorySize == 0xFFFFFFFF || directoryOffset == 0xFFFFFFFF) && eocdPosition >= 20)
        {
            var locator = ReadAt(stream, eocdPosition - 20, 20);
            if (BinaryPrimitives.ReadUInt32LittleEndian(locator) == Zip64LocatorSignature)
            {
                var zip64Position = (long)BinaryPrimitives.ReadUInt64LittleEndian(locator.AsSpan(8));
                if (zip64Position >= 0 && zip64Position + 56 <= length)
                {
                    var zip64 = ReadAt(stream, zip64Position, 56);
                    if (BinaryPrimitives.ReadUInt32LittleEndian(zip64) == Zip64EndSignature)
                    {
                        count = (long)BinaryPrimitives.ReadUInt64LittleEndian(zip64.AsSpan(32));
                        directorySize = (long)BinaryPrimitives.ReadUInt64LittleEndian(zip64.AsSpan(40));
                        directoryOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(zip64.AsSpan(48));
                    }
                }
            }
        }

        if (directoryOffset < 0 || directorySize < 0 || directoryOffset + directorySize > length)
        {
            problems.Add($"the central directory claims {directorySize:N0} bytes at offset {directoryOffset:N0}, beyond the end of the file");
            return false;
        }

        if (directorySize > MaxDirectoryBytes)
        {
            problems.Add($"the central directory claims {directorySize:N0} bytes, more than the {MaxDirectoryBytes:N0} TrustCheck reads");
            return false;
        }

        if (count > MaxEntries)
        {
            problems.Add($"the zip claims {count:N0} members; only the first {MaxEntries:N0} were inspected");
            count = MaxEntries;
        }

        var directory = ReadAt(stream, directoryOffset, (int)directorySize);
        var position = 0;
        for (long i = 0; i < count; i++)
        {
            if (position + 46 > directory.Length || BinaryPrimitives.ReadUInt32LittleEndian(directory.AsSpan(position)) != CentralHeaderSignature)
            {
                problems.Add($"central directory entry {i} is damaged; the remaining entries were not read");
                break;
            }

            var header = directory.AsSpan(position);
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
            var method = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
            long uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[30..]);
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
            long localOffset = BinaryPrimitives.ReadUInt32LittleEndian(header[42..]);
            if (position + 46 + nameLength + extraLength > directory.Length)
            {
                problems.Add($"central directory entry {i} runs past the directory; the remaining entries were not read");
                break;
            }

            var name = DecodeName(header.Slice(46, nameLength), flags);
            ApplyZip64Extra(header.Slice(46 + nameLength, extraLength), ref uncompressed, ref compressed, ref localOffset);
            entries.Add(WithLocalHeader(stream, name, flags, method, compressed, uncompressed, localOffset, problems));
            position += 46 + nameLength + extraLength + commentLength;
        }

        return true;
    }

    private static ZipEntry WithLocalHeader(Stream stream, string name, ushort flags, ushort method, long compressed, long uncompressed, long localOffset, List<string> problems)
    {
        if (localOffset < 0 || localOffset + 30 > stream.Length)
        {
            problems.Add($"member '{name}' points to a local header beyond the end of the file");
            return new ZipEntry(name, null, flags, method, compressed, uncompressed, localOffset, -1);
        }

        var local = ReadAt(stream, localOffset, 30);
        if (BinaryPrimitives.ReadUInt32LittleEndian(local) != LocalHeaderSignature)
        {
            problems.Add($"member '{name}' has no local header at offset {localOffset}");
            return new ZipEntry(name, null, flags, method, compressed, uncompressed, localOffset, -1);
        }

        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(26));
        var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(28));
        var localName = DecodeName(ReadAt(stream, localOffset + 30, nameLength), BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(6)));
        return new ZipEntry(name, localName, flags, method, compressed, uncompressed, localOffset, localOffset + 30 + nameLength + extraLength);
    }

    /// <summary>Without a central directory: follow local headers from the start while their sizes are known.</summary>
    private static void WalkLocalHeaders(Stream stream, List<ZipEntry> entries, List<string> problems)
    {
        long position = 0;
        while (position + 30 <= stream.Length && entries.Count < MaxEntries)
        {
            var local = ReadAt(stream, position, 30);
            if (BinaryPrimitives.ReadUInt32LittleEndian(local) != LocalHeaderSignature)
            {
                return;
            }

            var flags = BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(6));
            var method = BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(8));
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(local.AsSpan(18));
            long uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(local.AsSpan(22));
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(26));
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(28));
            var name = DecodeName(ReadAt(stream, position + 30, nameLength), flags);
            var dataOffset = position + 30 + nameLength + extraLength;
            if ((flags & 0x8) != 0 && compressed == 0)
            {
                // Sizes live in a data descriptor after the data: the member's length is unknown without a directory.
                entries.Add(new ZipEntry(name, name, flags, method, stream.Length - dataOffset, uncompressed, position, dataOffset));
                problems.Add($"member '{name}' has no recorded size; the rest of the file was read as its data");
                return;
            }

            entries.Add(new ZipEntry(name, name, flags, method, compressed, uncompressed, position, dataOffset));
            position = dataOffset + compressed;
        }
    }

    private static void ApplyZip64Extra(ReadOnlySpan<byte> extra, ref long uncompressed, ref long compressed, ref long localOffset)
    {
        while (extra.Length >= 4)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            var size = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (size > extra.Length - 4)
            {
                return;
            }

            if (id == 0x0001)
            {
                var field = extra.Slice(4, size);
                if (uncompressed == 0xFFFFFFFF && field.Length >= 8)
                {
                    uncompressed = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(field), long.MaxValue);
                    field = field[8..];
                }

                if (compressed == 0xFFFFFFFF && field.Length >= 8)
                {
                    compressed = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(field), long.MaxValue);
                    field = field[8..];
                }

                if (localOffset == 0xFFFFFFFF && field.Length >= 8)
                {
                    localOffset = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(field), long.MaxValue);
                }

                return;
            }

            extra = extra[(4 + size)..];
        }
    }

    private static string DecodeName(ReadOnlySpan<byte> raw, ushort flags) =>
        (flags & 0x800) != 0 ? Encoding.UTF8.GetString(raw) : Encoding.Latin1.GetString(raw);

    private static byte[] ReadAt(Stream stream, long position, int count)
    {
        var buffer = new byte[Math.Max(0, (int)Math.Min(count, stream.Length - position))];
        stream.Position = position;
        stream.ReadExactly(buffer);
        return buffer;
    }
}
