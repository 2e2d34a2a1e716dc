using TrustCheck.Core.Rules;

namespace TrustCheck.Core.Policy;

/// <summary>The parsed <c>trustcheck.json</c> (shape: contract.md). A missing file means <see cref="Default"/>.</summary>
public sealed class TrustCheckPolicy
{
    /// <summary>Full path of the file this policy came from; null for built-in defaults. Relative paths in the policy resolve against its folder.</summary>
    public string? SourcePath { get; set; }
    public LicensePolicy Licenses { get; set; } = new();
    public PackagePolicy Packages { get; set; } = new();
    public ModelPolicy Models { get; set; } = new();
    /// <summary>Rule severity overrides, e.g. { "TC2004": none }.</summary>
    public Dictionary<string, RuleSeverity> Rules { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public static TrustCheckPolicy Default => new();

    public string? BaseDirectory => SourcePath is null ? null : Path.GetDirectoryName(SourcePath);

    public string ResolvePath(string path) =>
        Path.IsPathRooted(path) || BaseDirectory is null ? path : Path.GetFullPath(Path.Combine(BaseDirectory, path));
}

public sealed class LicensePolicy
{
    /// <summary>SPDX ids or patterns (<c>LicenseRef-*</c>, <c>LicenseRef-*-NC</c>). Empty = everything not denied is allowed.</summary>
    public List<string> Allow { get; set; } = new();
    public List<string> Deny { get; set; } = new();
    /// <summary>Severity for licenses that cannot be determined (TC1002/TC3004).</summary>
    public RuleSeverity Unknown { get; set; } = RuleSeverity.Warning;
}

public sealed class PackagePolicy
{
    public List<string> TrustedSources { get; set; } = new();
    /// <summary>SHA-256 certificate fingerprints (hex), like NuGet's trustedSigners.</summary>
    public List<string> TrustedSigners { get; set; } = new();
    public List<PackageOverride> Overrides { get; set; } = new();
}

/// <summary>"Id@VersionRange": { "license": "MIT", "reason": "…" } — VersionRange uses NuGet range syntax; null = any version.</summary>
public sealed record PackageOverride(string Id, string? VersionRange, string? License, string Reason);

public sealed class ModelPolicy
{
    public bool RequireLock { get; set; } = true;
    public bool RequireSignature { get; set; }
    /// <summary>null = any format.</summary>
    public List<string>? AllowFormats { get; set; }
    /// <summary>open-source | open-weights | restricted | null.</summary>
    public string? MinimumOpenness { get; set; }
    public SigningPolicy Signing { get; set; } = new();
    /// <summary>Ollama model store for ollama: references instead of OLLAMA_MODELS / ~/.ollama/models (relative to the policy file).</summary>
    public string? OllamaStore { get; set; }
    /// <summary>Hugging Face hub cache for hf: references instead of HF_HUB_CACHE / HF_HOME … (relative to the policy file).</summary>
    public string? HuggingFaceCache { get; set; }
}

public sealed class SigningPolicy
{
    public List<string> PublicKeys { get; set; } = new();
    public List<string> CertificateChains { get; set; } = new();
    public List<SigstoreIdentity> SigstoreIdentities { get; set; } = new();
    /// <summary>Optional Sigstore trusted root / trust config JSON used for offline keyless verification.</summary>
    public string? TrustRoot { get; set; }
    public List<string> IgnorePaths { get; set; } = new();
}

public sealed record SigstoreIdentity(string Identity, string Issuer);
