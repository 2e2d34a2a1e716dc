namespace TrustCheck.Core.Provenance;

/// <summary>trustcheck.lock.json: the reviewed snapshot of package license facts and model files.</summary>
public sealed class TrustCheckLock
{
    public const string FileName = "trustcheck.lock.json";

    public int Version { get; set; } = 1;
    public List<LockedPackage> Packages { get; set; } = new();
    public List<LockedModel> Models { get; set; } = new();
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
