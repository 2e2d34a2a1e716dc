using System.Buffers;
using System.Security.Cryptography;

namespace TrustCheck.Core.Provenance;

/// <summary>
/// Streams a file through SHA-256 at disk speed: large unbuffered reads (the FileStream's own buffer would only add a copy),
/// sequential-scan hint, and the next block is read while the current one is hashed so I/O and hashing overlap.
/// </summary>
public static class FileHasher
{
    /// <summary>1 MiB blocks: big enough that per-call overhead vanishes, small enough to stay in L2/L3.</summary>
    public const int BlockSize = 1 << 20;

    /// <summary>Lower-case hex SHA-256 of the file's bytes.</summary>
    public static string Sha256(string path, CancellationToken cancellationToken = default) => Sha256(path, bytesHashed: null, cancellationToken);

    /// <summary>Lower-case hex SHA-256 of the file's bytes; <paramref name="bytesHashed"/> gets the running total after each full block.</summary>
    public static string Sha256(string path, Action<long>? bytesHashed, CancellationToken cancellationToken = default)
    {
        if (new FileInfo(path).Length >= MapThreshold)
        {
            return MappedSha256(path, bytesHashed, cancellationToken);
        }

        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read | FileShare.Delete,
            BufferSize = 0,
            Options = FileOptions.SequentialScan,
        });
        return Sha256(stream, bytesHashed, cancellationToken);
    }

    /// <summary>Lower-case hex SHA-256 of the rest of <paramref name="stream"/>.</summary>
    public static string Sha256(Stream stream, CancellationToken cancellationToken = default) => Sha256(stream, bytesHashed: null, cancellationToken);

    /// <summary>Lower-case hex SHA-256 of the rest of <paramref name="stream"/>; <paramref name="bytesHashed"/> gets the running total after each full block.</summary>
    public static string Sha256(Stream stream, Action<long>? bytesHashed, CancellationToken cancellationToken = default)
    {
        var current = ArrayPool<byte>.Shared.Rent(BlockSize);
        var next = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            return Sha256(stream, current, next, bytesHashed, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }
    }

    private static string Sha256(Stream stream, byte[] current, byte[] next, Action<long>? bytesHashed, CancellationToken cancellationToken)
    {
        var read = ReadBlock(stream, current);
        if (read < BlockSize)
        {
            // Small file (the common case in a folder of configs and tokenizers): one call, no read-ahead task.
            return Convert.ToHexStringLower(SHA256.HashData(current.AsSpan(0, read)));
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        while (read > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (read < BlockSize)
            {
                // A short block means end of file (ReadBlock fills whole blocks otherwise): no read-ahead needed.
                hash.AppendData(current, 0, read);
                break;
            }

            var buffer = next;
            var readAhead = Task.Run(() => ReadBlock(stream, buffer), cancellationToken);
            hash.AppendData(current, 0, read);
            total += read;
            bytesHashed?.Invoke(total);
            read = readAhead.GetAwaiter().GetResult();
            (current, next) = (next, current);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Files at least this large are hashed from a memory mapping: no copy through a read buffer.</summary>
    private const long MapThreshold = 64L << 20;

    /// <summary>
    /// Hashes the page cache directly through a read-only mapping: read() would copy every byte once more before the
    /// hash sees it, which on a warm cache costs about a fifth of the hashing itself.
    /// </summary>
    private static unsafe string MappedSha256(string path, Action<long>? bytesHashed, CancellationToken cancellationToken)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.SequentialScan);
        var length = file.Length;
        using var map = System.IO.MemoryMappedFiles.MemoryMappedFile.CreateFromFile(
            file, null, 0, System.IO.MemoryMappedFiles.MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        using var view = map.CreateViewAccessor(0, length, System.IO.MemoryMappedFiles.MemoryMappedFileAccess.Read);
        byte* start = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        try
        {
            start += view.PointerOffset;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            for (long offset = 0; offset < length; offset += BlockSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = (int)Math.Min(BlockSize, length - offset);
                hash.AppendData(new ReadOnlySpan<byte>(start + offset, count));
                bytesHashed?.Invoke(offset + count);
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    /// <summary>Fills <paramref name="buffer"/> unless the stream ends first; returns the bytes read.</summary>
    private static int ReadBlock(Stream stream, byte[] buffer)
    {
        var total = 0;
        while (total < BlockSize)
        {
            var n = stream.Read(buffer, total, BlockSize - total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
