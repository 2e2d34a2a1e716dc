using TrustCheck.Core.Reporting;

namespace TrustCheck.Core.Diff;

/// <summary>What a change (a pull request) brings, against its base: the `trustcheck diff` result (schemaVersion 1).</summary>
public sealed class ProjectDiff
{
    public int SchemaVersion { get; init; } = 1;
    public required string Base { get; init; }
    /// <summary>True when the base is a lock: it records no findings, so none can be "fixed" (see docs/pull-requests.md).</summary>
    public bool BaseHasFindings { get; init; }
    public PackageChanges Packages { get; init; } = new();
    public ModelChanges Models { get; init; } = new();
    public FindingChanges Findings { get; init; } = new();
    /// <summary>The fresh check of the current state that the diff was computed from (SARIF writes its results).</summary>
    public required Report Current { get; init; }

    public bool HasNewErrors => Findings.New.Any(f => f.Severity == "error");
}

public sealed class PackageChanges
{
    public List<PackageEntry> Added { get; init; } = new();
    public List<PackageEntry> Removed { get; init; } = new();
    public List<PackageChange> Changed { get; init; } = new();
}

/// <param name="License">SPDX expression (or LicenseRef-…), null when unknown.</param>
public sealed record PackageEntry(string Id, string Version, string? License);

/// <summary>
/// A package whose version (or, at the same version, license/signature/repository) differs. Signature and repository
/// are null when the side does not record them (a lock) and are only written when they changed.
/// </summary>
public sealed record PackageChange(string Id, string From, string To, string? LicenseFrom, string? LicenseTo)
{
    public string? SignatureFrom { get; init; }
    public string? SignatureTo { get; init; }
    public string? RepositoryFrom { get; init; }
    public string? RepositoryTo { get; init; }

    public bool LicenseChanged => !string.Equals(LicenseFrom, LicenseTo, StringComparison.Ordinal);
    public bool SignatureChanged => SignatureFrom is not null && SignatureTo is not null && SignatureFrom != SignatureTo;
    public bool RepositoryChanged => RepositoryFrom is not null && RepositoryTo is not null && !string.Equals(RepositoryFrom, RepositoryTo, StringComparison.OrdinalIgnoreCase);
}

public sealed class ModelChanges
{
    public List<ModelEntry> Added { get; init; } = new();
    public List<ModelEntry> Removed { get; init; } = new();
    public List<ModelChange> Changed { get; init; } = new();
}

/// <param name="Path">Relative to the lock file's folder (the project folder), forward slashes.</param>
public sealed record ModelEntry(string Path, string? Sha256, string? License)
{
    public string? Format { get; init; }
    /// <summary>open-source | open-weights | restricted | unknown; null when the side does not record it (a lock).</summary>
    public string? Openness { get; init; }
}

public sealed record ModelChange(string Path, string? Sha256From, string? Sha256To, string? LicenseFrom, string? LicenseTo)
{
    public string? FormatFrom { get; init; }
    public string? FormatTo { get; init; }
    public string? OpennessFrom { get; init; }
    public string? OpennessTo { get; init; }

    public bool LicenseChanged => !string.Equals(LicenseFrom, LicenseTo, StringComparison.Ordinal);
    public bool FormatChanged => FormatFrom is not null && FormatTo is not null && FormatFrom != FormatTo;
    public bool OpennessChanged => OpennessFrom is not null && OpennessTo is not null && OpennessFrom != OpennessTo;
}

/// <summary>Findings by their fingerprint (<see cref="FindingFingerprint"/>): what the change introduced, fixed, or left as it was.</summary>
public sealed class FindingChanges
{
    /// <summary>New findings, and "updated" ones (same rule and subject as a base finding, different facts).</summary>
    public List<ReportFinding> New { get; init; } = new();
    public List<ReportFinding> Fixed { get; init; } = new();
    public int Unchanged { get; init; }
    /// <summary>SARIF baselineState per current finding: new, updated or unchanged.</summary>
    public Dictionary<ReportFinding, string> States { get; init; } = new(ReferenceEqualityComparer.Instance);
}
