using TrustCheck.Core.Reporting;

namespace TrustCheck.Core.Inventory;

/// <summary>Everything read from one extracted package folder. Problems are per-package, never fatal.</summary>
public sealed class PackageFacts
{
    /// <summary>The extracted package folder, or null when no package folder holds it.</summary>
    public string? InstallPath { get; init; }
    /// <summary>False when the nuspec is missing or unreadable: license and repository facts are then unknown, not "none".</summary>
    public bool ManifestRead { get; set; }
    public LicenseReport License { get; set; } = new();
    /// <summary>Set when the license is a file that could not be identified, e.g. "LICENSE.txt".</summary>
    public string? UnidentifiedLicenseFile { get; set; }
    /// <summary>Set when nothing declares the license and the package root holds a license file whose text matches no known license.</summary>
    public string? UndeclaredLicenseFile { get; set; }
    public RepositoryReport? Repository { get; set; }
    public string? ProjectUrl { get; set; }
    public string? Authors { get; set; }
    public SignatureReport Signature { get; set; } = new();
    /// <summary>False when .signature.p7s exists but could not be decoded.</summary>
    public bool SignatureReadable { get; set; } = true;
    public string? ContentHash { get; set; }
    public string? Source { get; set; }
    /// <summary>Things that could not be read (TC9004 messages, without the package subject).</summary>
    public List<string> Problems { get; } = new();
}
