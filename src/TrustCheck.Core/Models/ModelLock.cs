using System.Text;
using TrustCheck.Core.FileSystem;
using TrustCheck.Core.Provenance;
using TrustCheck.Core.Reporting;
using TrustCheck.Rules;

namespace TrustCheck.Core.Models;

/// <summary>
/// The models section of trustcheck.lock.json: one entry per file (a folder model locks each of its files), keyed by the
/// path relative to the lock file's folder. TC3001 not locked, TC3002 hash differs, TC3008 source not pinned.
/// </summary>
internal static class ModelLock
{
    /// <summary>Lock key of a file: relative to the lock file's folder, forward slashes.</summary>
    public static string KeyOf(CheckContext context, string fullPath)
    {
        var lockDirectory = Path.GetDirectoryName(context.LockFilePath) ?? context.WorkingDirectory;
        return Path.GetRelativePath(lockDirectory, fullPath).Replace('\\', '/');
    }

    public static LockedModel? Find(CheckContext context, string fullPath)
    {
        if (context.Lock is null)
        {
            return null;
        }

        var key = KeyOf(context, fullPath);
        var comparer = ModelDiscovery.PathComparer;
        return context.Lock.Models.FirstOrDefault(m => comparer.Equals(m.Path?.Replace('\\', '/'), key));
    }

    /// <summary>Checks the files of one model against the lock; fills <paramref name="provenance"/> (locked, source, revision).</summary>
    public static void Check(CheckContext context, string subject, IReadOnlyList<InspectedModelFile> files, ModelProvenanceReport provenance)
    {
        var unlocked = new List<InspectedModelFile>();
        var entries = new List<LockedModel>();
        foreach (var file in files)
        {
            var entry = Find(context, file.FullPath);
            if (entry is null)
            {
                unlocked.Add(file);
                continue;
            }

            entries.Add(entry);
            if (file.Sha256 is not null && (!string.Equals(entry.Sha256, file.Sha256, StringComparison.OrdinalIgnoreCase) || entry.Size != file.Size))
            {
                context.Findings.Add(RuleIds.ModelHashMismatch, subject,
                    $"{file.DisplayPath}: SHA-256 is {file.Sha256} ({file.Size} bytes) but trustcheck.lock.json recorded {entry.Sha256} ({entry.Size} bytes): "
                    + "the file changed since it was reviewed (re-download, corruption or tampering). Restore the locked file from its source, "
                    + "or review the new file and run 'trustcheck lock' to accept it.",
                    new FindingLocation(file.DisplayPath),
                    new Dictionary<string, string> { ["expected"] = entry.Sha256, ["actual"] = file.Sha256, ["lockPath"] = entry.Path });
            }
        }

        provenance.Locked = files.Count > 0 && unlocked.Count == 0;
        var sourced = entries.FirstOrDefault(e => !string.IsNullOrWhiteSpace(e.Source));
        provenance.Source = sourced?.Source ?? files.Select(f => f.Inspection?.SourceUrl).FirstOrDefault(s => !string.IsNullOrWhiteSpace(s));
        provenance.Revision = sourced?.Revision;

        ReportUnlocked(context, subject, files, unlocked);
        ReportUnpinned(context, subject, entries);
    }

    private static void ReportUnlocked(CheckContext context, string subject, IReadOnlyList<InspectedModelFile> files, List<InspectedModelFile> unlocked)
    {
        if (!context.Policy.Models.RequireLock || unlocked.Count == 0)
        {
            return;
        }

        if (unlocked.Count == files.Count)
        {
            var what = files.Count == 1 ? "is" : $"({files.Count} files) is";
            context.Findings.Add(RuleIds.ModelNotLocked, subject,
                $"{subject} {what} not in trustcheck.lock.json, so a changed or swapped file would go unnoticed. "
                + "Review it, then run 'trustcheck lock' to record its SHA-256 (add its source URL and revision to the entry).",
                new FindingLocation(subject));
            return;
        }

        // Part of a locked model is new: name each file, since an added file in a reviewed folder is exactly what to look at.
        foreach (var file in unlocked)
        {
            context.Findings.Add(RuleIds.ModelNotLocked, subject,
                $"{file.DisplayPath} is new in the locked model {subject}: it is not in trustcheck.lock.json. "
                + "Check where it came from, then run 'trustcheck lock' to record it (or delete it).",
                new FindingLocation(file.DisplayPath));
        }
    }

    private static void ReportUnpinned(CheckContext context, string subject, List<LockedModel> entries)
    {
        foreach (var group in entries.Where(e => !string.IsNullOrWhiteSpace(e.Source)).GroupBy(e => (e.Source!, e.Revision)))
        {
            var (source, revision) = group.Key;
            if (SourcePin.WhyUnpinned(source, revision) is not { } why)
            {
                continue;
            }

            context.Findings.Add(RuleIds.ModelSourceUnpinned, subject,
                $"{subject}: source {source} is not pinned: {why}. The same URL can serve different bytes tomorrow, so the lock cannot be reproduced. "
                + "Use a URL with the commit (e.g. …/resolve/<40-hex commit>/file) or set \"revision\" to the commit or sha256 digest in trustcheck.lock.json.",
                new FindingLocation(group.First().Path),
                new Dictionary<string, string> { ["source"] = source, ["revision"] = revision ?? "" });
        }
    }

    /// <summary>Lock entries for every hashed file; source and revision of an existing entry survive re-locking.</summary>
    public static IEnumerable<LockedModel> CreateEntries(CheckContext context)
    {
        foreach (var (file, license) in context.ModelFiles)
        {
            if (file.Sha256 is null)
            {
                continue;
            }

            var existing = Find(context, file.FullPath);
            yield return new LockedModel
            {
                Path = KeyOf(context, file.FullPath),
                Size = file.Size,
                Sha256 = file.Sha256,
                Source = existing?.Source ?? file.Inspection?.SourceUrl,
                Revision = existing?.Revision ?? HubDownloadMetadata.Commit(file),
                License = license ?? existing?.License,
                Format = file.Format,
            };
        }
    }
}

/// <summary>
/// huggingface_hub's local-dir downloads leave <c>.cache/huggingface/download/&lt;file&gt;.metadata</c> (commit, etag, time).
/// Its commit pins the file, so a new lock entry starts out with it as revision.
/// </summary>
internal static class HubDownloadMetadata
{
    public static string? Commit(InspectedModelFile file)
    {
        if (file.FolderRoot is null)
        {
            return null;
        }

        var relative = Path.GetRelativePath(file.FolderRoot, file.FullPath);
        var metadata = Path.Combine(file.FolderRoot, ".cache", "huggingface", "download", relative + ".metadata");
        try
        {
            var info = new FileInfo(metadata);
            if (!info.Exists || info.Length > 4096)
            {
                return null;
            }

            var commit = Encoding.UTF8.GetString(RegularFile.ReadAllBytes(metadata, 4096)).Split('\n')[0].Trim();
            return commit is { Length: 40 } && commit.All(Uri.IsHexDigit) ? commit.ToLowerInvariant() : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
