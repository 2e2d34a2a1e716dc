using System.Buffers;
using System.Security.Cryptography;
using TrustCheck.Core.FileSystem;

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
        // Only a regular file, and only the length it had when looked at: a link to /dev/zero must not hash forever.
        using var stream = RegularFile.OpenRead(path, FileOptions.SequentialScan, bufferSize: 0);
        return Sha256(stream, bytesHashed, cancellationToken);
    }

    /// <summary>
    /// Git's blob id: SHA-1 of <c>"blob {length}\0"</c> and the first <paramref name="length"/> bytes of <paramref name="stream"/>
    /// (fewer bytes than that gives a different id, which is the point). Hugging Face names small files' blobs this way.
    /// </summary>
#pragma warning disable CA5350 // Git's object id is SHA-1 by definition; this recomputes a name, it protects nothing by itself.
    public static string GitBlobSha1(Stream stream, long length)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        hash.AppendData(System.Text.Encoding.ASCII.GetBytes($"blob {length.ToString(System.Globalization.CultureInfo.InvariantCulture)}\0"));
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long remaining = length;
            while (remaining > 0)
            {
                var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                if (read == 0)
                {
                    break;
                }

                hash.AppendData(buffer, 0, read);
                remaining -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
#pragma warning restore CA5350

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
