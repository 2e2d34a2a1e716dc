namespace TrustCheck.Core.Provenance.ModelSigning;

/// <summary>Hard caps so that a hostile bundle or folder cannot drive allocation or run time.</summary>
internal static class SigningLimits
{
    /// <summary>Real OMS bundles are a few KB; anything above this is rejected before reading.</summary>
    public const long MaxBundleBytes = 16L * 1024 * 1024;

    /// <summary>Policy key / certificate / trust root files are small PEM or JSON.</summary>
    public const long MaxTrustFileBytes = 4L * 1024 * 1024;

    public const int MaxJsonDepth = 64;
    public const int MaxCertificatesInBundle = 10;
    public const int MaxTlogEntries = 16;
    public const int MaxSignedFiles = 1_000_000;
    public const int MaxInclusionProofHashes = 64;

    /// <summary>Files walked in one signed folder (signed plus unsigned), and the folder depth.</summary>
    public const int MaxFolderEntries = 1_000_000;
    public const int MaxFolderDepth = 64;
}
