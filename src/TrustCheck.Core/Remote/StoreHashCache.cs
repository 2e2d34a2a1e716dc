namespace TrustCheck.Core.Remote;

/// <summary>
/// Where a run without a project (a CLI scan of store references) keeps the hash cache: next to the online cache
/// ($TRUSTCHECK_CACHE_DIR, else the user's local application data/trustcheck), so a second scan of multi-GB blobs reads no weights.
/// </summary>
internal static class StoreHashCache
{
    public const string FileName = "store-hashes.tsv";

    public static string DefaultPath() =>
        Path.Combine(Path.GetDirectoryName(Online.OnlineCache.DefaultDirectory().TrimEnd(Path.DirectorySeparatorChar))!, FileName);
}
