namespace TrustCheck.Core.FileSystem;

/// <summary>
/// Where a path really leads once every symbolic link along it (the file's and its folders') is followed, like
/// realpath(3) but without opening anything. Used to tell whether a model inside the project is really a file outside it.
/// </summary>
public static class RealPath
{
    /// <summary>As many link hops as Linux allows (MAXSYMLINKS) before calling it a loop.</summary>
    private const int MaxLinkHops = 40;

    /// <summary>The resolved full path, or null for a loop (or an unreadable link).</summary>
    public static string? Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full)!;
        var pending = new Queue<string>(Segments(full, current));
        var hops = 0;
        while (pending.Count > 0)
        {
            var next = Path.Combine(current, pending.Dequeue());
            string? target;
            try
            {
                target = new FileInfo(next).LinkTarget;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            if (target is null)
            {
                current = next;
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                return null;
            }

            // The link's target replaces this segment; what followed it is resolved against the target.
            var resolved = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target));
            var rest = pending.ToArray();
            current = Path.GetPathRoot(resolved)!;
            pending = new Queue<string>(Segments(resolved, current).Concat(rest));
        }

        return current;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or inside it (both already resolved).</summary>
    public static bool IsUnder(string path, string folder, StringComparison comparison)
    {
        var root = folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return path.Equals(root, comparison) || path.StartsWith(root + Path.DirectorySeparatorChar, comparison);
    }

    private static IEnumerable<string> Segments(string full, string root) =>
        full[root.Length..].Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}
