using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using TrustCheck.Core.FileSystem;

namespace TrustCheck.Core.Provenance;

/// <summary>
/// (full path, size, last-write ticks) → sha256, so incremental builds don't rehash gigabytes of unchanged weights.
/// Stored as TSV (<c>sha256 TAB size TAB ticks TAB path</c>), replaced atomically; an unreadable cache is simply empty.
/// </summary>
public sealed class HashCache
{
    private const string Header = "# trustcheck hash cache v1: sha256\tsize\tlastWriteTimeUtcTicks\tfullPath";

    private readonly string? _path;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _computed;
    private bool _dirty;

    private HashCache(string? path)
    {
        _path = path;
    }

    /// <summary>How many files this instance actually hashed (cache misses).</summary>
    public int ComputedCount => _computed;

    /// <summary>A cache backed by <paramref name="path"/>, or an in-memory one when it is null.</summary>
    public static HashCache Open(string? path)
    {
        var cache = new HashCache(path is null ? null : Path.GetFullPath(path));
        cache.Load();
        return cache;
    }

    private static readonly ConcurrentDictionary<string, HashCache> Shared = new(StringComparer.Ordinal);

    /// <summary>
    /// One instance per file for the life of the process: the projects an MSBuild node builds one after another share
    /// what they hashed (a solution-wide cache file is read once per node, not once per project). Entries stay valid
    /// only while path, size and modification time match, so a long-lived node never serves a stale hash.
    /// </summary>
    public static HashCache OpenShared(string? path)
    {
        if (path is null)
        {
            return Open(null);
        }

        var cache = Shared.GetOrAdd(Path.GetFullPath(path), full => Open(full));
        cache.RefreshIfChangedOnDisk();
        return cache;
    }

    /// <summary>(length, last-write ticks) of the file when this instance last read or wrote it.</summary>
    private (long Length, long Ticks) _seen = (-1, -1);

    /// <summary>Another process (build node) rewrote the file since we last saw it: take its entries, which are as valid as ours.</summary>
    private void RefreshIfChangedOnDisk()
    {
        if (_path is not null && StampOf(_path) != _seen)
        {
            lock (_entries)
            {
                Load();
            }
        }
    }

    private static (long Length, long Ticks) StampOf(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.Length, info.LastWriteTimeUtc.Ticks) : (-1, -1);
    }

    /// <summary>SHA-256 of <paramref name="file"/>: from the cache when path, size and modification time still match, else computed.</summary>
    public string GetSha256(FileInfo file, CancellationToken cancellationToken = default) => GetSha256(file, bytesHashed: null, cancellationToken);

    /// <summary>As <see cref="GetSha256(FileInfo, CancellationToken)"/>; <paramref name="bytesHashed"/> follows the hashing when the cache misses.</summary>
    public string GetSha256(FileInfo file, Action<long>? bytesHashed, CancellationToken cancellationToken = default) =>
        GetSha256(RegularFile.Inspect(file.FullName), bytesHashed, cancellationToken);

    /// <summary>As <see cref="GetSha256(FileInfo, CancellationToken)"/> for a file already inspected: hashes at most its inspected length.</summary>
    public string GetSha256(RegularFile file, Action<long>? bytesHashed, CancellationToken cancellationToken = default)
    {
        var fullPath = file.Path;
        var size = file.Length;
        var ticks = file.LastWriteTimeUtc.Ticks;
        if (_entries.TryGetValue(fullPath, out var cached) && cached.Size == size && cached.Ticks == ticks)
        {
            return cached.Sha256;
        }

        var sha256 = HashPrefetch.Take(file);
        if (sha256 is null)
        {
            using var stream = file.OpenRead(FileOptions.SequentialScan, bufferSize: 0);
            sha256 = FileHasher.Sha256(stream, bytesHashed, cancellationToken);
        }

        Interlocked.Increment(ref _computed);
        _entries[fullPath] = new Entry(sha256, size, ticks);
        _dirty = true;
        return sha256;
    }

    /// <summary>Keys of git blob entries: full paths never start with it, so they share the file without a format change.</summary>
    private const string GitBlobKeyPrefix = "git-blob-sha1:";

    /// <summary>Keys of facts derived from a file's content (<see cref="GetFact"/>): <c>fact/KIND:FULLPATH</c>.</summary>
    private const string FactKeyPrefix = "fact/";

    /// <summary>
    /// A short fact computed from <paramref name="file"/>'s content (e.g. which license text it is): from the cache while
    /// path, size and modification time still match, else computed by <paramref name="compute"/> and kept. Facts are
    /// 1–128 characters of <c>[A-Za-z0-9._:+|-]</c> (anything else is not cached); <paramref name="kind"/> names the question
    /// and should carry a version, so a changed rule set does not read old answers.
    /// </summary>
    public string GetFact(string kind, RegularFile file, Func<string> compute)
    {
        var key = FactKeyPrefix + kind + ":" + file.Path;
        var size = file.Length;
        var ticks = file.LastWriteTimeUtc.Ticks;
        if (_entries.TryGetValue(key, out var cached) && cached.Size == size && cached.Ticks == ticks)
        {
            return cached.Sha256;
        }

        var fact = compute();
        if (IsFact(fact))
        {
            _entries[key] = new Entry(fact, size, ticks);
            _dirty = true;
        }

        return fact;
    }

    private static bool IsFact(string value) =>
        value.Length is > 0 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '+' or '|' or '-');

    /// <summary>
    /// Git's blob id of <paramref name="file"/>, <c>sha1("blob {size}\0" + content)</c>, as the Hugging Face cache names small
    /// files' blobs: from the cache when path, size and modification time still match, else computed (a content check, not security).
    /// </summary>
    public string GetGitBlobSha1(RegularFile file)
    {
        var key = GitBlobKeyPrefix + file.Path;
        var size = file.Length;
        var ticks = file.LastWriteTimeUtc.Ticks;
        if (_entries.TryGetValue(key, out var cached) && cached.Size == size && cached.Ticks == ticks)
        {
            return cached.Sha256;
        }

        string sha1;
        using (var stream = file.OpenRead(FileOptions.SequentialScan, bufferSize: 0))
        {
            sha1 = FileHasher.GitBlobSha1(stream, size);
        }

        Interlocked.Increment(ref _computed);
        _entries[key] = new Entry(sha1, size, ticks);
        _dirty = true;
        return sha1;
    }

    /// <summary>
    /// Writes the cache when something changed (or its file was deleted): to a temp file beside it, then renamed over it
    /// (readers never see half a file). Entries another process wrote meanwhile (a solution's projects build on several
    /// nodes) are merged in first, so a parallel build loses no hashes; ours win where both have a path.
    /// </summary>
    public void Save()
    {
        // Also written when missing with nothing new: the build lists it as an output, so a deleted cache comes back.
        if (_path is null || (!_dirty && File.Exists(_path)))
        {
            return;
        }

        lock (_entries)
        {
            MergeFromDisk();
            Write();
        }
    }

    private void MergeFromDisk()
    {
        if (_path is null)
        {
            return;
        }

        try
        {
            if (!File.Exists(_path))
            {
                return;
            }

            using var reader = new StreamReader(RegularFile.OpenRead(_path), new UTF8Encoding(false));
            while (reader.ReadLine() is { } line)
            {
                if (TryParse(line, out var fullPath, out var entry))
                {
                    _entries.TryAdd(fullPath, entry);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Someone else's entries are an optimisation too: write ours.
        }
    }

    private void Write()
    {
        var target = _path!;
        var text = new StringBuilder(Header).Append('\n');
        foreach (var (path, entry) in _entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.Append(entry.Sha256).Append('\t')
                .Append(entry.Size.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(entry.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(path).Append('\n');
        }

        AtomicFile.WriteAllText(target, text.ToString());
        _dirty = false;
        _seen = StampOf(target);
    }

    private void Load()
    {
        if (_path is null || !File.Exists(_path))
        {
            return;
        }

        try
        {
            _seen = StampOf(_path);
            using var reader = new StreamReader(RegularFile.OpenRead(_path), new UTF8Encoding(false));
            while (reader.ReadLine() is { } line)
            {
                if (TryParse(line, out var fullPath, out var entry))
                {
                    _entries[fullPath] = entry;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A cache is an optimisation: when it cannot be read, everything is hashed again and the file rewritten.
            _entries.Clear();
            _dirty = true;
        }
    }

    private static bool TryParse(string line, out string fullPath, out Entry entry)
    {
        fullPath = "";
        entry = default;
        if (line.Length == 0 || line[0] == '#')
        {
            return false;
        }

        var parts = line.Split('\t', 4);
        var isFact = parts.Length == 4 && parts[3].StartsWith(FactKeyPrefix, StringComparison.Ordinal);
        var hashLength = parts.Length == 4 && parts[3].StartsWith(GitBlobKeyPrefix, StringComparison.Ordinal) ? 40 : 64;
        if (parts.Length != 4 || (isFact ? !IsFact(parts[0]) : parts[0].Length != hashLength || !parts[0].All(Uri.IsHexDigit))
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || !long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ticks))
        {
            return false;
        }

        fullPath = parts[3];
        entry = new Entry(isFact ? parts[0] : parts[0].ToLowerInvariant(), size, ticks);
        return true;
    }

    private readonly record struct Entry(string Sha256, long Size, long Ticks);
}
