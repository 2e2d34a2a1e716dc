using TrustCheck.Core.Policy;

namespace TrustCheck.Core.Provenance.ModelSigning;

public enum SignatureStatus
{
    /// <summary>No model.sig / &lt;file&gt;.sig found.</summary>
    Missing,
    /// <summary>Signature and every file digest verified.</summary>
    Valid,
    /// <summary>Present but fails: bad signature, wrong key, missing/extra/changed files, unparseable bundle.</summary>
    Invalid,
}

/// <param name="Status">The verdict.</param>
/// <param name="Message">What was verified or what failed (names the file or the check).</param>
/// <param name="SignaturePath">The bundle that was read, if any.</param>
/// <param name="NotChecked">What could not be verified offline (e.g. "RFC 3161 timestamp: no TSA in trust root").</param>
public sealed record SignatureVerification(SignatureStatus Status, string Message, string? SignaturePath, IReadOnlyList<string> NotChecked);

/// <summary>OpenSSF model signing (OMS): Sigstore bundle v0.3 + DSSE + in-toto, verified offline.</summary>
public static class ModelSignatureVerifier
{
    /// <summary>
    /// Verifies the signature of <paramref name="modelPath"/> (a folder with model.sig, or a file with &lt;file&gt;.sig beside it)
    /// against the keys, certificate chains, identities and trust root of <paramref name="policy"/> (paths resolved via the policy).
    /// </summary>
    public static SignatureVerification Verify(string modelPath, TrustCheckPolicy policy)
    {
        // Filled in by the signing work.
        return new SignatureVerification(SignatureStatus.Missing, "no signature", null, Array.Empty<string>());
    }
}
