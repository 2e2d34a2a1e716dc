namespace TrustCheck.Core.Provenance.ModelSigning;

/// <summary>The parts of a Sigstore bundle (v0.3 JSON) that OMS verification reads.</summary>
internal sealed record SigstoreBundle(string MediaType, BundleVerificationMaterial Material, DsseEnvelope Envelope);

/// <param name="PublicKeyRawBytes">publicKey.rawBytes (older key bundles embed the PEM); never trusted by itself.</param>
/// <param name="PublicKeyHint">publicKey.hint: v1.1.0 key bundles carry sha256 (hex) of the normalized public key PEM.</param>
/// <param name="CertificateChain">x509CertificateChain: leaf first, then intermediates (certificate method).</param>
/// <param name="Certificate">certificate: the single Fulcio leaf of a keyless Sigstore bundle.</param>
internal sealed record BundleVerificationMaterial(
    bool HasPublicKey,
    byte[]? PublicKeyRawBytes,
    string? PublicKeyHint,
    IReadOnlyList<byte[]> CertificateChain,
    byte[]? Certificate,
    IReadOnlyList<TlogEntry> TlogEntries,
    IReadOnlyList<byte[]> Rfc3161Timestamps);

/// <summary>A Rekor transparency log entry as carried in the bundle.</summary>
internal sealed record TlogEntry(
    long LogIndex,
    byte[] LogKeyId,
    string Kind,
    string KindVersion,
    long IntegratedTime,
    byte[]? SignedEntryTimestamp,
    InclusionProof? InclusionProof,
    string CanonicalizedBodyBase64,
    byte[] CanonicalizedBody);

internal sealed record InclusionProof(long LogIndex, long TreeSize, byte[] RootHash, IReadOnlyList<byte[]> Hashes, string? Checkpoint);

/// <summary>A DSSE envelope with its one signature.</summary>
internal sealed record DsseEnvelope(byte[] Payload, string PayloadType, byte[] Signature);
