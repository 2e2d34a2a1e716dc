using System.IO.Compression;
using K4os.Compression.LZ4.Streams;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.LZMA;
using SharpCompress.Compressors.Xz;

namespace TrustCheck.Core.Models.Joblib;

/// <summary>The compressions joblib.load (and pandas.read_pickle) open, recognised by content as joblib's _detect_compressor does.</summary>
public enum Compression
{
    Zlib,
    Gzip,
    Bz2,
    Xz,
    /// <summary>The legacy .lzma "alone" format (joblib's compress='lzma').</summary>
    Lzma,
    Lz4,
    /// <summary>Recognised (pandas reads .zst pickles) but not opened: reported as not inspected.</summary>
    Zstd,
}

/// <summary>
/// Opens compressed model streams with managed decoders (.NET's GZip/ZLib, SharpCompress for bz2/xz/lzma, K4os for lz4
/// frames). The pickle walker's byte cap bounds how much is inflated; window sizes are checked before a decoder
/// allocates them, so a 20-byte file cannot ask for a gigabyte dictionary.
/// </summary>
public static class CompressedStreams
{
    /// <summary>Largest LZMA/LZMA2 dictionary accepted (xz -9 and joblib's presets use at most 64 MB).</summary>
    public const long MaxDictionarySize = 64L * 1024 * 1024;

    /// <summary>The compression <paramref name="head"/> starts with, or null. Magic numbers as joblib's compressors define them.</summary>
    public static Compression? Identify(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b)
        {
            return Compression.Gzip;
        }

        if (head.Length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h')
        {
            return Compression.Bz2;
        }

        if (head.Length >= 6 && head[..6].SequenceEqual(new byte[] { 0xfd, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0 }))
        {
            return Compression.Xz;
        }

        if (head.Length >= 4 && head[..4].SequenceEqual(new byte[] { 0x04, 0x22, 0x4d, 0x18 }))
        {
            return Compression.Lz4;
        }

        if (head.Length >= 4 && head[..4].SequenceEqual(new byte[] { 0x28, 0xb5, 0x2f, 0xfd }))
        {
            return Compression.Zstd;
        }

        // joblib's _LZMA_PREFIX: properties byte 0x5d (lc=3, lp=0, pb=2, the only one lzma.FORMAT_ALONE writes by default) and a small dictionary.
        if (head.Length >= 13 && head[0] == 0x5d && head[1] == 0x00)
        {
            return Compression.Lzma;
        }

        // zlib: CMF 0x78 (deflate, 32 KB window) and a header checksum, as zlib.compress writes.
        if (head.Length >= 2 && head[0] == 0x78 && ((head[0] << 8) | head[1]) % 31 == 0)
        {
            return Compression.Zlib;
        }

        return null;
    }

    /// <summary>
    /// A decompressing stream over <paramref name="raw"/> from its current position (left open), or null with
    /// <paramref name="problem"/> when it cannot be opened. Reading it never throws: a corrupt stream ends early
    /// (<see cref="SafeDecompressionStream.Failure"/> says why).
    /// </summary>
    public static SafeDecompressionStream? Open(Stream raw, Compression compression, out string? problem)
    {
        problem = null;
        try
        {
            Stream? inner = compression switch
            {
                Compression.Gzip => new GZipStream(new EndOfInputGuardStream(raw), CompressionMode.Decompress),
                Compression.Zlib => new ZLibStream(new EndOfInputGuardStream(raw), CompressionMode.Decompress),
                Compression.Bz2 => BZip2Stream.Create(new EndOfInputGuardStream(raw), SharpCompress.Compressors.CompressionMode.Decompress, decompressConcatenated: true),
                Compression.Xz => OpenXz(raw, out problem),
                Compression.Lzma => OpenLzma(raw, out problem),
                Compression.Lz4 => LZ4Stream.Decode(new EndOfInputGuardStream(raw)),
                _ => null,
            };
            if (inner is null)
            {
                problem ??= $"{Describe(compression)} is not supported";
                return null;
            }

            return new SafeDecompressionStream(inner);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problem = $"the {Describe(compression)} header is invalid ({e.Message.Split('\n')[0].Trim()})";
            return null;
        }
    }

    /// <summary>Up to <paramref name="count"/> decompressed bytes from the start of <paramref name="raw"/> (rewound after); null when nothing can be decompressed.</summary>
    public static byte[]? ReadHead(Stream raw, Compression compression, int count, out string? problem)
    {
        raw.Position = 0;
        try
        {
            using var stream = Open(raw, compression, out problem);
            if (stream is null)
            {
                return null;
            }

            var buffer = new byte[count];
            var read = stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
            if (read == 0)
            {
                problem = stream.Failure ?? $"the {Describe(compression)} stream holds no data";
                return null;
            }

            return read == count ? buffer : buffer[..read];
        }
        finally
        {
            raw.Position = 0;
        }
    }

    public static string Describe(Compression compression) => compression switch
    {
        Compression.Zlib => "zlib",
        Compression.Gzip => "gzip",
        Compression.Bz2 => "bz2",
        Compression.Xz => "xz",
        Compression.Lzma => "lzma",
        Compression.Lz4 => "lz4 frame",
        _ => "zstd",
    };

    /// <summary>.lzma "alone": 5 property bytes (lc/lp/pb, dictionary size) and the 8-byte uncompressed size (-1 = unknown, end marker).</summary>
    private static Stream? OpenLzma(Stream raw, out string? problem)
    {
        problem = null;
        var header = new byte[13];
        if (raw.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
        {
            problem = "the lzma header is cut off";
            return null;
        }

        var dictionary = BitConverter.ToUInt32(header, 1);
        if (dictionary > MaxDictionarySize)
        {
            problem = $"the lzma stream declares a {dictionary:N0}-byte dictionary, more than the {MaxDictionarySize:N0} allowed";
            return null;
        }

        var size = BitConverter.ToInt64(header, 5);
        return LzmaStream.Create(header[..5], new EndOfInputGuardStream(raw), -1, size < 0 ? -1 : size);
    }

    /// <summary>.xz: checks the first block's LZMA2 dictionary size before SharpCompress allocates it.</summary>
    private static Stream? OpenXz(Stream raw, out string? problem)
    {
        problem = null;
        var start = raw.Position;
        var head = new byte[12 + 1024];
        var read = raw.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        raw.Position = start;
        if (XzDictionarySize(head.AsSpan(0, read)) is { } dictionary && dictionary > MaxDictionarySize)
        {
            problem = $"the xz stream declares a {dictionary:N0}-byte dictionary, more than the {MaxDictionarySize:N0} allowed";
            return null;
        }

        return new XZStream(new EndOfInputGuardStream(raw));
    }

    /// <summary>The LZMA2 dictionary size in the first block header (xz file format 1.0.4, 3.1 and 5.3.1); null when there is none to read.</summary>
    internal static long? XzDictionarySize(ReadOnlySpan<byte> data)
    {
        const int streamHeader = 12;
        if (data.Length < streamHeader + 2 || data[streamHeader] == 0)
        {
            return null; // no block (index indicator) or cut off
        }

        var blockHeaderSize = (data[streamHeader] + 1) * 4;
        if (data.Length < streamHeader + blockHeaderSize)
        {
            return null;
        }

        var header = data.Slice(streamHeader, blockHeaderSize);
        var flags = header[1];
        var position = 2;
        if ((flags & 0x40) != 0 && !SkipVarint(header, ref position))
        {
            return null;
        }

        if ((flags & 0x80) != 0 && !SkipVarint(header, ref position))
        {
            return null;
        }

        var filters = (flags & 0x03) + 1;
        for (var f = 0; f < filters; f++)
        {
            if (!ReadVarint(header, ref position, out var id) || !ReadVarint(header, ref position, out var propertiesSize) ||
                position + (long)propertiesSize > header.Length)
            {
                return null;
            }

            if (id == 0x21 && propertiesSize == 1)
            {
                var bits = header[position] & 0x3F;
                return bits > 40 ? long.MaxValue : bits == 40 ? uint.MaxValue : (2L | (bits & 1)) << ((bits / 2) + 11);
            }

            position += (int)propertiesSize;
        }

        return null;
    }

    private static bool SkipVarint(ReadOnlySpan<byte> data, ref int position) => ReadVarint(data, ref position, out _);

    private static bool ReadVarint(ReadOnlySpan<byte> data, ref int position, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 63 && position < data.Length; shift += 7)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// Wraps a decoder so reading never throws: whatever a decoder raises on corrupt data (InvalidDataException, its own
/// exception types, index errors) ends the stream, and <see cref="Failure"/> keeps the reason for the report.
/// </summary>
public sealed class SafeDecompressionStream : Stream
{
    private readonly Stream _inner;
    private long _position;

    internal SafeDecompressionStream(Stream inner) => _inner = inner;

    /// <summary>Why the data ended early; null while it reads cleanly.</summary>
    public string? Failure { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (Failure is not null)
        {
            return 0;
        }

        try
        {
            var read = _inner.Read(buffer);
            _position += read;
            return read;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Failure = $"the compressed data is corrupt after {_position:N0} decompressed bytes ({e.GetType().Name}: {e.Message.Split('\n')[0].Trim()})";
            return 0;
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                _inner.Dispose();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A decoder that fails again while closing: the data was already reported.
            }
        }

        base.Dispose(disposing);
    }
}
