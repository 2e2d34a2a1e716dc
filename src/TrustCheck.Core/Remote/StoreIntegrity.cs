using TrustCheck.Core.FileSystem;
using TrustCheck.Core.Models;
using TrustCheck.Core.Provenance;

namespace TrustCheck.Core.Remote;

/// <summary>
/// TC3017 for a store model: the problems found while resolving it (missing layer, link outside blobs/, bad manifest …)
/// and every read file whose SHA-256 differs from the digest the store names it by. The hash is the one the model stage
/// computed while reading the file (through the hash cache), so verification costs no second read. Small (non-LFS) Hugging
/// Face files are named by their git blob SHA-1 instead: that one is computed here (bounded, cached like the SHA-256).
/// </summary>
internal static class StoreIntegrity
{
    /// <summary>Git keeps files this small out of LFS on the hub (10 MB); a bigger "small file" is still hashed, up to this.</summary>
    internal const long MaxGitBlobBytes = 256L * 1024 * 1024;

    public static void Check(CheckContext context, StoreModel model, IReadOnlyList<InspectedModelFile> files, HashCache hashes)
    {
        foreach (var problem in model.Problems)
        {
            RemoteModelDiscovery.ReportProblem(context, model.Reference, problem);
        }

        foreach (var file in files)
        {
            if (model.ExpectedSha256.TryGetValue(file.FullPath, out var expected) && file.Sha256 is { } actual
                && !string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                var name = model.FileNames.GetValueOrDefault(file.FullPath, file.DisplayPath);
                RemoteModelDiscovery.ReportProblem(context, model.Reference, new StoreProblem(
                    $"{name}: the blob has SHA-256 {actual}, not the {expected} the store names it by: it was changed or corrupted after download.", file.FullPath));
            }

            if (model.ExpectedGitBlob.TryGetValue(file.FullPath, out var blob))
            {
                CheckGitBlob(context, model, file, blob, hashes);
            }
            else if (model.IsPlainCopy(file.FullPath) && file.Size <= MaxCopyGitBlobBytes)
            {
                // A plain copy (Windows) names no hash; its git blob id still lets a lock pinned through the hub's API,
                // which knows small files only by that id, be compared with it.
                RecordGitBlob(model, file, hashes);
            }
        }
    }

    /// <summary>The hub keeps files above 10 MB in LFS (named by SHA-256); only smaller copies can be small git files.</summary>
    internal const long MaxCopyGitBlobBytes = 10L * 1024 * 1024;

    private static void RecordGitBlob(StoreModel model, InspectedModelFile file, HashCache hashes)
    {
        try
        {
            model.VerifiedGitBlob[file.FullPath] = hashes.GetGitBlobSha1(RegularFile.Inspect(file.FullPath));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The inspector already reported a file it could not read; the lock keeps its SHA-256.
        }
    }

    private static void CheckGitBlob(CheckContext context, StoreModel model, InspectedModelFile file, string expected, HashCache hashes)
    {
        var name = model.FileNames.GetValueOrDefault(file.FullPath, file.DisplayPath);
        string actual;
        try
        {
            var regular = RegularFile.Inspect(file.FullPath);
            if (regular.Length > MaxGitBlobBytes)
            {
                RemoteModelDiscovery.ReportProblem(context, model.Reference, new StoreProblem(
                    $"{name}: the blob is named by a git SHA-1, which only small files have, but holds {regular.Length} bytes; it was not verified.", file.FullPath));
                return;
            }

            actual = hashes.GetGitBlobSha1(regular);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotRegularFileException)
        {
            return; // The inspector already reported a file it could not read.
        }

        if (string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
        {
            model.VerifiedGitBlob[file.FullPath] = actual;
            return;
        }

        RemoteModelDiscovery.ReportProblem(context, model.Reference, new StoreProblem(
            $"{name}: the blob has git blob SHA-1 {actual}, not the {expected} the cache names it by: it was changed or corrupted after download.", file.FullPath));
    }
}
