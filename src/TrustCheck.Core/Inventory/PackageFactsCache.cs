using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using NuGet.Packaging.Core;
using TrustCheck.Core.FileSystem;

namespace TrustCheck.Core.Inventory;

/// <summary>
/// Package facts (nuspec, license identification, signature walk, content hash) kept for the life of the process:
/// an MSBuild node checks one project after another, and the second project that uses a package pays nothing for it.
/// Keyed by the package folder and the identity (size, last write time) of its <c>.nupkg.metadata</c>, which restore
/// rewrites whenever it extracts the folder again, so a re-extracted or replaced package is read afresh. A look-up is
/// one stat of that file: a warm node checks each project's ~40 packages without reading or hashing anything. Facts
/// are never changed after reading (rules replace a report's license, they do not edit it), so one instance serves
/// every project.
/// </summary>
public static class PackageFactsCache
{
    /// <summary>More distinct package folders than any solution restores; past it the cache starts over instead of growing.</summary>
    private const int MaxEntries = 20_000;

    /// <summary>A .nupkg.metadata is ~200 bytes; a larger one is not cached (it is read, and reported, by the reader).</summary>
    private const long MaxMetadataBytes = 64 * 1024;

    private static readonly ConcurrentDictionary<string, PackageFacts> Entries = new(StringComparer.Ordinal);
    private static int _reads;

    /// <summary>How many package folders this process actually read (cache misses); for tests and benchmarks.</summary>
    public static int ReadCount => Volatile.Read(ref _reads);

    /// <summary>
    /// The cached facts of the package at <paramref name="installPath"/> when its folder and metadata are unchanged;
    /// never reads the folder and never throws: anything odd is a miss, and <see cref="GetOrRead"/> then reports it.
    /// </summary>
    public static bool TryGet(string installPath, [NotNullWhen(true)] out PackageFacts? facts)
    {
        facts = null;
        try
        {
            return KeyOf(installPath) is { } key && Entries.TryGetValue(key, out facts);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return false;
        }
    }

    /// <summary>The facts of the package at <paramref name="installPath"/>: from the cache when the folder and its metadata are unchanged.</summary>
    public static PackageFacts GetOrRead(string installPath, Func<PackageFacts> read)
    {
        var key = KeyOf(installPath);
        if (key is not null && Entries.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var facts = read();
        Interlocked.Increment(ref _reads);
        // Facts with problems (unreadable nuspec, …) may be a restore in progress: read them again next time.
        if (key is not null && facts.Problems.Count == 0)
        {
            if (Entries.Count >= MaxEntries)
            {
                Entries.Clear();
            }

            Entries[key] = facts;
        }

        return facts;
    }

    /// <summary>Folder + size and last write time of .nupkg.metadata; null (not cacheable) when it is missing or no regular file.</summary>
    private static string? KeyOf(string installPath)
    {
        var metadataPath = Path.Combine(installPath, PackagingCoreConstants.NupkgMetadataFileExtension);
        try
        {
            var metadata = RegularFile.Inspect(metadataPath);
            if (metadata.Length > MaxMetadataBytes)
            {
                return null;
            }

            return string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFullPath(installPath)}|{metadata.Length}|{metadata.LastWriteTimeUtc.Ticks}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Missing (FileNotFoundException), a FIFO or device (NotRegularFileException), unreadable: read, don't cache.
            return null;
        }
    }
}
