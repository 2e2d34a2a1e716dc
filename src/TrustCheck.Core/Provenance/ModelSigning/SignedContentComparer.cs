using System.Buffers;
using System.IO.Enumeration;
using System.Security.Cryptography;
using TrustCheck.Core.FileSystem;

namespace TrustCheck.Core.Provenance.ModelSigning;

/// <summary>
/// Compares what is on disk with what was signed: every signed file must exist with the signed sha256, and no
/// other file may be present unless an ignore path (policy or recorded in the signature) or the signature itself.
/// </summary>
internal static class SignedContentComparer
{
    private const int MaxProblemsNamed = 5;

    /// <summary>Verifies one signed file (resource "."). Returns how many files were compared.</summary>
    public static int CompareFile(string file, SignedManifest manifest, Func<string, string> sha256Of)
    {
        if (!manifest.IsSingleFile)
        {
            throw new SignatureCheckFailedException(
                $"the signature covers a folder ({manifest.Resources.Count} files), not the single file '{Path.GetFileName(file)}'");
        }

        var actual = sha256Of(file);
        if (actual != manifest.Resources[0].Sha256Hex)
        {
            throw new SignatureCheckFailedException(
                $"file '{Path.GetFileName(file)}' changed since signing: sha256 {actual} differs from the signed {manifest.Resources[0].Sha256Hex}");
        }

        return 1;
    }

    /// <summary>Verifies a signed folder. Returns how many files were compared.</summary>
    public static int CompareFolder(string root, string signatureFile, SignedManifest manifest, IReadOnlyList<string> policyIgnorePaths, Func<string, string> sha256Of)
    {
        var ignore = new IgnoreRules(policyIgnorePaths.Concat(manifest.IgnorePaths));
        var signatureName = RelativeName(root, signatureFile);
        var onDisk = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (name, fullPath, isLink) in Walk(root))
        {
            if (name == signatureName || ignore.Matches(name))
            {
                continue;
            }

            if (isLink)
            {
                problems.Add($"'{name}' is a symbolic link; OMS signatures do not cover links");
                continue;
            }

            onDisk[name] = fullPath;
        }

        if (manifest.IsSingleFile)
        {
            return CompareSingleFileInFolder(onDisk, manifest, problems, sha256Of);
        }

        var signed = manifest.Resources.Where(r => !ignore.Matches(r.Name)).ToList();
        foreach (var resource in signed)
        {
            if (!onDisk.Remove(resource.Name, out var fullPath))
            {
                problems.Add($"signed file '{resource.Name}' is missing");
                continue;
            }

            var actual = sha256Of(fullPath);
            if (actual != resource.Sha256Hex)
            {
                problems.Add($"file '{resource.Name}' changed since signing: sha256 {actual} differs from the signed {resource.Sha256Hex}");
            }
        }

        problems.AddRange(onDisk.Keys.Order(StringComparer.Ordinal)
            .Select(name => $"file '{name}' is not covered by the signature (extra file; add it to models.signing.ignorePaths if it is not part of the model)"));

        if (problems.Count > 0)
        {
            var named = string.Join("; ", problems.Take(MaxProblemsNamed));
            var more = problems.Count > MaxProblemsNamed ? $"; and {problems.Count - MaxProblemsNamed} more" : "";
            throw new SignatureCheckFailedException(named + more);
        }

        return signed.Count;
    }

    /// <summary>A single-file signature (resource ".") found as the folder's model.sig: the folder must hold exactly that one file.</summary>
    private static int CompareSingleFileInFolder(Dictionary<string, string> onDisk, SignedManifest manifest, List<string> problems, Func<string, string> sha256Of)
    {
        if (problems.Count == 0 && onDisk.Count == 1)
        {
            var (name, fullPath) = onDisk.Single();
            var actual = sha256Of(fullPath);
            if (actual == manifest.Resources[0].Sha256Hex)
            {
                return 1;
            }

            problems.Add($"file '{name}' changed since signing: sha256 {actual} differs from the signed {manifest.Resources[0].Sha256Hex}");
        }
        else if (onDisk.Count != 1)
        {
            problems.Add($"the signature covers one file, but the folder holds {onDisk.Count} unignored files ({string.Join(", ", onDisk.Keys.Order(StringComparer.Ordinal).Take(MaxProblemsNamed))}); verify the signed file itself");
        }

        throw new SignatureCheckFailedException(string.Join("; ", problems.Take(MaxProblemsNamed)));
    }

    /// <summary>Streamed SHA-256 with 1 MB reads from a pooled buffer (large reads keep hashing at disk speed).</summary>
    public static string Sha256Of(string path)
    {
        using var stream = RegularFile.OpenRead(path, FileOptions.SequentialScan, bufferSize: 0);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string RelativeName(string root, string path) =>
        Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>Every file below <paramref name="root"/>, without following links, with caps on count and depth.</summary>
    private static IEnumerable<(string Name, string FullPath, bool IsLink)> Walk(string root)
    {
        var pending = new Stack<(string Path, int Depth)>();
        pending.Push((root, 0));
        var seen = 0;
        while (pending.Count > 0)
        {
            var (directory, depth) = pending.Pop();
            foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
            {
                if (++seen > SigningLimits.MaxFolderEntries)
                {
                    throw new SignatureCheckFailedException($"the signed folder has more than {SigningLimits.MaxFolderEntries} entries");
                }

                var name = RelativeName(root, entry.FullName);
                var isLink = entry.LinkTarget is not null;
                if (entry is DirectoryInfo && !isLink)
                {
                    if (depth + 1 > SigningLimits.MaxFolderDepth)
                    {
                        throw new SignatureCheckFailedException($"the signed folder is nested deeper than {SigningLimits.MaxFolderDepth} levels");
                    }

                    pending.Push((entry.FullName, depth + 1));
                }
                else
                {
                    yield return (name, entry.FullName, isLink);
                }
            }
        }
    }

    /// <summary>Ignore paths as model_signing applies them: a path ignores itself and everything under it; '*' and '?' glob.</summary>
    private sealed class IgnoreRules(IEnumerable<string> paths)
    {
        private readonly List<string> patterns = paths
            .Select(p => p.Trim().Replace('\\', '/').TrimEnd('/'))
            .Select(p => p.StartsWith("./", StringComparison.Ordinal) ? p[2..] : p)
            .Where(p => p.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();

        public bool Matches(string name)
        {
            foreach (var pattern in patterns)
            {
                for (var prefix = name; prefix.Length > 0; prefix = ParentOf(prefix))
                {
                    if (prefix == pattern || FileSystemName.MatchesSimpleExpression(pattern, prefix, ignoreCase: false))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static string ParentOf(string name)
        {
            var slash = name.LastIndexOf('/');
            return slash < 0 ? "" : name[..slash];
        }
    }
}
