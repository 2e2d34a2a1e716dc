using TrustCheck.Core.Models;

namespace TrustCheck.Core.Remote;

/// <summary>
/// TC3017 for a store model: the problems found while resolving it (missing layer, link outside blobs/, bad manifest …)
/// and every read file whose SHA-256 differs from the digest the store names it by. The hash is the one the model stage
/// computed while reading the file (through the hash cache), so verification costs no second read.
/// </summary>
internal static class StoreIntegrity
{
    public static void Check(CheckContext context, StoreModel model, IReadOnlyList<InspectedModelFile> files)
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
        }
    }
}
