using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using NuGet.Common;
using NuGet.Protocol;

namespace TrustCheck.Core.Online;

/// <summary>
/// Reads one file out of a remote .nupkg (a zip) with HTTP range requests: the tail (end of central directory and, for
/// most packages, the central directory itself), then only the entry's local header and compressed bytes. Every request is
/// bounded; a server that ignores Range (200 with the whole body) is not read at all. Null means "not read" — the caller
/// treats the file as unknown, never falls back to downloading the package.
/// </summary>
internal sealed class RemoteZipEntryReader(HttpSource http, string uri)
{
    /// <summary>The end of central directory record (22 bytes) plus its longest possible comment.</summary>
    internal const int TailBytes = 64 * 1024 + 22;

    /// <summary>A central directory larger than this (tens of thousands of files) is not worth a license answer.</summary>
    internal const int MaxCentralDirectoryBytes = 4 * 1024 * 1024;

    private const uint EndOfCentralDirectorySignature = 0x06054b50;
    private const uint CentralHeaderSignature = 0x02014b50;
    private const uint LocalHeaderSignature = 0x04034b50;
    private const int LocalHeaderBytes = 30;

    /// <summary>Room for a local header's extra field, which may differ from the central one.</summary>
    private const int LocalExtraSlack = 1024;

    /// <summary>The entry's uncompressed bytes (at most <paramref name="maxBytes"/> compressed and uncompressed), or null when it cannot be read by ranges.</summary>
    public async Task<byte[]?> ReadEntryAsync(string entryPath, int maxBytes, CancellationToken cancellationToken)
    {
        var tail = await GetRangeAsync(new RangeHeaderValue(null, TailBytes), TailBytes, cancellationToken).ConfigureAwait(false);
        if (tail is null || FindEndOfCentralDirectory(tail.Bytes) is not { } eocd)
        {
            return null;
        }

        var directorySize = BinaryPrimitives.ReadUInt32LittleEndian(tail.Bytes.AsSpan(eocd + 12));
        var directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(tail.Bytes.AsSpan(eocd + 16));
        if (directoryOffset == uint.MaxValue || directorySize > MaxCentralDirectoryBytes
            || directoryOffset + (long)directorySize > tail.Start + eocd)
        {
            return null; // Zip64, oversized or inconsistent: not worth a license answer.
        }

        var directory = await SliceAsync(tail, directoryOffset, (int)directorySize, cancellationToken).ConfigureAwait(false);
        if (directory is null || FindEntry(directory, entryPath) is not { } entry
            || entry.LocalHeaderOffset >= directoryOffset
            || entry.CompressedSize > maxBytes || entry.UncompressedSize > maxBytes || entry.Encrypted
            || entry.Method is not (0 or 8))
        {
            return null;
        }

        var window = LocalHeaderBytes + entry.NameLength + LocalExtraSlack + (int)entry.CompressedSize;
        var local = await SliceAsync(tail, entry.LocalHeaderOffset, (int)Math.Min(window, directoryOffset - entry.LocalHeaderOffset), cancellationToken).ConfigureAwait(false);
        if (local is null || local.Length < LocalHeaderBytes || BinaryPrimitives.ReadUInt32LittleEndian(local) != LocalHeaderSignature)
        {
            return null;
        }

        var dataStart = LocalHeaderBytes + BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(26)) + BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(28));
        if (dataStart + entry.CompressedSize > local.Length)
        {
            return null;
        }

        return Inflate(local.AsMemory(dataStart, (int)entry.CompressedSize), entry.Method, maxBytes);
    }

    /// <summary>From the tail already read when it covers the range, else one more range request.</summary>
    private async Task<byte[]?> SliceAsync(RangeAnswer tail, long start, int length, CancellationToken cancellationToken)
    {
        if (length <= 0)
        {
            return null;
        }

        if (start >= tail.Start && start + length <= tail.Start + tail.Bytes.Length)
        {
            return tail.Bytes.AsSpan((int)(start - tail.Start), length).ToArray();
        }

        var answer = await GetRangeAsync(new RangeHeaderValue(start, start + length - 1), length, cancellationToken).ConfigureAwait(false);
        return answer is not null && answer.Start == start && answer.Bytes.Length == length ? answer.Bytes : null;
    }

    /// <summary>
    /// One range request through the source's <see cref="HttpSource"/> (same credentials, proxy and retries as the rest of
    /// the look-up). Anything but a 206 with a Content-Range is dropped unread.
    /// </summary>
    private Task<RangeAnswer?> GetRangeAsync(RangeHeaderValue range, int maxBytes, CancellationToken cancellationToken) =>
        http.ProcessResponseAsync<RangeAnswer?>(
            new HttpSourceRequest(() =>
            {
                var request = HttpRequestMessageFactory.Create(HttpMethod.Get, uri, NullLogger.Instance);
                request.Headers.Range = range;
                return request;
            })
            {
                IgnoreNotFounds = true, // HttpSource reads headers only; the body is read below, bounded.
            },
            async response =>
            {
                if (response is { StatusCode: >= HttpStatusCode.InternalServerError })
                {
                    response.EnsureSuccessStatusCode(); // The source is failing now: worth asking again next run.
                }

                if (response is null || response.StatusCode != HttpStatusCode.PartialContent
                    || response.Content.Headers.ContentRange is not { From: { } from, Length: { } total })
                {
                    return null; // A server that ignores Range would send the whole package: read none of it.
                }

                var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    var bytes = await ReadAtMostAsync(stream, maxBytes, cancellationToken).ConfigureAwait(false);
                    return new RangeAnswer(from, total, bytes);
                }
            },
            NullLogger.Instance, cancellationToken);

    private static async Task<byte[]> ReadAtMostAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[maxBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
        {
            length += read;
        }

        return length == buffer.Length ? buffer : buffer.AsSpan(0, length).ToArray();
    }

    private static int? FindEndOfCentralDirectory(byte[] tail)
    {
        for (var i = tail.Length - 22; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == EndOfCentralDirectorySignature)
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>NuGet escapes entry names like URIs ("my%20file.txt"); the nuspec names the file unescaped.</summary>
    private static CentralEntry? FindEntry(byte[] directory, string entryPath)
    {
        var wanted = entryPath.Replace('\\', '/').TrimStart('/');
        var position = 0;
        while (position + 46 <= directory.Length && BinaryPrimitives.ReadUInt32LittleEndian(directory.AsSpan(position)) == CentralHeaderSignature)
        {
            var span = directory.AsSpan(position);
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(span[28..]);
            var next = position + 46 + nameLength + BinaryPrimitives.ReadUInt16LittleEndian(span[30..]) + BinaryPrimitives.ReadUInt16LittleEndian(span[32..]);
            if (position + 46 + nameLength > directory.Length)
            {
                return null;
            }

            var name = Encoding.UTF8.GetString(span.Slice(46, nameLength)).Replace('\\', '/');
            if (string.Equals(name, wanted, StringComparison.OrdinalIgnoreCase)
                || string.Equals(Uri.UnescapeDataString(name), wanted, StringComparison.OrdinalIgnoreCase))
            {
                return new CentralEntry(
                    Method: BinaryPrimitives.ReadUInt16LittleEndian(span[10..]),
                    Encrypted: (BinaryPrimitives.ReadUInt16LittleEndian(span[8..]) & 1) != 0,
                    CompressedSize: BinaryPrimitives.ReadUInt32LittleEndian(span[20..]),
                    UncompressedSize: BinaryPrimitives.ReadUInt32LittleEndian(span[24..]),
                    NameLength: nameLength,
                    LocalHeaderOffset: BinaryPrimitives.ReadUInt32LittleEndian(span[42..]));
            }

            position = next;
        }

        return null;
    }

    private static byte[]? Inflate(ReadOnlyMemory<byte> compressed, int method, int maxBytes)
    {
        if (method == 0)
        {
            return compressed.ToArray();
        }

        try
        {
            using var deflate = new DeflateStream(new MemoryStream(compressed.ToArray(), writable: false), CompressionMode.Decompress);
            var buffer = new byte[maxBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = deflate.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
            }

            return buffer.AsSpan(0, length).ToArray();
        }
        catch (InvalidDataException)
        {
            return null; // Damaged entry: the license stays unknown.
        }
    }

    private sealed record RangeAnswer(long Start, long Total, byte[] Bytes);

    private readonly record struct CentralEntry(int Method, bool Encrypted, long CompressedSize, long UncompressedSize, int NameLength, long LocalHeaderOffset);
}
