using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

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

    /// <summary>SHA-256 of <paramref name="file"/>: from the cache when path, size and modification time still match, else computed.</summary>
    public string GetSha256(FileInfo file, CancellationToken cancellationToken = default) => GetSha256(file, bytesHashed: null, cancellationToken);

    /// <summary>As <see cref="GetSha256(FileInfo, CancellationToken)"/>; <paramref name="bytesHashed"/> follows the hashing when the cache misses.</summary>
    public string GetSha256(FileInfo file, Action<long>? bytesHashed, CancellationToken cancellationToken = default)
    {
        var fullPath = file.FullName;
        // A symbolic link (Hugging Face cache snapshots) changes when its target does: size and time are the target's.
        var content = file.LinkTarget is null ? file : file.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? file;
        var size = content.Length;
        var ticks = content.LastWriteTimeUtc.Ticks;
        if (_entries.TryGetValue(fullPath, out var cached) && cached.Size == size && cached.Ticks == ticks)
        {
            return cached.Sha256;
        }

        var sha256 = FileHasher.Sha256(fullPath, bytesHashed, cancellationToken);
        Interlocked.Increment(ref _computed);
        _entries[fullPath] = new Entry(sha256, size, ticks);
        _dirty = true;
        return sha256;
    }

    /// <summary>Writes the cache when something changed: to a temp file beside it, then renamed over it (readers never see half a file).</summary>
    public void Save()
    {
        if (_path is null || !_dirty)
        {
            return;
        }

        var text = new StringBuilder(Header).Append('\n');
        foreach (var (path, entry) in _entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.Append(entry.Sha256).Append('\t')
                .Append(entry.Size.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(entry.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(path).Append('\n');
        }

        var directory = Path.GetDirectoryName(_path)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(_path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, text.ToString(), new UTF8Encoding(false));
            File.Move(temp, _path, overwrite: true);
            _dirty = false;
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    private void Load()
    {
        if (_path is null || !File.Exists(_path))
        {
            return;
        }

        try
        {
            foreach (var line in File.ReadLines(_path))
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
        if (parts.Length != 4 || parts[0].Length != 64 || !parts[0].All(Uri.IsHexDigit)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || !long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ticks))
        {
            return false;
        }

        fullPath = parts[3];
        entry = new Entry(parts[0].ToLowerInvariant(), size, ticks);
        return true;
    }

    private readonly record struct Entry(string Sha256, long Size, long Ticks);
}
