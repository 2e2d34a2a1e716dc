namespace TrustCheck.Core.Provenance;

/// <summary>trustcheck.lock.json: the reviewed snapshot of package license facts and model files.</summary>
public sealed class TrustCheckLock
{
    public const string FileName = "trustcheck.lock.json";

    public int Version { get; set; } = 1;
    public List<LockedPackage> Packages { get; set; } = new();
    public List<LockedModel> Models { get; set; } = new();
    /// <summary>Remote models (Ollama store, Hugging Face cache) by reference; left out of the file when there are none.</summary>
    public List<LockedReference>? References { get; set; }
}

/// <summary>A remote model as reviewed: the reference, what it resolved to, its files' hashes and its license.</summary>
public sealed class LockedReference
{
    /// <summary>Canonical reference, e.g. <c>ollama:llama3.1:8b</c>, <c>hf:Qwen/Qwen2.5-0.5B-Instruct</c>.</summary>
    public required string Reference { get; set; }
    /// <summary>Ollama manifest digest (<c>sha256:…</c>) or Hugging Face commit.</summary>
    public required string Revision { get; set; }
    public string? License { get; set; }
    /// <summary>text | metadata | model-card | family: where the license was read.</summary>
    public string? LicenseKind { get; set; }
    public string? Format { get; set; }
    public List<LockedReferenceFile> Files { get; set; } = new();
}

/// <summary>
/// One file of a locked remote model: Ollama layer (<c>model:sha256:…</c>) or path in the Hugging Face snapshot. A file
/// pinned through the hub's API without being downloaded has no SHA-256 unless it is an LFS file; small git files are
/// pinned by their git blob SHA-1 (<see cref="GitBlob"/>), which is also the name of their blob in the local cache.
/// </summary>
public sealed class LockedReferenceFile
{
    public required string Name { get; set; }
    public long Size { get; set; }
    public string? Sha256 { get; set; }
    /// <summary>Git blob SHA-1 of a small (non-LFS) Hugging Face file: <c>sha1("blob {size}\0" + content)</c>.</summary>
    public string? GitBlob { get; set; }
}

public sealed class LockedPackage
{
    public required string Id { get; set; }
    public required string Version { get; set; }
    /// <summary>SPDX expression or LicenseRef; null when unknown.</summary>
    public string? License { get; set; }
    public string? LicenseKind { get; set; }
    public string? ContentHash { get; set; }
}

public sealed class LockedModel
{
    /// <summary>Relative to the lock file's folder, forward slashes.</summary>
    public required string Path { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public string? Source { get; set; }
    public string? Revision { get; set; }
    public string? License { get; set; }
    public string? Format { get; set; }
}
