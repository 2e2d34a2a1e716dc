using TrustCheck.Core.FileSystem;
using System.Text.Json;
using TrustCheck.Core.Licensing;

namespace TrustCheck.Core.Remote;

/// <summary>
/// Reads the Hugging Face hub cache: <c>models--ORG--NAME/refs/&lt;revision&gt;</c> → commit, <c>snapshots/&lt;commit&gt;/…</c>
/// (symbolic links into the repository's <c>blobs/</c>, or plain copies where links are unavailable). LFS blobs are named by
/// their SHA-256 and verified. A link that leads anywhere but this repository's <c>blobs/</c> is reported, never followed.
/// </summary>
internal static class HuggingFaceCache
{
    /// <summary>Bounds the snapshot walk; real repositories hold at most a few thousand files.</summary>
    private const int MaxFiles = 20_000;

    // JsonDocument, not the reflection-based serializer (whose first use is ~20 ms of JIT).
    private static readonly Lazy<string[]> LicenseFileNames = new(() =>
    {
        using var document = JsonDocument.Parse(EmbeddedData.ReadText("stores/license-file-names.json"));
        return document.RootElement.EnumerateArray().Select(e => e.GetString()!).ToArray();
    });

    public static string RepositoryFolder(string cache, ModelReference reference) =>
        Path.Combine(cache, $"models--{reference.Namespace}--{reference.Name}");

    /// <summary>Every cached model repository as a reference (bare <c>hf:</c>): its <c>main</c> ref, else each snapshot by commit.</summary>
    public static IReadOnlyList<ModelReference> List(string cache)
    {
        var result = new List<ModelReference>();
        if (!Directory.Exists(cache))
        {
            return result;
        }

        foreach (var repository in SafeEntries(() => Directory.EnumerateDirectories(cache, "models--*")))
        {
            var parts = Path.GetFileName(repository).Split("--");
            if (parts.Length != 3)
            {
                continue;
            }

            var id = $"{ModelReference.HuggingFacePrefix}{parts[1]}/{parts[2]}";
            var revisions = File.Exists(Path.Combine(repository, "refs", ModelReference.HuggingFaceDefaultRevision))
                ? [""]
                : SafeEntries(() => Directory.EnumerateDirectories(Path.Combine(repository, "snapshots"))).Select(s => "@" + Path.GetFileName(s));
            foreach (var revision in revisions)
            {
                if (ModelReference.TryParse(id + revision, out var reference, out _))
                {
                    result.Add(reference!);
                }
            }
        }

        return result.OrderBy(r => r.Canonical, StringComparer.Ordinal).ToList();
    }

    public static StoreLookup Resolve(string cache, ModelReference reference)
    {
        var repository = RepositoryFolder(cache, reference);
        if (!Directory.Exists(repository))
        {
            return StoreLookup.NotInStore($"no folder {repository}");
        }

        var commit = IsCommit(reference.Version) ? reference.Version.ToLowerInvariant() : null;
        if (commit is null)
        {
            var refFile = Path.Combine(new[] { repository, "refs" }.Concat(reference.Version.Split('/')).ToArray());
            if (!File.Exists(refFile))
            {
                return StoreLookup.NotInStore($"no ref {refFile} (revision '{reference.Version}' was never downloaded)");
            }

            var text = ReadSmallText(refFile);
            if (text is null || !IsCommit(text))
            {
                return StoreLookup.Corrupt($"the ref {refFile} does not hold a 40-hex commit.", refFile);
            }

            commit = text.ToLowerInvariant();
        }

        var snapshot = Path.Combine(repository, "snapshots", commit);
        if (!Directory.Exists(snapshot))
        {
            return commit == reference.Version.ToLowerInvariant()
                ? StoreLookup.NotInStore($"no snapshot {snapshot}")
                : StoreLookup.Corrupt($"revision '{reference.Version}' points at commit {commit}, but the snapshot {snapshot} is missing.", snapshot);
        }

        var model = new StoreModel { Reference = reference, Path = snapshot, IsFolder = true, Revision = commit };
        Walk(model, snapshot, Path.Combine(repository, "blobs"));
        model.Files.Sort(StringComparer.Ordinal);
        return StoreLookup.Found(model);
    }

    private static void Walk(StoreModel model, string snapshot, string blobs)
    {
        var pending = new Stack<string>();
        pending.Push(snapshot);
        while (pending.Count > 0 && model.Files.Count < MaxFiles)
        {
            foreach (var entry in SafeEntries(() => new DirectoryInfo(pending.Pop()).EnumerateFileSystemInfos()))
            {
                var relative = Path.GetRelativePath(snapshot, entry.FullName).Replace('\\', '/');
                if (entry.LinkTarget is { } target)
                {
                    AddLink(model, entry, target, relative, blobs);
                }
                else if (entry is DirectoryInfo directory)
                {
                    pending.Push(directory.FullName);
                }
                else if (entry is FileInfo file && (file.Attributes & (FileAttributes.Device | FileAttributes.ReparsePoint)) == 0)
                {
                    // A plain copy (Windows without symlink rights): nothing names its hash, so the lock is its check.
                    Add(model, file.FullName, relative, expectedSha256: null);
                    model.PlainCopies.Add(file.FullName);
                }
                else
                {
                    model.Problems.Add(new StoreProblem($"snapshot entry {relative} is neither a regular file nor a link into the repository's blobs/; it was not read.", entry.FullName));
                }
            }
        }
    }

    private static void AddLink(StoreModel model, FileSystemInfo link, string target, string relative, string blobs)
    {
        var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(link.FullName)!, target));
        var blob = new FileInfo(resolved);
        if (!ModelDiscoveryComparer.Equals(Path.GetDirectoryName(resolved), Path.GetFullPath(blobs)))
        {
            model.Problems.Add(new StoreProblem($"snapshot file {relative} is a link to {resolved}, outside this repository's blobs/ folder; it was not followed.", link.FullName));
            return;
        }

        if (!blob.Exists || (blob.Attributes & FileAttributes.ReparsePoint) != 0 || link is DirectoryInfo)
        {
            model.Problems.Add(new StoreProblem(blob.Exists
                ? $"snapshot file {relative} links to {resolved}, which is not a regular blob file; it was not followed."
                : $"snapshot file {relative} links to the blob {Path.GetFileName(resolved)}, which is missing from the cache.", link.FullName));
            return;
        }

        // LFS files are stored under their SHA-256; small git files under their git blob SHA-1: both are checked.
        var name = blob.Name;
        Add(model, link.FullName, relative, IsLowerHex(name, 64) ? name : null, IsLowerHex(name, 40) ? name : null);
    }

    private static bool IsLowerHex(string name, int length) => name.Length == length && name.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static void Add(StoreModel model, string path, string relative, string? expectedSha256, string? expectedGitBlob = null)
    {
        model.Files.Add(path);
        model.FileNames[path] = relative;
        if (expectedSha256 is not null)
        {
            model.ExpectedSha256[path] = expectedSha256;
        }

        if (expectedGitBlob is not null)
        {
            model.ExpectedGitBlob[path] = expectedGitBlob;
        }

        var name = Path.GetFileName(relative);
        if (!relative.Contains('/') && LicenseFileNames.Value.Any(n => n.EndsWith('*')
                ? name.StartsWith(n[..^1], StringComparison.OrdinalIgnoreCase)
                : name.Equals(n, StringComparison.OrdinalIgnoreCase)))
        {
            model.LicenseFiles.Add(path);
        }
    }

    private static bool IsCommit(string text) => text.Length == 40 && text.All(Uri.IsHexDigit);

    private static string? ReadSmallText(string path)
    {
        try
        {
            return new FileInfo(path).Length > 1024 ? null : RegularFile.ReadAllText(path, 1024).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static List<T> SafeEntries<T>(Func<IEnumerable<T>> enumerate)
    {
        try
        {
            return enumerate().ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static StringComparer ModelDiscoveryComparer => Models.ModelDiscovery.PathComparer;
}
