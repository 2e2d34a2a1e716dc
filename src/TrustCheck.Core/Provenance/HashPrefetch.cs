using System.Collections.Concurrent;
using TrustCheck.Core.FileSystem;

namespace TrustCheck.Core.Provenance;

/// <summary>
/// Starts hashing the large files a check was explicitly given before its set-up (policy, lock, discovery, detection)
/// runs, so `trustcheck scan big.gguf` costs about max(set-up, hash) instead of their sum on a machine with a spare core.
/// Only when no persistent hash cache could make the work unnecessary (the CLI keeps none; MSBuild builds do) and no
/// progress display follows the hashing (the CLI shows one only on a terminal).
/// </summary>
internal static class HashPrefetch
{
    private static readonly ConcurrentDictionary<string, Pending> Started = new(StringComparer.Ordinal);

    /// <summary>For each explicit model path that is a regular file of at least <see cref="BackgroundHash.MinimumSize"/>.</summary>
    public static void StartForExplicitFiles(CheckOptions options)
    {
        // With a progress display (a terminal) the hash stays where it reports progress per file.
        if ((options.UseCaches && options.HashCachePath is not null) || options.ModelReferences.Count > 0 || options.Shared is not null
            || options.Progress is not null)
        {
            return;
        }

        var workingDirectory = Path.GetFullPath(options.WorkingDirectory ?? Directory.GetCurrentDirectory());
        foreach (var input in options.ModelPaths.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            RegularFile file;
            try
            {
                file = RegularFile.Inspect(Path.GetFullPath(input, workingDirectory));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                continue; // a folder, a FIFO (NotRegularFileException), a missing path: the check reports it; nothing to hash ahead
            }

            if (file.Length >= BackgroundHash.MinimumSize && !Started.ContainsKey(file.Path))
            {
                Started[file.Path] = new Pending(file.Length, file.LastWriteTimeUtc.Ticks, Task.Run(() => Hash(file)));
            }
        }
    }

    /// <summary>The digest started for <paramref name="file"/> (same path, length and time), waited for; null when none was.</summary>
    public static string? Take(RegularFile file)
    {
        if (!Started.TryRemove(file.Path, out var pending) || pending.Length != file.Length || pending.Ticks != file.LastWriteTimeUtc.Ticks)
        {
            return null;
        }

        return pending.Digest.GetAwaiter().GetResult();
    }

    private static string Hash(RegularFile file)
    {
        using var stream = file.OpenRead(FileOptions.SequentialScan, bufferSize: 0);
        return FileHasher.Sha256(stream);
    }

    private sealed record Pending(long Length, long Ticks, Task<string> Digest);
}
