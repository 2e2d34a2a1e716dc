using TrustCheck.Core.Reporting;
using TrustCheck.Rules;

namespace TrustCheck.Core.Provenance;

/// <summary>
/// TC9007: lock entries that no checked project uses any more (a package that was removed or upgraded, a model that was
/// deleted or moved), so the lock stays a reviewable list of what the repository really ships. Only raised by a run that
/// covers everything the lock is for: the projects of its own folder (see the callers).
/// </summary>
internal static class UnusedLockEntries
{
    /// <param name="usedPackages">"Id@Version" of every package the projects resolved (any case).</param>
    /// <param name="usedModels">Lock keys (paths relative to the lock's folder, forward slashes) of every model file seen.</param>
    public static void Report(FindingCollector findings, Func<string, string> displayPath, string lockPath, TrustCheckLock lockFile,
        IEnumerable<string> usedPackages, IEnumerable<string> usedModels)
    {
        var packages = usedPackages.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var models = usedModels.ToHashSet(Models.ModelDiscovery.PathComparer);
        var shownLock = displayPath(lockPath);
        string[]? lines = null;

        foreach (var entry in lockFile.Packages.Where(p => !packages.Contains($"{p.Id}@{p.Version}")))
        {
            lines ??= ReadLines(lockPath);
            var subject = $"{entry.Id}@{entry.Version}";
            findings.Add(RuleIds.LockEntryUnused, subject,
                $"{shownLock} lists {subject}, which no checked project resolves any more. Run 'trustcheck lock' to drop it, so the lock shows only what ships.",
                new FindingLocation(shownLock, LineOf(lines, $"\"{entry.Id}\"", $"\"{entry.Version}\"")),
                new Dictionary<string, string>(StringComparer.Ordinal) { ["lock"] = shownLock, ["package"] = entry.Id, ["version"] = entry.Version });
        }

        foreach (var entry in lockFile.Models.Where(m => !models.Contains(m.Path.Replace('\\', '/'))))
        {
            lines ??= ReadLines(lockPath);
            findings.Add(RuleIds.LockEntryUnused, entry.Path,
                $"{shownLock} lists the model file {entry.Path}, which no checked project has any more. Run 'trustcheck lock' to drop it, so the lock shows only what ships.",
                new FindingLocation(shownLock, LineOf(lines, $"\"{entry.Path}\"", null)),
                new Dictionary<string, string>(StringComparer.Ordinal) { ["lock"] = shownLock, ["path"] = entry.Path });
        }
    }

    private static string[] ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>1-based line holding <paramref name="key"/> (with <paramref name="near"/> within the next few lines); null when not found.</summary>
    private static int? LineOf(string[] lines, string key, string? near)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].Contains(key, StringComparison.Ordinal))
            {
                continue;
            }

            if (near is null || lines.Skip(Math.Max(0, i - 3)).Take(7).Any(l => l.Contains(near, StringComparison.Ordinal)))
            {
                return i + 1;
            }
        }

        return null;
    }
}
