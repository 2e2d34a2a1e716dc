namespace TrustCheck.Core.Remote;

/// <summary>An integrity problem found in a store (TC3017): what is wrong, the file it is about, and the fix.</summary>
internal sealed record StoreProblem(string Message, string? Path);

/// <summary>
/// A model resolved in a local store: the reference, its immutable version, the files to read with the format readers,
/// the license texts, the digests the files must have, and what was wrong on the way.
/// </summary>
internal sealed class StoreModel
{
    public required ModelReference Reference { get; init; }

    /// <summary>Ollama: the manifest file. Hugging Face: the snapshot folder.</summary>
    public required string Path { get; init; }

    public bool IsFolder { get; init; }

    /// <summary>The immutable version: <c>sha256:&lt;hex&gt;</c> of the Ollama manifest, or the Hugging Face commit.</summary>
    public required string Revision { get; init; }

    /// <summary>Full paths of files the format readers inspect (Ollama model/projector/adapter layers; every snapshot file).</summary>
    public List<string> Files { get; } = new();

    /// <summary>Full path → the SHA-256 the file must have (Ollama layer digests, Hugging Face LFS blob names), checked after hashing.</summary>
    public Dictionary<string, string> ExpectedSha256 { get; } = new(StringComparer.Ordinal);

    /// <summary>Full path → the git blob SHA-1 a small (non-LFS) Hugging Face file's blob is named by, checked by reading the file.</summary>
    public Dictionary<string, string> ExpectedGitBlob { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Full path → git blob SHA-1 of the files whose content matched it, and of small plain copies in a Hugging Face
    /// snapshot (recorded in the lock beside the SHA-256).
    /// </summary>
    public Dictionary<string, string> VerifiedGitBlob { get; } = new(StringComparer.Ordinal);

    /// <summary>Full paths of Hugging Face snapshot files that are plain copies, not links into blobs/ (Windows without symlink rights).</summary>
    public HashSet<string> PlainCopies { get; } = new(StringComparer.Ordinal);

    public bool IsPlainCopy(string path) => PlainCopies.Contains(path);

    /// <summary>Files holding license or use-policy text (Ollama license layers, LICENSE files of a snapshot).</summary>
    public List<string> LicenseFiles { get; } = new();

    /// <summary>A name for each file as shown in the lock (the layer's media type role + digest, or the path in the snapshot).</summary>
    public Dictionary<string, string> FileNames { get; } = new(StringComparer.Ordinal);

    public List<StoreProblem> Problems { get; } = new();

    /// <summary>How to get a good copy again (<c>ollama pull …</c> / delete the cache entry and download again).</summary>
    public string Fix => StoreFix.For(Reference);
}

internal static class StoreFix
{
    public static string For(ModelReference reference) => reference.Kind == ModelStoreKind.Ollama
        ? $"Run 'ollama pull {reference.Canonical[ModelReference.OllamaPrefix.Length..]}' to fetch a good copy (or 'ollama rm' it first), then review and re-lock it."
        : $"Delete the cache folder models--{reference.Namespace}--{reference.Name} (or run 'huggingface-cli delete-cache') and download {reference.Namespace}/{reference.Name} again, then review and re-lock it.";
}

/// <summary>Result of resolving one reference: the model, or why it is not in this machine's store.</summary>
internal sealed record StoreLookup(StoreModel? Model, string? Missing, StoreProblem? Broken)
{
    public static StoreLookup Found(StoreModel model) => new(model, null, null);

    public static StoreLookup NotInStore(string why) => new(null, why, null);

    /// <summary>The store has the reference but it cannot be read (bad manifest, ref pointing nowhere): TC3017.</summary>
    public static StoreLookup Corrupt(string message, string? path) => new(null, null, new StoreProblem(message, path));
}
