namespace TrustCheck.Core.Provenance.ModelSigning;

public enum SignatureStatus
{
    /// <summary>No model.sig / &lt;file&gt;.sig found.</summary>
    Missing,
    /// <summary>Signature and every file digest verified.</summary>
    Valid,
    /// <summary>Present but fails: bad signature, wrong key, missing/extra/changed files, unparseable bundle.</summary>
    Invalid,
    /// <summary>
    /// Present and self-consistent (every file matches the signed digests and, where the bundle embeds its key or
    /// certificate, the signature verifies with it), but the policy holds no public key, CA or trust root for the
    /// bundle's signing method, so the signer is not anchored to anything trusted. Fix: configure models.signing.
    /// </summary>
    Unverified,
}

/// <param name="Status">The verdict.</param>
/// <param name="Message">What was verified or what failed (names the file or the check).</param>
/// <param name="SignaturePath">The bundle that was read, if any.</param>
/// <param name="NotChecked">What could not be verified offline (e.g. "RFC 3161 timestamp: no TSA in trust root").</param>
public sealed record SignatureVerification(SignatureStatus Status, string Message, string? SignaturePath, IReadOnlyList<string> NotChecked)
{
    /// <summary>certificate | key | sigstore, once the bundle was read; null when missing or unreadable.</summary>
    public string? Method { get; init; }

    /// <summary>Who signed, when known: the key hint / SHA-256 key fingerprint, the certificate subject, or the Sigstore identity and issuer.</summary>
    public string? Signer { get; init; }

    /// <summary>The folder or file the signature covers (the "signed model").</summary>
    public string? SignedPath { get; init; }
}
